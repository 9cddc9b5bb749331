"""One generic spider, driven by a profile: listing pages -> article URLs matching the profile's
pattern, pagination followed. Article pages become RawPage items for the pipelines.

Only http(s) URLs are ever requested: a link a hostile page turns into `javascript:`, `data:` or
anything unparsable is reported as skipped, never allowed to stop the crawl. HTML redirects
(`<meta http-equiv="refresh">`) are not followed at all (settings.METAREFRESH_ENABLED).

Every page the spider queues ends exactly once — parsed, failed or dropped as a duplicate — and
the spider says so with the `page_queued` / `page_done` signals (the progress bar counts them).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from scraper.extract import extract_listing
from scraper.models import RawPage
from scraper.process import captured_at, charset_of
from scraper.profiles import Profile
from scraper.report import Report
from scraper.store import Store

log = logging.getLogger(__name__)

ALLOWED_SCHEMES = ("http", "https")
PAGE_KINDS = ("listing", "article")
# Custom Scrapy signals (sent with request=...): a page was queued / reached its end.
page_queued = object()
page_done = object()


def on_site(host: str, domains: Iterable[str]) -> bool:
    """`host` is one of `domains` or a subdomain of one (as Scrapy's allowed_domains)."""
    host = host.lower().rstrip(".")
    return any(host == d or host.endswith("." + d) for d in (d.lower() for d in domains))


def unusable_url(url: str, domains: Iterable[str] | None = None) -> str | None:
    """Why the crawler must not request `url` (a reason a person understands), or None if fine.
    With `domains`, a URL on any other host is refused too."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError as error:
        return f"not a valid URL ({error})"
    if parts.scheme.lower() not in ALLOWED_SCHEMES:
        scheme = f"{parts.scheme}:" if parts.scheme else "no scheme"
        return f"not an http(s) URL ({scheme})"
    if not host:
        return "not a valid URL (no host)"
    if domains is not None and not on_site(host, domains):
        return f"on another site ({host}; add it to the profile's allowed_domains to crawl it)"
    return None


def failure_reason(failure: Failure) -> tuple[str, str]:
    """("skipped" | "failed", a reason a person understands) for a request that failed."""
    error = failure.value
    message = failure.getErrorMessage()
    if isinstance(error, HttpError):
        status = error.response.status
        if 300 <= status < 400:  # Scrapy follows http(s) redirects only
            location = error.response.headers.get("Location", b"").decode("latin-1")
            shown = repr(location[:80]) if location else "missing"
            return "failed", f"HTTP {status}: redirect not followed (Location {shown})"
        return "failed", f"HTTP {status} (after retries)"
    if "robots.txt" in message:
        return "skipped", "forbidden by robots.txt"
    if "max redirections" in message:
        return "failed", "redirect loop (too many redirections)"
    name = type(error).__name__
    if "Timeout" in name or "timed out" in message.lower():
        return "failed", "timed out (after retries)"
    if "max size" in message.lower() or "maxsize" in message.lower() or "larger than" in message:
        return "failed", "response larger than the maximum size (DOWNLOAD_MAXSIZE)"
    if "DataLoss" in message or "DataLoss" in name or "ResponseFailed" in name:
        return "failed", "response body truncated (connection closed early, after retries)"
    return "failed", f"{name}: {message}"


class PortalSpider(scrapy.Spider):
    name = "portal"

    def __init__(
        self,
        profile: Profile,
        start_urls: list[str],
        report: Report,
        store: Store,
        only_new: bool = False,
        images: bool = True,
        **kwargs,
    ) -> None:
        super().__init__(**kwargs)
        self.profile = profile
        self.start_urls = list(start_urls)
        self.report = report
        self.store = store
        self.only_new = only_new
        self.images = images
        self.seen: set[str] = set()  # every page URL met, queued or not
        # the portal's own hosts: the profile's allowed_domains and the start URLs' hosts
        starts = {(urlsplit(url).hostname or "").lower() for url in self.start_urls}
        self.domains = tuple(sorted(set(profile.allowed_domains) | starts - {""}))

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.request_dropped, signal=scrapy.signals.request_dropped)
        crawler.signals.connect(spider.callback_error, signal=scrapy.signals.spider_error)
        crawler.signals.connect(spider.item_error, signal=scrapy.signals.item_error)
        return spider

    def _done(self, request: scrapy.Request) -> None:
        if request.meta.get("kind") in PAGE_KINDS:
            self.crawler.signals.send_catch_log(page_done, request=request)

    def follow(self, url: str, kind: str) -> scrapy.Request | None:
        """A request for a listing or article page, or None (a URL already met, or one that must
        not be requested: reported as skipped, once)."""
        if url in self.seen:
            return None
        self.seen.add(url)
        problem = unusable_url(url, self.domains)
        request = None
        if problem is None:
            callback = self.parse_listing if kind == "listing" else self.parse_article
            try:
                request = scrapy.Request(
                    url, callback=callback, errback=self.request_failed, meta={"kind": kind}
                )
            except (ValueError, TypeError) as error:
                problem = f"not a valid URL ({error})"
        if request is None:
            self.report.skipped.append((url, f"{kind}: {problem}; not requested"))
            log.warning("skipped %s: %s; not requested", url, problem)
            return None
        self.crawler.signals.send_catch_log(page_queued, request=request)
        return request

    def request_dropped(self, request: scrapy.Request, spider=None) -> None:
        """A page dropped by the duplicate filter is done; a redirect to an already visited URL
        is reported."""
        self._done(request)
        chain = request.meta.get("redirect_urls")
        if not chain:
            return  # a listing link seen twice: normal
        kind = request.meta.get("kind", "page")
        if request.url in chain:
            self.report.failed.append(
                (chain[0], f"{kind}: redirect loop (redirects back to {request.url})")
            )
        else:
            self.report.skipped.append(
                (chain[0], f"{kind}: redirects to {request.url}, which is crawled on its own")
            )
        log.warning("%s: redirected to the already visited %s", chain[0], request.url)

    async def start(self):
        for url in self.start_urls:
            request = self.follow(url, "listing")
            if request is not None:
                yield request

    def parse_listing(self, response: Response):
        self._done(response.request)
        try:
            page = extract_listing(
                response.body,
                self.profile,
                url=response.url,
                encoding=charset_of(
                    {"content-type": response.headers.get("Content-Type", b"").decode("latin-1")}
                ),
            )
        except Exception as error:  # a listing nobody foresaw: report it, crawl the rest
            log.exception("%s: the listing page could not be read", response.url)
            self.report.failed.append((response.url, f"listing: not readable: {error!r}"))
            return
        self.report.listings += 1
        for item in page.items:
            if self.only_new and item.url in self.store.sources:
                if item.url not in self.seen:
                    self.seen.add(item.url)
                    self.report.skipped.append((item.url, "already stored (--only-new)"))
                continue
            request = self.follow(item.url, "article")
            if request is not None:
                yield request
        for url in page.next_urls:
            request = self.follow(url, "listing")
            if request is not None:
                yield request

    def parse_article(self, response: Response):
        self._done(response.request)
        headers = {
            key.decode("latin-1"): b", ".join(values).decode("latin-1")
            for key, values in response.headers.items()
        }
        fetched: datetime | None = captured_at(response.meta.get("captured"))
        yield RawPage(response.url, response.status, headers, response.body, fetched)

    def request_failed(self, failure: Failure) -> None:
        request = failure.request
        self._done(request)
        outcome, reason = failure_reason(failure)
        kind = request.meta.get("kind", "page")
        getattr(self.report, outcome).append((request.url, f"{kind}: {reason}"))
        log.warning("%s %s: %s", outcome, request.url, reason)

    def callback_error(self, failure: Failure, response: Response, spider=None) -> None:
        """Last resort: a callback raised. The page is reported as failed; the crawl goes on."""
        request = response.request
        kind = request.meta.get("kind", "page") if request is not None else "page"
        error = failure.value
        self.report.failed.append((response.url, f"{kind}: {type(error).__name__}: {error}"))

    def item_error(self, item, response, spider=None, failure: Failure | None = None) -> None:
        """Last resort: a pipeline raised (not DropItem). The article is reported as failed."""
        url = getattr(item, "url", None) or getattr(item, "source_url", None) or response.url
        error = failure.value if failure is not None else None
        self.report.failed.append((url, f"article: not stored: {type(error).__name__}: {error}"))
