"""scraper/discovery/sitemaps.py: robots.txt lines, indexes, URL sets, news sitemaps, gzip."""

from __future__ import annotations

import gzip

import pytest

from archive_core.dates import parse_vn_date
from scraper.discovery.sitemaps import parse_sitemap, sitemaps_in_robots

URLSET = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"
        xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
  <url><loc>https://x.vn/tin-tuc/a-1001.html</loc><lastmod>2025-05-28</lastmod>
    <image:image><image:loc>https://x.vn/anh/a.jpg</image:loc></image:image></url>
  <url><loc>/tin-tuc/b-1002.html</loc>
    <news:news><news:publication_date>2025-05-28T08:52:00+07:00</news:publication_date>
    <news:title>Tin B</news:title></news:news></url>
</urlset>"""
INDEX = b"""<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://x.vn/sitemap-1.xml.gz</loc></sitemap>
<sitemap><loc>https://x.vn/sitemap-2.xml</loc></sitemap></sitemapindex>"""


def test_a_url_set_with_news_and_images() -> None:
    entries = list(parse_sitemap(URLSET, "https://x.vn/sitemap.xml"))
    assert [(e.url, e.is_sitemap) for e in entries] == [
        ("https://x.vn/tin-tuc/a-1001.html", False),
        ("https://x.vn/tin-tuc/b-1002.html", False),  # relative <loc> resolved
    ]
    assert entries[0].lastmod == parse_vn_date("2025-05-28") and entries[0].published is None
    assert entries[1].published == parse_vn_date("28/05/2025 08:52") and entries[1].title == "Tin B"


def test_an_index_names_its_sitemaps_and_gzip_is_read() -> None:
    entries = list(parse_sitemap(gzip.compress(INDEX), "https://x.vn/sitemap.xml.gz"))
    assert [(e.url, e.is_sitemap) for e in entries] == [
        ("https://x.vn/sitemap-1.xml.gz", True),
        ("https://x.vn/sitemap-2.xml", True),
    ]


@pytest.mark.parametrize(
    "body",
    [b"<!DOCTYPE html><html><body>404</body></html>", b"\x1f\x8bnot gzip at all", b"plain text"],
)
def test_what_is_not_a_sitemap_says_so(body: bytes) -> None:
    with pytest.raises(ValueError, match="x.vn/sitemap.xml"):
        list(parse_sitemap(body, "https://x.vn/sitemap.xml"))


def test_a_sitemap_cut_short_gives_what_was_read() -> None:
    entries = list(parse_sitemap(URLSET[:-60], "https://x.vn/sitemap.xml"))
    assert [e.url for e in entries][:1] == ["https://x.vn/tin-tuc/a-1001.html"]


def test_robots_sitemap_lines() -> None:
    robots = (
        b"User-agent: *\nDisallow: /noi-bo/\nSitemap: https://x.vn/sitemap.xml\nsitemap: /s2.xml\n"
    )
    assert sitemaps_in_robots(robots, "https://x.vn") == [
        "https://x.vn/sitemap.xml",
        "https://x.vn/s2.xml",
    ]
