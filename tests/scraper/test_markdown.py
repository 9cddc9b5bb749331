"""Article -> Pelican Markdown: header shape, escaping, figures, determinism."""

import dataclasses
import re

import markdown as md
import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from archive_core.dates import parse_vn_date
from archive_core.models import OtherNewsItem
from pelicanconf import MARKDOWN  # the site's own Markdown settings
from scraper.htmlmd import escape_block_start, escape_inline, figure_block
from scraper.markdown import article_to_json, render_markdown, rewrite_images
from scraper.models import Article, Image

CONFIGS = MARKDOWN["extension_configs"]
EXTENSIONS = list(CONFIGS)


def to_html(text: str) -> str:
    return md.Markdown(
        extensions=EXTENSIONS, extension_configs=CONFIGS, output_format="html5"
    ).convert(text)


def article(**changes) -> Article:
    base = Article(
        title="Nâng cao hiệu quả hoạt động Tổ công tác đặc biệt",
        date=parse_vn_date("28/05/2025 08:52"),
        body_markdown="Đoạn một.\n\nĐoạn hai.\n",
        source_url="https://longan.dcs.vn/tin/1.html",
        modified=parse_vn_date("29/05/2025 09:00"),
        authors=["Trường Phúc"],
        summary="Hội nghị lần thứ 19 (khóa XI).",
        category="Tin hoạt động",
        tags=["Đầu tư công", "Dự án"],
        other_news=[
            OtherNewsItem("Long An: Tin A", parse_vn_date("28/05/2025"), "https://longan.dcs.vn/a"),
            OtherNewsItem("Thông báo (02/9/1945 - 02/9/2022)", None, None),
            OtherNewsItem("Long An: Tin A", None, None),
        ],
        portal="longan",
        captured=parse_vn_date("2025-06-01T10:00:00+07:00"),
    )
    return dataclasses.replace(base, **changes)


def test_header_keys_order_and_values() -> None:
    text = render_markdown(article())
    header, body = text.split("\n\n", 1)
    assert header.split("\n") == [
        "Title: Nâng cao hiệu quả hoạt động Tổ công tác đặc biệt",
        "Date: 2025-05-28T08:52:00+07:00",
        "Modified: 2025-05-29T09:00:00+07:00",
        "Category: Tin hoạt động",
        "Tags: Đầu tư công, Dự án",
        "Authors: Trường Phúc",
        "Slug: nang-cao-hieu-qua-hoat-dong-to-cong-tac-dac-biet",
        r"Summary: Hội nghị lần thứ 19 (khóa XI).",
        "Lang: vi",
        "Source: https://longan.dcs.vn/tin/1.html",
        "Captured: 2025-06-01T10:00:00+07:00",
        "Portal: longan",
        "Other_news: Long An: Tin A (28/05/2025) <https://longan.dcs.vn/a>",
        "    Thông báo (02/9/1945 - 02/9/2022)",
        "    Long An: Tin A",
    ]
    assert body == "Đoạn một.\n\nĐoạn hai.\n"


def test_header_is_read_back_by_python_markdown_meta() -> None:
    conv = md.Markdown(
        extensions=[*EXTENSIONS, "markdown.extensions.meta"], extension_configs=CONFIGS
    )
    conv.convert(render_markdown(article()))
    assert conv.Meta["other_news"] == [
        "Long An: Tin A (28/05/2025) <https://longan.dcs.vn/a>",
        "Thông báo (02/9/1945 - 02/9/2022)",
        "Long An: Tin A",
    ]
    assert conv.Meta["title"] == ["Nâng cao hiệu quả hoạt động Tổ công tác đặc biệt"]


def test_empty_fields_are_omitted_and_output_is_deterministic() -> None:
    bare = article(modified=None, authors=[], tags=[], category="", other_news=[], captured=None)
    text = render_markdown(bare)
    for key in ("Modified:", "Authors:", "Tags:", "Category:", "Other_news:", "Captured:"):
        assert key not in text
    assert render_markdown(bare).encode() == text.encode()
    assert text.endswith("\n") and not text.endswith("\n\n")


def test_no_date_is_refused() -> None:
    with pytest.raises(ValueError, match="no date"):
        render_markdown(article(date=None))


