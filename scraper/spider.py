"""One generic spider, driven by a profile: listing pages -> article URLs matching the profile's
pattern, pagination followed. Article pages become RawPage items for the pipelines."""

from __future__ import annotations

import logging
from datetime import datetime

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


def failure_reason(failure: Failure) -> tuple[str, str]:
    """("skipped" | "failed", a reason a person understands) for a request that failed."""
    error = failure.value
    message = failure.getErrorMessage()
    if isinstance(error, HttpError):
        return "failed", f"HTTP {error.response.status} (after retries)"
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

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.request_dropped, signal=scrapy.signals.request_dropped)
        return spider

    def request_dropped(self, request: scrapy.Request, spider=None) -> None:
        """A redirect to an already visited URL is dropped by the duplicate filter: say so."""
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
            yield scrapy.Request(
                url,
                callback=self.parse_listing,
                errback=self.request_failed,
                meta={"kind": "listing"},
            )

    def parse_listing(self, response: Response):
        self.report.listings += 1
        page = extract_listing(
            response.body,
            self.profile,
            url=response.url,
            encoding=charset_of(
                {"content-type": response.headers.get("Content-Type", b"").decode("latin-1")}
            ),
        )
        for item in page.items:
            if self.only_new and item.url in self.store.sources:
                self.report.skipped.append((item.url, "already stored (--only-new)"))
                continue
            yield scrapy.Request(
                item.url,
                callback=self.parse_article,
                errback=self.request_failed,
                meta={"kind": "article"},
            )
        for url in page.next_urls:
            yield scrapy.Request(
                url,
                callback=self.parse_listing,
                errback=self.request_failed,
                meta={"kind": "listing"},
            )

    def parse_article(self, response: Response):
        headers = {
            key.decode("latin-1"): b", ".join(values).decode("latin-1")
            for key, values in response.headers.items()
        }
        fetched: datetime | None = captured_at(response.meta.get("captured"))
        yield RawPage(response.url, response.status, headers, response.body, fetched)

    def request_failed(self, failure: Failure) -> None:
        request = failure.request
        outcome, reason = failure_reason(failure)
        kind = request.meta.get("kind", "page")
        getattr(self.report, outcome).append((request.url, f"{kind}: {reason}"))
        log.warning("%s %s: %s", outcome, request.url, reason)
