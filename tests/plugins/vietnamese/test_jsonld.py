"""NewsArticle JSON-LD: fields, and JSON that cannot break out of its <script> element."""

from __future__ import annotations

import json
from datetime import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plugins.vietnamese.jsonld import article_json_ld, news_article, script_json

VN = ZoneInfo("Asia/Ho_Chi_Minh")
PUBLISHED = datetime(2025, 5, 28, 8, 0, tzinfo=VN)


@pytest.mark.parametrize(
    "hostile",
    [
        "</script><script>alert(1)</script>",
        "<!-- <script>",
        "a & b > c < d",
        "line\u2028separator\u2029paragraph",
        '"quoted" \\ backslash',
    ],
)
def test_script_json_escapes_what_could_end_the_element(hostile):
    text = script_json({"headline": hostile})
    assert "<" not in text and ">" not in text and "&" not in text
    assert "\u2028" not in text and "\u2029" not in text
    assert json.loads(text) == {"headline": hostile}


@given(st.recursive(st.text(), lambda inner: st.lists(inner, max_size=3), max_leaves=8))
def test_script_json_round_trips_any_text(value):
    text = script_json({"v": value})
    assert "</" not in text.lower()
    assert json.loads(text) == {"v": value}


def test_script_json_is_stable():
    assert script_json({"b": 1, "a": "Đảng"}) == '{"a":"Đảng","b":1}'


def test_news_article_fields():
    data = news_article(
        headline="Tiêu đề",
        url="https://example.org/2025/05/tieu-de/",
        published=PUBLISHED,
        authors=["Trường Phúc", ""],
        description="Đoạn mở đầu",
        section="Tin hoạt động",
        keywords=["Đầu tư công"],
        publisher="Cổng thông tin điện tử Tỉnh ủy Long An",
        source_url="https://longan.dcs.vn/",
    )
    assert data["@type"] == "NewsArticle"
    assert data["@context"] == "https://schema.org"
    assert data["datePublished"] == "2025-05-28T08:00:00+07:00"
    assert data["dateModified"] == data["datePublished"]
    assert data["author"] == [{"@type": "Person", "name": "Trường Phúc"}]
    assert data["publisher"]["name"] == "Cổng thông tin điện tử Tỉnh ủy Long An"
    assert data["isBasedOn"] == "https://longan.dcs.vn/"
    assert data["inLanguage"] == "vi"


def test_news_article_leaves_out_empty_fields():
    data = news_article(headline="T", url="https://example.org/t/", published=PUBLISHED)
    for key in ("author", "description", "articleSection", "keywords", "publisher", "isBasedOn"):
        assert key not in data


def test_article_json_ld_reads_a_pelican_like_article():
    article = SimpleNamespace(
        title="Tin <em>mới</em> & cũ",
        url="2025/05/tin-moi/",
        date=PUBLISHED,
        modified=datetime(2025, 5, 29, 9, 0, tzinfo=VN),
        authors=["Trường Phúc"],
        category="Tin hoạt động",
        tags=["Đầu tư công", "Dự án trọng điểm"],
        lang="vi",
        metadata={"summary": "<p>Đoạn &amp; mở đầu</p>", "source": "https://longan.dcs.vn/a"},
    )
    text = article_json_ld(article, "https://example.org/luu-tru/", "Lưu trữ bản tin")
    data = json.loads(text)
    assert data["headline"] == "Tin mới & cũ"  # Pelican titles are HTML text
    assert data["url"] == "https://example.org/luu-tru/2025/05/tin-moi/"
    assert data["description"] == "Đoạn & mở đầu"
    assert data["dateModified"] == "2025-05-29T09:00:00+07:00"
    assert data["keywords"] == ["Đầu tư công", "Dự án trọng điểm"]
    assert data["articleSection"] == "Tin hoạt động"
    assert "&" not in text