def test_header_values_cannot_inject_html_or_lines() -> None:
    text = render_markdown(
        article(
            title="A <script>alert(1)</script>\nSlug: evil",
            summary="[x](javascript:alert(1)) <img src=x onerror=alert(1)>",
        )
    )
    lines = text.split("\n")
    assert lines[0] == "Title: A &lt;script&gt;alert(1)&lt;/script&gt; Slug: evil"
    assert sum(1 for line in lines if line.startswith("Slug:")) == 1
    html = to_html(lines[7].removeprefix("Summary: "))
    assert "<a" not in html and "<img" not in html


DANGEROUS = [
    "[click](javascript:alert(1))",
    "![x](javascript:alert(1))",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<http://evil.example>",
    "{{ config }} {% raw %} {static}/x",
    "# not a heading",
    "- not a list",
    "1. not a list",
    "> not a quote",
    "*not emphasis* _nor this_ `nor code`",
    "a | b\n--- | ---",
    "[^1]: not a footnote",
    "&lt;script&gt; &amp; &#60;b&#62;",
    "Chú thích -- và ... ba chấm",
]


@pytest.mark.parametrize("text", DANGEROUS)
def test_portal_text_stays_text(text: str) -> None:
    line = " ".join(text.split())
    html = to_html(escape_block_start(escape_inline(line)))
    soup = BeautifulSoup(html, "html.parser")
    assert [t.name for t in soup.find_all(True)] == ["p"]
    assert soup.get_text() == line


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("ab đẠ<>&;#*_[]()!`{}|\\-+.:=~^\"'0123456789")),
        min_size=1,
        max_size=40,
    )
)
def test_escaped_text_round_trips_through_python_markdown(text: str) -> None:
    line = " ".join(text.split())
    if not line:
        return
    html = to_html(escape_block_start(escape_inline(line)))
    soup = BeautifulSoup(html, "html.parser")
    assert {t.name for t in soup.find_all(True)} <= {"p"}
    assert soup.get_text() == line


def test_figure_blocks() -> None:
    assert figure_block("{static}/images/longan/a.jpg", 'Ảnh "A" & <B>', "") == (
        '<figure>\n<img src="{static}/images/longan/a.jpg" alt="">\n'
        "<figcaption>Ảnh &quot;A&quot; &amp; &lt;B&gt;</figcaption>\n</figure>"
    )
    assert figure_block(None, "Chú thích") == (
        '<figure class="no-image">\n<figcaption>Chú thích</figcaption>\n</figure>'
    )
    assert figure_block(None, "") == ""
    # A remote image is never embedded (CSP img-src 'self'): caption + link to the original.
    remote = figure_block("https://cdn.example/a.jpg", "Chú thích")
    assert "<img" not in remote and 'href="https://cdn.example/a.jpg"' in remote
    html = to_html("Trước.\n\n" + remote + "\n\nSau.")
    assert "<figure" in html and "<p>Sau.</p>" in html


def test_rewrite_images_points_figures_at_local_copies() -> None:
    src = "https://cdn.example/a.jpg"
    art = article(
        body_markdown="Một.\n\n" + figure_block(src, "Chú thích") + "\n\nHai.\n",
        images=[Image(src=src, caption="Chú thích")],
    )
    local = rewrite_images(art, {src: "{static}/images/longan/a.jpg"})
    assert local.images[0].src == "{static}/images/longan/a.jpg"
    assert figure_block("{static}/images/longan/a.jpg", "Chú thích") in local.body_markdown
    assert src not in local.body_markdown


def test_json_keys_exactly_as_design() -> None:
    data = article_to_json(article(images=[Image(src="https://a/b.jpg", caption="c")]))
    assert list(data) == [
        "title",
        "date",
        "modified",
        "authors",
        "summary",
        "category",
        "tags",
        "body_markdown",
        "images",
        "other_news",
        "source_url",
        "lang",
    ]
    assert data["images"] == [{"src": "https://a/b.jpg", "caption": "c"}]
    assert data["other_news"][0] == {
        "title": "Long An: Tin A",
        "date": "2025-05-28T00:00:00+07:00",
        "url": "https://longan.dcs.vn/a",
    }
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00", data["date"])


def test_list_values_survive_pelican_splitting() -> None:
    text = render_markdown(article(tags=["<b>thẻ</b>", "A, B", "x; y & z"], authors=["TP"]))
    line = next(line for line in text.split("\n") if line.startswith("Tags: "))
    assert ";" not in line and "<" not in line and "&" not in line
    assert line == "Tags: ‹b›thẻ‹/b›, A‚ B, x； y ＆ z"
