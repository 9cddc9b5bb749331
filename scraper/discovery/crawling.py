"""The discovering half of the portal spider: robots.txt, sitemaps, feeds, load-more endpoints,
and, for a portal known only by its address, the links of its pages.

Article URLs found in bulk (a sitemap can list 100,000) wait in a frontier on disk and are handed
to Scrapy a batch at a time when the crawl runs idle, so memory stays flat whatever a sitemap
holds. Every source is counted in the crawl's summary.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Response

from scraper.discovery.feeds import declared_feeds, feed_links, usual_feeds
from scraper.discovery.frontier import Frontier
from scraper.discovery.loadmore import is_json, load_more_urls, parse_json_page, template_pages
from scraper.discovery.sitemaps import default_sitemaps, parse_sitemap
from scraper.discovery.urls import LearnedShape, learn_shape, looks_like_article, not_content

log = logging.getLogger(__name__)

FRONTIER_BATCH = 50  # article requests handed to Scrapy each time the crawl runs idle
MAX_LISTING_DEPTH = 3  # links followed from the address: home (0), sections, subsections
LEARN_EVERY = 25  # new article URLs between two learnings of the portal's URL shape
MAX_SAMPLES = 5000


@dataclass
class Discovery:
    """What each source gave: printed in the crawl's summary."""

    counts: Counter[str] = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)
    learned: LearnedShape | None = None

    def summary(self) -> list[str]:
        c = self.counts
        parts = [
            f"sitemaps {c['sitemaps']} ({c['sitemap_urls']} URLs)",
            f"feeds {c['feeds']} ({c['feed_urls']} URLs)",
            f"listing pages {c['listings']} ({c['listing_links']} article links)",
            f"load-more {c['more_pages']} ({c['more_items']} items)",
        ]
        lines = ["Discovery: " + ", ".join(parts)]
        if self.learned is not None:
            lines.append(f"Article URLs learned: {self.learned.describe()}")
        lines += [f"  discovery: {note}" for note in self.notes]
        return lines


