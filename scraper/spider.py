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
from datetime import datetime
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response
from twisted.python.failure import Failure

from scraper.discovery.crawling import MAX_LISTING_DEPTH, DiscoveryMixin
from scraper.discovery.links import page_links
from scraper.dom import parse_document
from scraper.extract import listing_from_doc
from scraper.fetching import failure_reason, unusable_url
from scraper.models import RawPage
from scraper.process import captured_at, charset_of
from scraper.profiles import Profile
from scraper.report import Report
from scraper.store import Store

log = logging.getLogger(__name__)

PAGE_KINDS = ("listing", "article")
# Custom Scrapy signals (sent with request=...): a page was queued / reached its end.
page_queued = object()
page_done = object()


class PortalSpider(DiscoveryMixin, scrapy.Spider):
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
        self.init_discovery()

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.request_dropped, signal=scrapy.signals.request_dropped)
        crawler.signals.connect(spider.callback_error, signal=scrapy.signals.spider_error)
        crawler.signals.connect(spider.item_error, signal=scrapy.signals.item_error)
        crawler.signals.connect(spider.feed_frontier, signal=scrapy.signals.spider_idle)
        crawler.signals.connect(spider.robots_parsed, signal=scrapy.signals.robots_parsed)
        crawler.signals.connect(spider.article_stored, signal=scrapy.signals.item_scraped)
        return spider

    def article_stored(self, item, response=None, spider=None) -> None:
        """An address crawl learns its portal's article URL shape from what extracted."""
        url = getattr(item, "source_url", None)
        if url:
            self.add_sample(url)

    def _done(self, request: scrapy.Request) -> None:
        if request.meta.get("kind") in PAGE_KINDS:
            self.crawler.signals.send_catch_log(page_done, request=request)

    def follow(
        self, url: str, kind: str, depth: int = 0, via: str = "listing"
    ) -> scrapy.Request | None:
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
                    url,
                    callback=callback,
                    errback=self.request_failed,
                    meta={"kind": kind, "depth": depth, "via": via},
                )
            except (ValueError, TypeError) as error:
                problem = f"not a valid URL ({error})"
        if request is None:
            self.report.skipped.append((url, f"{kind}: {problem}; not requested"))
            log.warning("skipped %s: %s; not requested", url, problem)
            return None
        self.crawler.signals.send_catch_log(page_queued, request=request)
        return request

    def skip_stored(self, url: str) -> bool:
        """With --only-new, an article already in the content folder is not fetched (reported
        as skipped once)."""
        if not (self.only_new and url in self.store.sources):
            return False
        if url not in self.seen:
            self.seen.add(url)
            self.report.skipped.append((url, "already stored (--only-new)"))
        return True

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
        for request in self.discovery_starts():
            yield request

    def _document(self, response: Response):
        content_type = response.headers.get("Content-Type", b"").decode("latin-1")
        encoding = charset_of({"content-type": content_type})
        return parse_document(response.body, encoding, self.profile.charset)

    def parse_listing(self, response: Response):
        if response.request.meta.get("kind") in PAGE_KINDS:
            self._done(response.request)
        try:
            doc = self._document(response)
            if self.profile.generic:
                found = page_links(doc, response.url, self._on_site, self.is_article)
                articles, next_urls = found.articles, found.next_pages
                pages = found.pages
            else:
                page = listing_from_doc(doc, self.profile, url=response.url)
                articles, next_urls, pages = [i.url for i in page.items], page.next_urls, []
        except Exception as error:  # a listing nobody foresaw: report it, crawl the rest
            log.exception("%s: the listing page could not be read", response.url)
            self.report.failed.append((response.url, f"listing: not readable: {error!r}"))
            return
        self.report.listings += 1
        self.discovery.counts["listings"] += 1
        self.discovery.counts["listing_links"] += len(articles)
        for url in articles:
            if self.skip_stored(url):
                continue
            request = self.follow(url, "article")
            if request is not None:
                yield request
        depth = response.request.meta.get("depth", 0)
        for url in next_urls:  # the same listing, continued: no deeper
            request = self.follow(url, "listing", depth=depth)
            if request is not None:
                yield request
        if depth < MAX_LISTING_DEPTH:
            for url in pages:
                request = self.follow(url, "listing", depth=depth + 1)
                if request is not None:
                    yield request
        yield from self.sitemaps_without_robots(response.url)
        yield from self.feed_starts(doc, response.url)
        yield from self.more_starts(doc, response.url)

    def parse_article(self, response: Response):
        self._done(response.request)
        if self.profile.generic:  # its related news lead to more articles
            try:
                found = page_links(
                    self._document(response), response.url, self._on_site, self.is_article
                )
            except Exception:  # noqa: BLE001 - the page itself is still extracted below
                found = None
            for url in found.articles if found is not None else []:
                request = self.follow(url, "article", via="link")
                if request is not None:
                    yield request
        headers = {
            key.decode("latin-1"): b", ".join(values).decode("latin-1")
            for key, values in response.headers.items()
        }
        fetched: datetime | None = captured_at(response.meta.get("captured"))
        warc_file, record_id, digest = response.meta.get("capture") or (None, None, None)
        yield RawPage(
            response.url,
            response.status,
            headers,
            response.body,
            fetched,
            warc_file=warc_file,
            warc_record_id=record_id,
            warc_payload_digest=digest,
        )

    def request_failed(self, failure: Failure) -> None:
        request = failure.request
        self._done(request)
        outcome, reason = failure_reason(failure)
        kind = request.meta.get("kind", "page")
        if request.meta.get("via") == "link" and reason.startswith(("HTTP 404", "HTTP 410")):
            # a link printed in an article (its related news) that leads nowhere: the
            # portal's own broken link, not a page this crawl failed to archive
            outcome, reason = "skipped", f"broken link on the portal ({reason.split(' (')[0]})"
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
