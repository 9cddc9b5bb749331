"""Extraction of the real pages in tests/fixtures/real-pages against their .expected.json."""

import json
import re
from datetime import date

import pytest

from scraper.extract import ExtractionError, extract_article, extract_listing
from scraper.profiles import load_profile
from tests.support.paths import REAL_PAGES

BCP_URL = "https://baochinhphu.vn/chinh-sach-moi-co-hieu-luc-tu-thang-3-2026-102260228093004191.htm"
BCP_LIST_URL = "https://baochinhphu.vn/chinh-sach-va-cuoc-song/chinh-sach-moi.htm"
ND_URL = "https://nhandan.vn/danh-bai-argentina-tay-ban-nha-vo-dich-world-cup-lan-thu-hai-post976641.html"


def body_paragraphs(markdown: str) -> list[str]:
    """Running-text blocks: not headings, figures, tables, rules or comments; list items count."""
    out = []
    for block in markdown.split("\n\n"):
        block = block.strip()
        if not block or block.startswith(("#", "<figure", "<table", "<!--", "* * *")):
            continue
        if block.startswith(("- ", "1. ")):
            out.extend(block.split("\n"))
        else:
            out.append(block)
    return out


def plain(markdown: str) -> str:
    """Markdown text with link syntax and escapes removed (for comparing words)."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    return re.sub(r"\\(.)", r"\1", text).replace("**", "")


def expected(name: str) -> dict:
    return json.loads((REAL_PAGES / f"{name}.expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def bcp():
    html = (REAL_PAGES / "baochinhphu_article.html").read_bytes()
    return extract_article(html, load_profile("baochinhphu"), url=BCP_URL)


@pytest.fixture(scope="module")
def nhandan():
    html = (REAL_PAGES / "nhandan_article.html").read_bytes()
    return extract_article(html, None, url=ND_URL)


@pytest.fixture(scope="module")
def nhandan_profile():
    html = (REAL_PAGES / "nhandan_article.html").read_bytes()
    return extract_article(html, load_profile("nhandan"), url=ND_URL)


@pytest.fixture(params=["bcp", "nhandan-generic", "nhandan-profile"])
def case(request, bcp, nhandan, nhandan_profile):
    articles = {"bcp": bcp, "nhandan-generic": nhandan, "nhandan-profile": nhandan_profile}
    name = "baochinhphu_article" if request.param == "bcp" else "nhandan_article"
    return articles[request.param], expected(name)


def test_title_date_authors_lead_category(case) -> None:
    article, want = case
    assert article.title == want["title"]
    assert article.date.isoformat() == want["date"]
    assert article.authors == want["authors"]
    assert article.summary == want["lead"]
    assert article.category == want["category"]


def test_body_first_last_words_and_paragraph_count(case) -> None:
    article, want = case
    paragraphs = [plain(p) for p in body_paragraphs(article.body_markdown)]
    # nhandan: the match-facts note box before the first running paragraph may be kept.
    first = next(i for i, p in enumerate(paragraphs) if p.startswith(want["body_first"][:20]))
    assert paragraphs[first].startswith(want["body_first"])
    assert paragraphs[-1].endswith(want["body_last"])
    assert len(paragraphs) - first == want["body_paragraphs"]


def test_captions_are_figures_not_paragraphs(case) -> None:
    article, want = case
    assert [img.caption for img in article.images if img.caption] == want["captions"]
    text = " ".join(body_paragraphs(article.body_markdown))
    for caption in want["captions"]:
        assert plain(caption) not in plain(text)
        assert f"<figcaption>{caption}" in article.body_markdown


def test_nothing_leaks_into_body_or_lead(case) -> None:
    article, want = case
    body = plain(article.body_markdown)
    for needle in want["must_not_contain"]:
        assert needle not in body
        assert needle not in article.summary


def test_related_items(case) -> None:
    article, want = case
    got = [(item.title, item.date.date() if item.date else None) for item in article.other_news]
    wanted = [
        (item["title"], date.fromisoformat(item["date"]) if item["date"] else None)
        for item in want["related"]
    ]
    assert got == wanted
    assert all(item.url and item.url.startswith("https://") for item in article.other_news)


def test_baochinhphu_every_other_field(bcp) -> None:
    assert bcp.modified.isoformat() == "2026-03-01T09:54:00+07:00"
    assert bcp.slug == "chinh-sach-moi-co-hieu-luc-tu-thang-3-2026"
    assert bcp.portal == "baochinhphu" and bcp.source_url == BCP_URL
    assert bcp.other_news[0].url == (
        "https://baochinhphu.vn/chinh-sach-moi-co-hieu-luc-tu-thang-2-2026-102260131215205259.htm"
    )
    # Subheadings (8 h2, 1 h3, 1 bold paragraph) are headings, not paragraphs.
    headings = [b for b in bcp.body_markdown.split("\n\n") if b.startswith("#")]
    assert len(headings) == 10
    # Both photos have empty (noCaption) figcaptions: figures without caption.
    assert len(bcp.images) == 2 and all(img.src.startswith("https://bcp.") for img in bcp.images)
    assert "<script" not in bcp.body_markdown and "<svg" not in bcp.body_markdown


def test_baochinhphu_listing_page() -> None:
    html = (REAL_PAGES / "baochinhphu_list.html").read_bytes()
    page = extract_listing(html, load_profile("baochinhphu"), url=BCP_LIST_URL)
    assert len(page.items) >= 15
    assert len({item.url for item in page.items}) == len(page.items)
    first = page.items[0]
    assert first.title == "Mỗi giáo viên mầm non không kiêm nhiệm quá 2 nhiệm vụ"
    assert first.url == (
        "https://baochinhphu.vn/moi-giao-vien-mam-non-khong-kiem-nhiem-qua-2-nhiem-vu"
        "-102260305092012481.htm"
    )
    assert first.date.isoformat() == "2026-03-05T15:34:00+07:00"
    dated = [item for item in page.items if item.date is not None]
    assert len(dated) >= 15 and all(item.date.minute or item.date.hour for item in dated)


@pytest.mark.parametrize(
    ("html", "reason"),
    [
        (
            "<html><body><h1 data-role='title'>Tiêu đề</h1>"
            "<div data-role='content'><p>Nội dung</p></div></body></html>",
            "no date",
        ),
        (
            "<html><body><div data-role='publishdate'>28/05/2025 08:52</div>"
            "<div data-role='content'><p>Nội dung</p></div></body></html>",
            "no title",
        ),
        (
            "<html><body><h1 data-role='title'>Tiêu đề</h1><div data-role='publishdate'>"
            "không rõ ngày</div><div data-role='content'><p>x</p></div></body></html>",
            "no date",
        ),
    ],
)
def test_page_without_title_or_date_is_refused_with_reason(html: str, reason: str) -> None:
    with pytest.raises(ExtractionError) as err:
        extract_article(html, load_profile("baochinhphu"), url="https://baochinhphu.vn/x-1.htm")
    assert err.value.reason.startswith(reason)
    assert "https://baochinhphu.vn/x-1.htm" in str(err.value)


def test_generic_page_without_date_is_refused() -> None:
    html = "<html><head><title>Tin</title></head><body><h1>Tin</h1><p>" + "Nội dung. " * 40
    with pytest.raises(ExtractionError, match="no date"):
        extract_article(html + "</p></body></html>", None, url="https://x.example.vn/a")


def test_extraction_is_deterministic(bcp) -> None:
    html = (REAL_PAGES / "baochinhphu_article.html").read_bytes()
    again = extract_article(html, load_profile("baochinhphu"), url=BCP_URL)
    assert again == bcp


def test_wrong_charset_declaration_still_gives_vietnamese() -> None:
    html = (REAL_PAGES / "baochinhphu_article.html").read_bytes()
    article = extract_article(html, load_profile("baochinhphu"), url=BCP_URL, encoding="iso-8859-1")
    assert article.title == "Chính sách mới có hiệu lực từ tháng 3/2026"


SMALL_PROFILE = """
name = "nho"
start_urls = ["http://127.0.0.1:8000/"]
allowed_domains = ["127.0.0.1"]
article_url_pattern = '/tin/'
[fields]
title = "h1"
date = "span.date"
byline = "div.news-author"
body = "div.news-content"
figure = "figure"
captions = "figcaption"
"""


@pytest.mark.parametrize(
    ("last", "authors"),
    [
        ('<p class="text-right">Minh Thư</p>', ["Minh Thư"]),
        ("<p><strong>Hoàng Duy</strong></p>", ["Hoàng Duy"]),
        ("<p>Ngọc Hân - Văn Tú</p>", ["Ngọc Hân", "Văn Tú"]),
        ("<p>Bài, ảnh: Trường Phúc</p>", ["Trường Phúc"]),
        ("<p>Hội nghị kết thúc lúc 11 giờ cùng ngày.</p>", []),
    ],
)
def test_profile_byline_as_last_short_paragraph(tmp_path, last: str, authors: list[str]) -> None:
    path = tmp_path / "nho.toml"
    path.write_text(SMALL_PROFILE, encoding="utf-8")
    html = (
        "<html><body><h1>Tiêu đề bài</h1><span class='date'>28/05/2025 08:52</span>"
        "<div class='news-content'><p>Đoạn một của bài viết.</p>"
        "<figure><img src='/a.jpg' alt=''><figcaption>Chú thích ảnh</figcaption></figure>"
        f"<figure><img src='/b.jpg'></figure>{last}</div></body></html>"
    )
    article = extract_article(html, load_profile(path), url="http://127.0.0.1:8000/tin/a.html")
    assert article.authors == authors
    if authors:
        assert authors[0] not in article.body_markdown
    # Every image has an alt text (Pelican warns on empty alt): caption, else the headline.
    assert [(i.caption, i.alt) for i in article.images] == [
        ("Chú thích ảnh", "Chú thích ảnh"),
        ("", "Tiêu đề bài"),
    ]


def test_generic_on_the_baochinhphu_page_too() -> None:
    """No profile: the generic rules still find every field of the expected file."""
    html = (REAL_PAGES / "baochinhphu_article.html").read_bytes()
    article = extract_article(html, None, url=BCP_URL)
    want = expected("baochinhphu_article")
    assert (article.title, article.date.isoformat(), article.authors, article.summary) == (
        want["title"],
        want["date"],
        want["authors"],
        want["lead"],
    )
    assert article.category == want["category"]
    paragraphs = [plain(p) for p in body_paragraphs(article.body_markdown)]
    assert paragraphs[0].startswith(want["body_first"])
    assert paragraphs[-1].endswith(want["body_last"])
    assert len(paragraphs) == want["body_paragraphs"]
    got = [(i.title, i.date.date().isoformat() if i.date else None) for i in article.other_news]
    assert got == [(r["title"], r["date"]) for r in want["related"]]
    for needle in want["must_not_contain"]:
        assert needle not in plain(article.body_markdown)
