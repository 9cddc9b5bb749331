"""scraper/generic/category.py: the article's section."""

from __future__ import annotations

import lxml.html
import pytest

from scraper.generic.category import find_category
from scraper.generic.page import read_page

MENU = """<html><head><title>Bài - Cổng</title></head><body>
<nav><ul><li><a href="/">Trang chủ</a></li><li><a href="{news}">Tin tức</a></li>
<li><a href="/lien-he.html">Liên hệ</a></li></ul></nav>
<h1>Bài</h1><p>Nội dung của bài viết.</p></body></html>"""


@pytest.mark.parametrize(
    ("url", "news_href", "category"),
    [
        ("https://x.gov.vn/blog/bai-viet", "/blog", "Tin tức"),
        ("https://x.gov.vn/blog/bai-viet", "../blog.html", "Tin tức"),  # a mirror's link
        ("https://x.gov.vn/tin-tuc/bai-viet.html", "/tin-tuc/", "Tin tức"),
        ("https://x.gov.vn/tin-tuc/bai-viet.html", "/tin-tuc/index.aspx", "Tin tức"),
        ("https://x.gov.vn/bai-viet.html", "/", ""),  # at the root: no section folder
        ("https://x.gov.vn/blog/bai-viet", "/tin-tuc", ""),  # the menu has no link to /blog
        ("https://x.gov.vn/blog/bai-viet", "/blog?page=2", ""),  # a listing's page, not it
        ("https://x.gov.vn/blog/bai-viet", "https://y.vn/blog", ""),  # another site
        ("file:///tmp/blog/bai-viet.html", "../blog.html", ""),  # no web address known
        ("https://x.gov.vn/blog/bai-viet", "a://[", ""),  # malformed (found by fuzzing): skipped
    ],
)
def test_without_breadcrumb_the_menu_item_of_the_articles_folder_is_the_section(
    url: str, news_href: str, category: str
) -> None:
    doc = lxml.html.document_fromstring(MENU.format(news=news_href))
    info = read_page(doc, url)
    headline = doc.find(".//h1")
    order = {el: i for i, el in enumerate(doc.iter())}
    assert find_category(doc, info, "Bài", headline, order) == category


def test_a_breadcrumb_wins_over_the_menu() -> None:
    doc = lxml.html.document_fromstring(
        MENU.format(news="/blog").replace(
            "<h1>",
            '<ol class="breadcrumb"><li><a href="/">Trang chủ</a></li>'
            '<li><a href="/blog/thoi-su">Thời sự</a></li></ol><h1>',
        )
    )
    info = read_page(doc, "https://x.gov.vn/blog/bai-viet")
    order = {el: i for i, el in enumerate(doc.iter())}
    assert find_category(doc, info, "Bài", doc.find(".//h1"), order) == "Thời sự"
