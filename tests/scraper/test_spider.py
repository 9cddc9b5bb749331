"""scraper/spider.py: which URLs the crawler may request, and a crawl of hostile pages (meta
refresh and <base> to javascript:, hostile links, a redirect to javascript:) that must go on."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from scrapy.http import HtmlResponse, Request
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.test import get_crawler
from twisted.python.failure import Failure

from scraper.fetching import failure_reason, on_site, unusable_url
from scraper.models import RawPage
from scraper.profiles import load_profile
from scraper.report import Report
from scraper.spider import PortalSpider, page_done, page_queued
from scraper.store import Store
from tests.scraper.crawl_support import (
    by_source_path,
    crawl,
    demo_articles,
    final_progress,
    header,
    listing_url,
)
from tools.demo_portal import DEMO_ROOT, HOSTILE_HEAD, HOSTILE_LINKS, HOSTILE_NEXT, serve
from tools.make_demo_portal import DemoArticle

PORTAL = ("127.0.0.1",)


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("http://127.0.0.1:8000/tin-tuc/a-1.html", None),
        ("HTTPS://127.0.0.1/tin-tuc/a-1.html", None),
        ("javascript:alert('refresh')", "not an http(s) URL (javascript:)"),
        ("JavaScript:alert(1)//127.0.0.1/tin-tuc/a-1.html", "not an http(s) URL (javascript:)"),
        ("data:text/html,<script>alert(1)</script>", "not an http(s) URL (data:)"),
        ("mailto:toa-soan@example.vn", "not an http(s) URL (mailto:)"),
        ("ftp://127.0.0.1/a.html", "not an http(s) URL (ftp:)"),
        ("/tin-tuc/a-1.html", "not an http(s) URL (no scheme)"),
        ("", "not an http(s) URL (no scheme)"),
        ("http:///tin-tuc/a-1.html", "not a valid URL (no host)"),
        ("http://[::1/tin-tuc/a-1.html", "not a valid URL (Invalid IPv6 URL)"),
        ("http://evil.example/tin-tuc/a-1.html", "on another site (evil.example;"),
        ("http://127.0.0.1.evil.example/a.html", "on another site (127.0.0.1.evil.example;"),
    ],
)
def test_unusable_url(url, problem):
    found = unusable_url(url, PORTAL)
    if problem is None:
        assert found is None
    else:
        assert found is not None and found.startswith(problem)


def test_any_host_is_fine_without_a_domain_list():
    assert unusable_url("http://evil.example/a.html") is None
    assert unusable_url("javascript:alert(1)") is not None


@pytest.mark.parametrize(
    ("host", "domains", "expected"),
    [
        ("baochinhphu.vn", ("baochinhphu.vn",), True),
        ("xaydungchinhsach.baochinhphu.vn", ("baochinhphu.vn",), True),
        ("BaoChinhPhu.VN.", ("baochinhphu.vn",), True),
        ("notbaochinhphu.vn", ("baochinhphu.vn",), False),
        ("baochinhphu.vn.evil.example", ("baochinhphu.vn",), False),
        ("127.0.0.1", ("127.0.0.1", "localhost"), True),
        ("127.0.0.2", ("127.0.0.1",), False),
    ],
)
def test_on_site(host, domains, expected):
    assert on_site(host, domains) is expected


def _http_error(status: int, headers: dict[str, str]) -> Failure:
    request = Request("http://127.0.0.1/tin-tuc/a-1.html")
    response = HtmlResponse(request.url, status=status, headers=headers, request=request)
    return Failure(HttpError(response))


@pytest.mark.parametrize(
    ("status", "headers", "reason"),
    [
        (302, {"Location": "javascript:alert(1)"}, "HTTP 302: redirect not followed (Location '"),
        (301, {}, "HTTP 301: redirect not followed (Location missing)"),
        (503, {}, "HTTP 503 (after retries)"),
        (404, {}, "HTTP 404 (after retries)"),
    ],
)
def test_failure_reason_for_http_errors(status, headers, reason):
    outcome, text = failure_reason(_http_error(status, headers))
    assert outcome == "failed"
    assert text.startswith(reason)


# ---------------------------------------------------------------------------------------------
# The spider's callbacks, called directly (no network)

ORIGIN = "http://127.0.0.1:8000"
LISTING = f"{ORIGIN}/chuyen-muc/kinh-te/"


@dataclass
class SpiderUnderTest:
    spider: PortalSpider
    queued: list[str]
    done: list[str]

    def on_queued(self, request) -> None:
        self.queued.append(request.url)

    def on_done(self, request) -> None:
        self.done.append(request.url)


@pytest.fixture
def spider(tmp_path) -> SpiderUnderTest:
    crawler = get_crawler(PortalSpider)
    spider = PortalSpider.from_crawler(
        crawler, profile=load_profile("demo"), start_urls=[LISTING], report=Report(),
        store=Store(tmp_path / "content"),
    )  # fmt: skip
    under_test = SpiderUnderTest(spider, [], [])
    crawler.signals.connect(under_test.on_queued, signal=page_queued)
    crawler.signals.connect(under_test.on_done, signal=page_done)
    return under_test


def listing_response(url: str, html: bytes) -> HtmlResponse:
    request = Request(url, meta={"kind": "listing"})
    return HtmlResponse(url, body=html, request=request)


def hostile_listing() -> bytes:
    html = (DEMO_ROOT / "chuyen-muc" / "kinh-te" / "index.html").read_bytes()
    html = html.replace(b"<head>\n", b"<head>\n" + HOSTILE_HEAD, 1)
    html = html.replace(b'<div class="list-news">\n', b'<div class="list-news">\n' + HOSTILE_LINKS)
    return html.replace(b'<div class="pagination">', b'<div class="pagination">' + HOSTILE_NEXT)


def pages(requests):
    """The listing and article pages among a callback's requests (not robots.txt, sitemaps)."""
    return [r for r in requests if r.meta.get("kind") in ("article", "listing")]


