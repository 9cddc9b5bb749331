"""The store consumer: the only writer of content/ in a cluster crawl.

Workers push extracted articles (with their images' bytes) to one Redis list; the consumer takes
them one at a time into a "taken" list (BLMOVE, so an article is never only in a process's
memory), writes them with scraper.store exactly as a one-process crawl does — atomic, editor-safe
(Scraped_hash, `.scraped` beside an edited file), unchanged articles not rewritten — and then
removes them from the taken list. A consumer killed mid-write finds its taken articles on the
next start (`recover`); writing one again finds it stored ("unchanged")."""

from __future__ import annotations

import logging
from collections.abc import Mapping

from scraper.cluster import serial
from scraper.cluster.keys import Keys
from scraper.report import Report
from scraper.store import Store

log = logging.getLogger(__name__)


class StoreConsumer:
    def __init__(
        self, server, keys: Keys, store: Store, reports: Mapping[str, Report], max_image: int
    ) -> None:
        self.server = server
        self.keys = keys
        self.store = store
        self.reports = reports
        self.max_image = max_image
        self.written = 0

    def recover(self) -> int:
        """Articles a killed consumer had taken go back to the head of the list."""
        moved = 0
        while self.server.lmove(self.keys.items_taken, self.keys.items, "RIGHT", "LEFT"):
            moved += 1
        if moved:
            log.warning("%d article(s) taken by a consumer that was stopped: written now", moved)
        return moved

    def take(self, timeout: float = 0.2) -> bool:
        """Write the next article, waiting up to `timeout` seconds for one; False if none."""
        data = self.server.blmove(self.keys.items, self.keys.items_taken, timeout, "LEFT", "RIGHT")
        if data is None:
            return False
        self.write(data)
        self.server.lrem(self.keys.items_taken, 1, data)
        return True

    def drain(self, timeout: float = 0.2, limit: int = 200) -> int:
        done = 0
        while done < limit and self.take(timeout if done == 0 else 0.01):
            done += 1
        return done

    def write(self, data: bytes) -> None:
        from scraper.process import localise_images, store_article

        try:
            entry = serial.loads(data)
            article = serial.article_from_dict(entry["article"])
            report = self.reports[entry["portal"]]
        except (ValueError, KeyError, TypeError) as error:
            log.error("an article from the cluster is unreadable (%s); skipped", error)
            return
        report.pages_fetched += 1
        report.removed.update(article.removed)
        report.record_missing(article)
        fetched = entry.get("fetched") or {}
        if entry.get("images", True):
            article = localise_images(article, fetched, self.store, report, self.max_image)
        try:
            store_article(article, self.store, report)
        except (OSError, ValueError) as error:
            log.error("%s: not stored: %s", article.source_url, error)
            report.failed.append((article.source_url or article.title, f"{error}"))
            return
        self.written += 1
