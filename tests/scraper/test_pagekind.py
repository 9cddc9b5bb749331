"""scraper/warcs/pagekind.py: which pages the generic extractor read are articles."""

from __future__ import annotations

from pathlib import Path

import pytest

from scraper.dom import ExtractionError
from scraper.extract import extract_article
from scraper.warcs.pagekind import date_stamps, menu_entries, not_an_article
from tests.support.paths import REAL_PAGES, TEST_FIXTURES

DEMO = TEST_FIXTURES / "demo_portal"
GOV = TEST_FIXTURES / "gov_portal"


def kind(path: Path) -> str:
    """ "article", "not an article: <why>" or "not extracted: <why>"."""
    body = path.read_bytes()
    url = "http://portal.example.vn/" + path.name
    try:
        article = extract_article(body, None, url=url)
    except ExtractionError as error:
        return f"not extracted: {error.reason}"
    reason = not_an_article(article, body)
    return f"not an article: {reason}" if reason else "article"


ARTICLES = [
    *sorted((DEMO / "tin-tuc").glob("*.html")),
    *sorted(p for p in REAL_PAGES.glob("*.html") if "_list" not in p.name),
    *sorted(GOV.glob("Pages/tin-tuc/chi-tiet.aspx@*")),
    *sorted(GOV.glob("noi-bo/chi-tiet.aspx@*")),
]
LISTINGS = [
    *sorted(DEMO.glob("chuyen-muc/*/*.html")),
    REAL_PAGES / "baochinhphu_list.html",
    *sorted(p for p in GOV.glob("Pages/tin-tuc/*.aspx")),
    GOV / "noi-bo" / "Default.aspx",
]


def test_the_fixture_sets_are_whole():
    assert len(ARTICLES) == 72 + 40 + 54 + 3  # demo, real pages (all but the list), gov, noi-bo
    assert len(LISTINGS) == 18 + 1 + 4 + 1


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_articles_are_articles(path):
    assert kind(path) == "article"


@pytest.mark.parametrize("path", LISTINGS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_listing_and_section_pages_are_not(path):
    assert kind(path).startswith(("not an article: ", "not extracted: "))


def test_home_pages_are_not_articles():
    assert kind(DEMO / "index.html").startswith("not extracted: no article body")
    assert kind(GOV / "index.html").startswith("not extracted: no date")


@pytest.mark.parametrize(
    ("markdown", "stamps"),
    [
        ("15/03/2025 10:48\n\nNăm 2025, huyện tiếp tục...\n\n25/11/2024 14:28", 2),
        ("[Chính sách mới](http://x/c.htm) 03/02/2026 16:45", 1),  # a section label and a date
        ("[Thông báo đấu giá quyền sử dụng đất](http://x/a.aspx?ItemID=1) (27/06/2025)", 1),
        # not stamps: sentences with dates, a document and its date, a link in a sentence
        ("Ngày 24/01/2024, Ban Thường vụ Tỉnh ủy chủ trì hội nghị sơ kết.", 0),
        ("[Quyết định số 12/QĐ-UBND](http://x/qd-12.pdf) ngày 01/02/2025", 0),
        ("Xem chi tiết [tại đây](http://x/a.html) từ ngày 12/03/2025 đến nay", 0),
        ("Tân An Hòa, ngày 24 tháng 01 năm 2024", 0),
    ],
)
def test_date_stamps(markdown, stamps):
    assert date_stamps(markdown) == stamps


def test_menu_entries():
    html = (
        '<html><body><nav><a href="/kt">Kinh tế</a></nav>'
        '<div class="MenuTrai"><a href="/tb">Thông báo</a></div>'
        '<div id="main-nav"><ul><li><a href="/x">Xây dựng Đảng</a></li></ul></div>'
        '<div class="content"><a href="/a">Tin bài trong nội dung</a></div></body></html>'
    )
    assert menu_entries(html) == {"kinh te", "thong bao", "xay dung dang"}