def test_hostile_listing_yields_only_the_portals_pages(spider):
    everything = list(spider.spider.parse_listing(listing_response(LISTING, hostile_listing())))
    assert all(r.url.startswith(ORIGIN + "/") for r in everything)  # sitemaps too
    requests = pages(everything)
    urls = [request.url for request in requests]
    assert len(urls) == 5 + 2  # the five articles and pages 2 and 3
    assert all(url.startswith(ORIGIN + "/") for url in urls)
    assert [r.meta["kind"] for r in requests] == ["article"] * 5 + ["listing"] * 2
    skipped = dict(spider.spider.report.skipped)
    assert set(skipped) == {
        "http://evil.example/tin-tuc/c-9103.html",
        "http://evil.example/tin-tuc/d-9104.html",
        "http://evil.example/chuyen-muc/x/trang-10.html",
    }
    assert all("on another site (evil.example;" in reason for reason in skipped.values())
    assert spider.queued == urls and spider.done == [LISTING]
    assert spider.spider.report.listings == 1 and spider.spider.report.failed == []


def test_a_page_met_twice_is_queued_and_reported_once(spider):
    response = listing_response(LISTING, hostile_listing())
    first = pages(spider.spider.parse_listing(response))
    again = pages(spider.spider.parse_listing(response))
    assert first and again == []
    assert len(spider.queued) == len(first)
    assert len(spider.spider.report.skipped) == 3


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("javascript:alert('refresh')", "listing: not an http(s) URL (javascript:); not requested"),
        ("data:text/html,x", "listing: not an http(s) URL (data:); not requested"),
        ("http://[::1/trang-2.html", "listing: not a valid URL (Invalid IPv6 URL); not requested"),
        ("https://evil.example/", "listing: on another site (evil.example;"),
    ],
)
def test_follow_refuses_unusable_urls(spider, url, reason):
    assert spider.spider.follow(url, "listing") is None
    [(skipped_url, text)] = spider.spider.report.skipped
    assert skipped_url == url and text.startswith(reason)
    assert spider.queued == []


def test_an_unreadable_listing_is_reported_and_the_crawl_goes_on(spider, monkeypatch):
    def explode(*args, **kwargs):
        raise ValueError("Invalid IPv6 URL")

    monkeypatch.setattr("scraper.spider.listing_from_doc", explode)
    assert list(spider.spider.parse_listing(listing_response(LISTING, b"<html></html>"))) == []
    report = spider.spider.report
    assert report.failed == [(LISTING, "listing: not readable: ValueError('Invalid IPv6 URL')")]
    assert report.listings == 0  # only read listings count ("no listing page could be read")
    assert spider.done == [LISTING]


def test_last_resort_errors_are_reported_not_lost(spider):
    """A callback or a pipeline that raises (a bug, a page nobody foresaw) is a failed page in the
    summary, not only a traceback in the log."""
    url = f"{ORIGIN}/tin-tuc/a-1.html"
    response = HtmlResponse(url, body=b"", request=Request(url, meta={"kind": "article"}))
    spider.spider.callback_error(Failure(KeyError("news-date")), response)
    page = RawPage(url, 200, {}, b"", None)
    spider.spider.item_error(page, response, failure=Failure(TypeError("bad")))
    assert spider.spider.report.failed == [
        (url, "article: KeyError: 'news-date'"),
        (url, "article: not stored: TypeError: bad"),
    ]


