"""scraper/discovery/feeds.py: declared feeds and the links RSS, Atom and JSON feeds list."""

from __future__ import annotations

import lxml.html
import pytest

from scraper.discovery.feeds import declared_feeds, feed_links

RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
<item><title>A</title><link>https://x.vn/a-1.html</link></item>
<item><title>B</title><guid>https://x.vn/b-2.html</guid></item>
<item><title>A again</title><link>https://x.vn/a-1.html</link></item></channel></rss>"""
ATOM = b"""<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>A</title>
<link rel="self" href="https://x.vn/feed/a"/><link rel="alternate" href="/a-1.html"/></entry>
<entry><link href="https://x.vn/c-3.html"/></entry></feed>"""
JSON = (
    b'{"version": "https://jsonfeed.org/version/1.1", "items": [{"url": "https://x.vn/d-4.html"}]}'
)


@pytest.mark.parametrize(
    ("body", "links"),
    [
        (RSS, ["https://x.vn/a-1.html", "https://x.vn/b-2.html"]),
        (ATOM, ["https://x.vn/a-1.html", "https://x.vn/c-3.html"]),
        (JSON, ["https://x.vn/d-4.html"]),
    ],
)
def test_feed_links(body: bytes, links: list[str]) -> None:
    assert feed_links(body, "https://x.vn/rss") == links


def test_an_html_page_is_not_a_feed() -> None:
    with pytest.raises(ValueError, match="not a feed"):
        feed_links("<html><body>Trang chủ</body></html>".encode(), "https://x.vn/rss")


def test_declared_feeds() -> None:
    doc = lxml.html.document_fromstring(
        '<html><head><link rel="alternate" type="application/rss+xml" href="/rss/tin.rss">'
        '<link rel="alternate" hreflang="en" href="/en/"><link rel="stylesheet" href="/a.css">'
        "</head><body></body></html>"
    )
    assert declared_feeds(doc, "https://x.vn/") == ["https://x.vn/rss/tin.rss"]
