"""Article data, fragments and digests (plugins/search_index/records)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

import pytest

from archive_core.text import collapse_whitespace
from plugins.search_index.records import (
    RawArticle,
    body_text_and_image,
    collapse,
    cut_text,
    first_image,
    html_to_text,
    raw_article,
    raw_digest,
)

ICT = timezone(timedelta(hours=7))


def test_html_to_text_and_first_image():
    assert html_to_text("<p>Đảng <b>bộ</b></p><script>x()</script><p>tỉnh</p>") == "Đảng bộ tỉnh"
    assert html_to_text("<style>p{}</style><template>t</template>a &amp; b") == "a & b"
    body = '<p>x</p><img src="../../../images/a.jpg"><img src="b.jpg">'
    assert first_image(body, "2025/05/slug/") == "images/a.jpg"
    assert first_image('<img src="https://x.vn/a.jpg">', "a/") == "https://x.vn/a.jpg"
    assert first_image('<img src="data:image/png;base64,AAA">', "a/") == ""
    assert first_image('<img src="/images/b.jpg">', "a/") == "images/b.jpg"
    assert first_image('<img src="../../../../x.jpg">', "2025/05/slug/") == ""
    assert first_image("<p>no image</p>", "a/") == ""


@pytest.mark.parametrize(
    "content",
    [
        "",
        "plain text",
        '<p>Một</p><img src="a.jpg"><p>hai</p>',
        "<p>a\u200bb\u00a0c</p>",
        "<div><script>x</script><img src='https://h.vn/i.png'></div>",
    ],
)
def test_body_text_and_image_equal_the_two_functions(content):
    assert body_text_and_image(content, "2025/05/s/") == (
        html_to_text(content),
        first_image(content, "2025/05/s/"),
    )


@pytest.mark.parametrize(
    "text",
    ["a  b", " a\u00a0b\u2009c ", "Đa\u0309ng", "x\u200by", "t\x01u", "l1\nl2\r\nl3", ""],
)
def test_collapse_equals_collapse_whitespace(text):
    assert collapse(text) == collapse_whitespace(text)


def test_cut_text_at_a_space():
    assert cut_text("một hai ba", 100) == "một hai ba"
    assert cut_text("một hai ba bốn", 9) == "một hai"
    assert cut_text("x" * 20, 10) == "x" * 10


def test_raw_article_from_a_pelican_like_article():
    article = SimpleNamespace(
        url="2025/05/x/",
        title="Tiêu đề",
        date=datetime(2025, 5, 1, tzinfo=ICT),
        category=SimpleNamespace(name="Kinh tế"),
        tags=[SimpleNamespace(name="đầu tư công")],
        metadata={"summary": "<p>Lead</p>"},
        content="<p>Body</p>",
    )
    raw = raw_article(article)
    assert raw.topics == ("đầu tư công",) and raw.category == "Kinh tế"
    assert raw_article(article, topic_fallback_to_tags=False).topics == ()
    article.archive_topics = [SimpleNamespace(name="Kinh tế và đầu tư")]
    assert raw_article(article).topics == ("Kinh tế và đầu tư",)


def test_digest_changes_with_every_input_and_the_settings():
    raw = RawArticle(
        url="2025/05/x/",
        title="T",
        date=datetime(2025, 5, 1, tzinfo=ICT),
        category="C",
        topics=("a",),
        summary="S",
        content="B",
    )
    base = raw_digest(raw, "k")
    assert raw_digest(raw, "k") == base
    changes = [
        {"url": "2025/05/y/"},
        {"title": "T2"},
        {"date": datetime(2025, 5, 2, tzinfo=ICT)},
        {"category": "D"},
        {"topics": ("b",)},
        {"summary": "S2"},
        {"content": "B2"},
        {"topics": ("a", "")},
    ]
    digests = {raw_digest(replace(raw, **change), "k") for change in changes}
    assert base not in digests and len(digests) == len(changes)
    assert raw_digest(raw, "other") != base
    # fields do not run into each other
    assert raw_digest(replace(raw, title="TS", summary=""), "k") != raw_digest(
        replace(raw, title="T", summary="S"), "k"
    )