class DiscoveryMixin:
    """Mixed into PortalSpider (which provides `follow`, `seen`, `profile`, `report`, ...)."""

    def init_discovery(self) -> None:
        self.discovery = Discovery()
        self.report.discovery = self.discovery
        self.frontier = Frontier()
        self.samples: list[str] = []
        self.samples_at_learning = 0
        self.robots_done: set[str] = set()
        self.feeds_looked_up = False

    # -- classification ---------------------------------------------------------------------

    def is_article(self, url: str) -> bool:
        if not self.profile.generic:
            return self.profile.is_article_url(url)
        learned = self.discovery.learned
        return learned.matches(url) if learned is not None else looks_like_article(url)

    def add_sample(self, url: str) -> None:
        """An article URL (listed by a sitemap or feed, or extracted as an article)."""
        if not self.profile.generic or len(self.samples) >= MAX_SAMPLES:
            return
        self.samples.append(url)
        if len(self.samples) - self.samples_at_learning >= LEARN_EVERY:
            self.samples_at_learning = len(self.samples)
            learned = learn_shape(self.samples)
            if learned is not None and learned != self.discovery.learned:
                self.discovery.learned = learned
                log.info("article URL shape: %s", learned.describe())

    # -- requests ---------------------------------------------------------------------------

    def discovery_request(self, url: str, kind: str, callback, **meta) -> scrapy.Request | None:
        """robots.txt, a sitemap, a feed or a load-more answer: not a page of the archive; a
        failure is a note in the summary, never a failed page."""
        if url in self.seen:
            return None
        self.seen.add(url)
        try:
            return scrapy.Request(
                url,
                callback=callback,
                errback=self.discovery_failed,
                meta={"kind": kind, **meta},
                priority=10 if kind in ("robots", "sitemap") else 0,
            )
        except (ValueError, TypeError) as error:
            self.discovery.notes.append(f"{url}: not a valid URL ({error})")
            return None

    def discovery_failed(self, failure) -> None:
        from scraper.fetching import failure_reason

        request = failure.request
        _, reason = failure_reason(failure)
        if request.meta.get("probe") and "HTTP 404" in reason:
            return  # a usual path the portal does not have: nothing to say
        self.discovery.notes.append(f"{request.meta.get('kind')} {request.url}: {reason}")

    def discovery_starts(self):
        """The sitemaps and feeds the profile names (robots.txt's come with `robots_parsed`)."""
        settings = self.profile.discovery
        for url in settings.sitemap_urls:
            request = self.discovery_request(url, "sitemap", self.parse_sitemap)
            if request is not None:
                yield request
        for url in settings.feed_urls:
            request = self.discovery_request(url, "feed", self.parse_feed)
            if request is not None:
                yield request

    def robots_parsed(self, robotparser=None, request=None) -> None:
        """Scrapy read a host's robots.txt (once per run, for politeness): its `Sitemap:` lines,
        or the usual sitemap paths when it has none, are read next."""
        if request is None or not self.profile.discovery.sitemaps:
            return
        parts = urlsplit(request.url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin in self.robots_done or not self._on_site(request.url):
            return
        self.robots_done.add(origin)
        self.discovery.counts["robots"] += 1
        found = list(getattr(getattr(robotparser, "rp", None), "sitemaps", None) or [])
        for request in self._sitemap_requests(origin, found):
            self.crawler.engine.crawl(request)

    def _sitemap_requests(self, origin: str, found: list[str]):
        probe = not found
        for url in found or default_sitemaps(origin):
            request = self.discovery_request(
                urljoin(origin, url), "sitemap", self.parse_sitemap, probe=probe
            )
            if request is not None:
                yield request

    def sitemaps_without_robots(self, url: str):
        """A host whose robots.txt could not be read: the usual sitemap paths."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if not self.profile.discovery.sitemaps or origin in self.robots_done:
            return
        self.robots_done.add(origin)
        yield from self._sitemap_requests(origin, [])

    def parse_sitemap(self, response: Response):
        if response.status != 200 and response.meta.get("probe"):
            return
        if response.status != 200:
            self.discovery.notes.append(f"sitemap {response.url}: HTTP {response.status}")
            return
        try:
            entries = list(self._sitemap_entries(response))
        except ValueError as error:
            self.discovery.notes.append(str(error))
            return
        self.discovery.counts["sitemaps"] += 1
        yield from entries

    def _sitemap_entries(self, response: Response):
        for entry in parse_sitemap(response.body, response.url):
            if entry.is_sitemap:
                request = self.discovery_request(entry.url, "sitemap", self.parse_sitemap)
                if request is not None:
                    yield request
                continue
            self.discovery.counts["sitemap_urls"] += 1
            yield from self.found_article_or_page(entry.url, item=entry.published is not None)

    def found_article_or_page(self, url: str, *, item: bool = False, depth: int = 1):
        """A URL a sitemap, feed or load-more answer listed: an article to fetch (in the
        frontier), or, on a portal known by address, a listing page to read. `item`: listed as
        an article (a feed's item, a news sitemap's entry, a load-more item)."""
        if url in self.seen or not self._on_site(url):
            return
        if self.is_article(url) or (item and self.profile.generic and not not_content(url)):
            self.add_sample(url)
            self.frontier.add(url)  # listed by a sitemap and a feed too: queued once
        elif self.profile.generic and not not_content(url):
            request = self.follow(url, "listing", depth=depth)
            if request is not None:
                yield request

    def _on_site(self, url: str) -> bool:
        from scraper.fetching import unusable_url

        return unusable_url(url, self.domains) is None

    def feed_starts(self, doc, base: str):
        """Feeds the first listing page declares (and, on a portal known by address, the
        usual feed paths when it declares none)."""
        if self.feeds_looked_up or not self.profile.discovery.feeds:
            return
        self.feeds_looked_up = True
        found = declared_feeds(doc, base)
        probe = not found
        if probe and self.profile.generic:
            parts = urlsplit(base)
            found = usual_feeds(f"{parts.scheme}://{parts.netloc}")
        for url in found:
            request = self.discovery_request(url, "feed", self.parse_feed, probe=probe)
            if request is not None:
                yield request

    def parse_feed(self, response: Response):
        if response.status != 200:
            self.discovery.notes.append(f"feed {response.url}: HTTP {response.status}")
            return
        try:
            links = feed_links(response.body, response.url)
        except ValueError as error:
            self.discovery.notes.append(str(error))
            return
        if not links:
            self.discovery.notes.append(f"feed {response.url}: no article links (not a feed?)")
            return
        self.discovery.counts["feeds"] += 1
        for url in links:
            self.discovery.counts["feed_urls"] += 1
            yield from self.found_article_or_page(url, item=True)

    def more_starts(self, doc, base: str):
        """Load-more endpoints of a listing page: its buttons' URLs, the profile's template."""
        urls = load_more_urls(doc, base)
        template = self.profile.listing.next_template
        if template and not any("{page}" in u for u in urls):
            urls.append(next(template_pages(template, base)))
        for url in urls:
            request = self.discovery_request(url, "more", self.parse_more, page=2, base=base)
            if request is not None:
                yield request

    def parse_more(self, response: Response):
        """A load-more answer: JSON items and the next URL, or an HTML fragment of items."""
        self.discovery.counts["more_pages"] += 1
        content_type = response.headers.get("Content-Type", b"").decode("latin-1")
        new = 0
        next_url = None
        if is_json(response.body, content_type):
            try:
                page = parse_json_page(
                    response.body, response.url, self.profile.listing.more_next_key
                )
            except ValueError as error:
                self.discovery.notes.append(str(error))
                return
            for url, _, _ in page.items:
                self.discovery.counts["more_items"] += 1
                if url not in self.seen:
                    new += 1
                yield from self.found_article_or_page(url, item=True)
            next_url = page.next_url
        else:
            for request in self.parse_listing(response):
                new += 1
                yield request
        template = self.profile.listing.next_template
        if next_url is None and template and new:
            number = response.meta.get("page", 2) + 1
            next_url = urljoin(response.meta.get("base", response.url), template).replace(
                "{page}", str(number)
            )
        if next_url:
            request = self.discovery_request(
                next_url,
                "more",
                self.parse_more,
                page=response.meta.get("page", 2) + 1,
                base=response.meta.get("base", response.url),
            )
            if request is not None:
                yield request

    # -- the frontier -----------------------------------------------------------------------

    def feed_frontier(self, spider=None) -> None:
        """spider_idle: hand the next batch of waiting article URLs to Scrapy."""
        handed = 0
        while len(self.frontier) and handed < FRONTIER_BATCH:
            url = self.frontier.take(1)[0]
            if self.skip_stored(url):
                continue
            request = self.follow(url, "article")
            if request is not None:
                self.crawler.engine.crawl(request)
                handed += 1
        if handed:
            raise DontCloseSpider