# ---------------------------------------------------------------------------------------------
# A crawl of hostile pages: one section of the demo portal, one hostile variation per page.

SECTION = "van-hoa-xa-hoi"
ARTICLE_FAULTS = ("hostile-head", "refresh-page", "refresh-in-body", "redirect-javascript")


@dataclass
class HostileCrawl:
    returncode: int
    stdout: str
    stderr: str
    output: Path
    hits: dict[str, int]
    faulty: dict[str, DemoArticle]
    articles: list[DemoArticle]
    listings: list[str]

    def written(self) -> dict[str, Path]:
        return by_source_path(self.output)


@pytest.fixture(scope="module")
def hostile_crawl(tmp_path_factory) -> HostileCrawl:
    tmp = tmp_path_factory.mktemp("hostile-crawl")
    articles = demo_articles(SECTION)
    faulty = dict(zip(ARTICLE_FAULTS, articles, strict=False))
    first, second = f"/chuyen-muc/{SECTION}/", f"/chuyen-muc/{SECTION}/trang-2.html"
    faults = {first: "hostile-head", second: "hostile-links"}
    faults.update({article.url: mode for mode, article in faulty.items()})
    with serve(faults=faults) as (base, state):
        result = crawl(
            base, tmp / "content", tmp / "captures", "--retries", "0",
            "--start-url", listing_url(base, SECTION), progress=True,
        )  # fmt: skip
        hits = dict(state.hits)
    listings = sorted(path for path in hits if path.startswith(f"/chuyen-muc/{SECTION}/"))
    return HostileCrawl(
        result.returncode, result.stdout, result.stderr, tmp / "content", hits, faulty,
        articles, listings,
    )  # fmt: skip


def _lines(stdout: str, kind: str) -> list[str]:
    return [line for line in stdout.splitlines() if line.startswith(f"  {kind}:")]


@pytest.mark.slow
def test_hostile_listing_pages_do_not_stop_the_crawl(hostile_crawl):
    assert len(hostile_crawl.listings) == 3, hostile_crawl.stdout + hostile_crawl.stderr
    assert "Missing scheme" not in hostile_crawl.stdout + hostile_crawl.stderr
    written = hostile_crawl.written()
    expected = {a.url for a in hostile_crawl.articles} - {
        hostile_crawl.faulty["redirect-javascript"].url
    }
    assert set(written) == expected


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["hostile-head", "refresh-page", "refresh-in-body"])
def test_meta_refresh_is_never_followed_and_the_page_is_archived(hostile_crawl, mode):
    article = hostile_crawl.faulty[mode]
    path = hostile_crawl.written()[article.url]
    text = path.read_text(encoding="utf-8")
    assert header(path, "Title") == article.title
    assert article.lead in text
    assert "refresh" not in text.lower() and "javascript:" not in text.lower()
    assert hostile_crawl.hits.get("/", 0) == 0  # the refresh target was never requested


@pytest.mark.slow
def test_redirect_to_javascript_is_reported_and_the_crawl_goes_on(hostile_crawl):
    article = hostile_crawl.faulty["redirect-javascript"]
    failed = [line for line in _lines(hostile_crawl.stdout, "failed") if article.url in line]
    assert len(failed) == 1
    assert (
        "HTTP 302: redirect not followed (Location \"javascript:alert('redirect')\")" in (failed[0])
    )
    assert hostile_crawl.returncode == 1  # that one page failed; everything else is written


@pytest.mark.slow
@pytest.mark.parametrize(
    "url",
    [
        "http://evil.example/tin-tuc/c-9103.html",
        "http://evil.example/tin-tuc/d-9104.html",  # a scheme-relative //evil.example/ link
        "http://evil.example/chuyen-muc/x/trang-10.html",
    ],
)
def test_links_to_another_site_are_skipped_and_reported(hostile_crawl, url):
    skipped = [line for line in _lines(hostile_crawl.stdout, "skipped") if url in line]
    assert len(skipped) == 1 and "on another site (evil.example;" in skipped[0]


@pytest.mark.slow
def test_javascript_data_and_malformed_links_are_never_followed(hostile_crawl):
    requested = [path for path in hostile_crawl.hits if path.startswith("/tin-tuc/")]
    assert len(requested) == len(hostile_crawl.articles)  # the portal's articles, nothing else
    assert not [
        path for path in hostile_crawl.hits if any(n in path for n in ("9101", "9102", "9105"))
    ]
    assert not [path for path in hostile_crawl.hits if "trang-9" in path]


@pytest.mark.slow
def test_progress_ends_full_on_hostile_pages(hostile_crawl):
    pages = len(hostile_crawl.listings) + len(hostile_crawl.articles)
    assert final_progress(hostile_crawl.stdout) == (pages, pages)
