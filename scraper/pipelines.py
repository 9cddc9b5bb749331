"""Item pipelines, one job each: extract (and validate) -> images -> store."""

from __future__ import annotations

import logging

import scrapy
from scrapy.exceptions import DropItem

from scraper.fetching import failure_reason
from scraper.models import Article, RawPage
from scraper.process import extract_page, localise_images, store_article

log = logging.getLogger(__name__)


class CrawlerPipeline:
    """A pipeline that keeps its crawler (and through it the spider)."""

    def __init__(self, crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    @property
    def spider(self):
        return self.crawler.spider


class ExtractPipeline(CrawlerPipeline):
    """RawPage -> Article. A page without title or date is dropped and reported as failed."""

    def process_item(self, item):
        if not isinstance(item, RawPage):
            return item
        self.spider.report.pages_fetched += 1
        try:
            article = extract_page(item, self.spider.profile, self.spider.report)
        except Exception as error:  # a bug or a page nobody foresaw: report it, go on
            log.exception("%s: extraction failed", item.url)
            self.spider.report.failed.append((item.url, f"extraction error: {error!r}"))
            raise DropItem(f"{item.url}: extraction error") from error
        if article is None:
            raise DropItem(f"{item.url}: no title or date")
        return article


class ImagePipeline(CrawlerPipeline):
    """Download the article's images (politely, through the same downloader and captures),
    check their type and size, save them; `--no-images` leaves the original URLs."""

    async def process_item(self, item):
        if not isinstance(item, Article) or not self.spider.images or not item.images:
            return item
        fetched: dict[str, bytes | str] = {}
        for image in item.images:
            if image.src in fetched or not image.src.startswith(("http://", "https://")):
                continue
            try:
                request = scrapy.Request(
                    image.src,
                    meta={"allow_offsite": True, "kind": "image"},
                    dont_filter=True,
                )
                response = await self.crawler.engine.download_async(request)
            except Exception as error:  # noqa: BLE001 - any failure keeps the original URL
                from twisted.python.failure import Failure

                fetched[image.src] = failure_reason(Failure(error))[1]
                continue
            if response.status != 200:
                fetched[image.src] = f"HTTP {response.status}"
            else:
                fetched[image.src] = response.body
        limit = self.crawler.settings.getint("IMAGE_MAX_BYTES")
        return localise_images(item, fetched, self.spider.store, self.spider.report, limit)


class StorePipeline(CrawlerPipeline):
    """Article -> content/ through the store (atomic, idempotent, editor-safe)."""

    def process_item(self, item):
        if isinstance(item, Article):
            try:
                store_article(item, self.spider.store, self.spider.report)
            except (OSError, ValueError) as error:
                log.error("%s: not stored: %s", item.source_url, error)
                self.spider.report.failed.append((item.source_url or item.title, f"{error}"))
                raise DropItem(f"{item.source_url}: not stored") from error
        return item
