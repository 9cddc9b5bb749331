"""scraper/middlewares.py: Retry-After parsing (the waiting itself is tested in test_crawl) and
which redirects are followed (the crawl of one is tested in test_spider)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from scrapy.http import HtmlResponse, Request

from scraper.middlewares import SafeRedirectMiddleware, parse_retry_after, redirect_target

NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("1", 1.0),
        (b"120", 120.0),
        (" 30 ", 30.0),
        ("Fri, 02 Jan 2026 03:05:05 GMT", 60.0),
        ("Fri, 02 Jan 2026 03:00:00 GMT", 0.0),  # in the past: retry now
        ("soon", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_retry_after(value, seconds):
    assert parse_retry_after(value, now=NOW) == seconds


PAGE = "http://127.0.0.1:8000/tin-tuc/a-1.html"


@pytest.mark.parametrize(
    ("location", "target"),
    [
        ("/tin-tuc/b-2.html", "http://127.0.0.1:8000/tin-tuc/b-2.html"),
        ("b-2.html?x=1", "http://127.0.0.1:8000/tin-tuc/b-2.html?x=1"),
        ("https://portal.example.vn/a.html", "https://portal.example.vn/a.html"),
        ("//portal.example.vn/a.html", "http://portal.example.vn/a.html"),
        (" /a.html ", "http://127.0.0.1:8000/a.html"),
        ("javascript:alert('redirect')", None),
        ("JAVASCRIPT:alert(1)", None),
        ("data:text/html,<script>alert(1)</script>", None),
        ("mailto:a@example.vn", None),
        ("http://[::1/a.html", None),  # not a URL
    ],
)
def test_redirect_target(location, target):
    assert redirect_target(PAGE, location) == target


@pytest.mark.parametrize(
    ("status", "location", "followed"),
    [
        (302, "javascript:alert('redirect')", False),
        (301, "data:text/html,x", False),
        (302, "/tin-tuc/b-2.html", True),
        (308, "https://portal.example.vn/a.html", True),
        (200, "javascript:alert(1)", True),  # not a redirect: nothing to decide
    ],
)
def test_unusable_redirects_are_not_followed(status, location, followed):
    request = Request(PAGE)
    response = HtmlResponse(PAGE, status=status, headers={"Location": location}, request=request)
    assert SafeRedirectMiddleware().process_response(request, response) is response
    assert request.meta.get("dont_redirect", False) is not followed
