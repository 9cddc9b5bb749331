"""Listing selectors from one listing page of each offline portal."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from scraper.dom import css_select, parse_document
from scraper.extract import listing_from_doc
from scraper.infer.listing import infer_listing
from scraper.profiles import Listing, Selector, generic_profile
from tests.support.paths import TEST_FIXTURES

ORIGIN = "http://127.0.0.1:8000"
DEMO = TEST_FIXTURES / "demo_portal" / "chuyen-muc" / "kinh-te"
GOV = TEST_FIXTURES / "gov_portal" / "Pages" / "tin-tuc"


def profile_for(pattern: str):
    return replace(
        generic_profile(ORIGIN + "/"), article_url_pattern=re.compile(pattern), generic=False
    )


def teasers(doc, item_css: str, link_css: str) -> list[str]:
    """The article links a reader sees in the page's list (read here with the page's own
    classes, independently of the inference)."""
    return [ORIGIN + a.get("href") for item in css_select(doc, item_css) for a in
            css_select(item, link_css)]  # fmt: skip


@pytest.mark.parametrize(
    ("page", "url", "pattern", "item_css", "link_css"),
    [
        (DEMO / "index.html", "/chuyen-muc/kinh-te/", r"/tin-tuc/[^/]+-\d+\.html$",
         "div.news-item", "h3 a"),
        (DEMO / "trang-2.html", "/chuyen-muc/kinh-te/trang-2.html", r"/tin-tuc/[^/]+-\d+\.html$",
         "div.news-item", "h3 a"),
        (GOV / "tin-hoat-dong.aspx", "/Pages/tin-tuc/tin-hoat-dong.aspx",
         r"/chi-tiet\.aspx\?ItemID=\d+$", "div.TinItem", "a.TieuDeTin"),
    ],
)  # fmt: skip
def test_the_inferred_listing_reads_the_pages_list(page, url, pattern, item_css, link_css):
    doc = parse_document(page.read_bytes(), None)
    profile = profile_for(pattern)
    found = infer_listing(doc, ORIGIN + url, profile)
    listing = Listing(**{
        k: tuple(Selector.parse(s) for s in v)
        for k, v in found.listing.items() if k != "next_template"
    })  # fmt: skip
    read = listing_from_doc(doc, replace(profile, listing=listing), url=ORIGIN + url)
    expected = teasers(doc, item_css, link_css)
    assert [i.url for i in read.items] == expected
    titles = [a.text_content().strip() for i in css_select(doc, item_css)
              for a in css_select(i, link_css)]  # fmt: skip
    assert [i.title for i in read.items] == titles
    assert all(i.date is not None for i in read.items)


def test_the_next_page_link_is_found():
    doc = parse_document((DEMO / "index.html").read_bytes(), None)
    found = infer_listing(doc, ORIGIN + "/chuyen-muc/kinh-te/", profile_for(r"/tin-tuc/.+\.html$"))
    nxt = found.listing["next"][0]
    assert [a.get("href") for a in css_select(doc, nxt)] == ["/chuyen-muc/kinh-te/trang-2.html"]


def test_the_other_sections_are_start_pages():
    doc = parse_document((DEMO / "index.html").read_bytes(), None)
    found = infer_listing(doc, ORIGIN + "/chuyen-muc/kinh-te/", profile_for(r"/tin-tuc/.+\.html$"))
    assert found.sections[0] == ORIGIN + "/chuyen-muc/kinh-te/"
    assert len(found.sections) == 6
    assert all(re.fullmatch(ORIGIN + r"/chuyen-muc/[a-z-]+/", u) for u in found.sections)


def test_a_load_more_button_is_left_to_the_crawl_and_a_bare_endpoint_gives_a_template():
    html = (GOV / "tin-hoat-dong.aspx").read_bytes()
    profile = profile_for(r"/chi-tiet\.aspx\?ItemID=\d+$")
    url = ORIGIN + "/Pages/tin-tuc/tin-hoat-dong.aspx"
    found = infer_listing(parse_document(html, None), url, profile)
    assert "next_template" not in found.listing  # the crawl follows the button's data-url
    assert "LoadMore.ashx?cat=tin-hoat-dong&page={page}" in found.notes["next_template"]
    bare = html.replace(b'class="btnXemThem"', b"").replace(b">Xem th\xc3\xaam<", b"><")
    bare = bare.replace(b'id="btnXemThem"', b"")
    found = infer_listing(parse_document(bare, None), url, profile)
    assert found.listing["next_template"] == "/Ajax/LoadMore.ashx?cat=tin-hoat-dong&page={page}"


def test_a_page_without_article_links_says_so():
    doc = parse_document(b"<html><body><a href='/gioi-thieu.html'>x</a></body></html>", None)
    found = infer_listing(doc, ORIGIN + "/", profile_for(r"/tin-tuc/.+\.html$"))
    assert found.listing == {}
    assert "matches the article URL pattern" in found.notes["item"]
