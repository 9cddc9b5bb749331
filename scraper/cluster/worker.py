"""A cluster worker: `python -m scraper cluster-worker --redis URL`.

It reads the job from Redis, runs one Scrapy crawler per portal in this process with the shared
frontier (frontier.LeasedScheduler), the shared duplicate filter and the cluster-wide per-host
turns (politeness), writes its own WARC files (its worker id in their names) and pushes every
extracted article, with its images' bytes, to the store consumer's list in the same transaction
that releases the page's lease. It never writes content/. It stops when the coordinator marks
the job done."""

from __future__ import annotations

import logging
import os
import re
import socket
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import scrapy
from scrapy.exceptions import DontCloseSpider, DropItem

from scraper.cluster import serial
from scraper.cluster.frontier import LEASE_META, Leases, reap
from scraper.cluster.job import Job
from scraper.cluster.keys import Keys
from scraper.cluster.politeness import HostTurns
from scraper.models import Article, RawPage
from scraper.pipelines import CrawlerPipeline
from scraper.report import Report
from scraper.spider import PortalSpider

log = logging.getLogger(__name__)

POLL_SECONDS = 0.25  # how often an idle worker looks at the frontier again


def default_worker_id() -> str:
    host = re.sub(r"[^A-Za-z0-9]+", "-", socket.gethostname()).strip("-") or "host"
    return f"{host[:40]}-{os.getpid()}"


# -- the report: failures and skips go to the coordinator as they happen -----------------------


class _Pushed(list):
    def __init__(self, push, kind: str, portal: str) -> None:
        super().__init__()
        self._push, self._kind, self._portal = push, kind, portal

    def append(self, entry) -> None:
        super().append(entry)
        self._push({"kind": self._kind, "portal": self._portal, "entry": list(entry)})


class WorkerReport(Report):
    """A Report whose page outcomes (failed, skipped, not articles, listings read) are sent to
    the coordinator's summary as they happen."""

    def __init__(self, server, keys: Keys, portal: str) -> None:
        self._server, self._keys, self._portal = server, keys, portal
        self._listings = 0
        super().__init__()
        for kind in ("failed", "skipped", "not_articles"):
            setattr(self, kind, _Pushed(self._push, kind, portal))

    def _push(self, event: dict) -> None:
        self._server.rpush(self._keys.events, serial.dumps(event))

    @property
    def listings(self) -> int:  # type: ignore[override]
        return self._listings

    @listings.setter
    def listings(self, value: int) -> None:
        if getattr(self, "_server", None) is not None and value > self._listings:
            self._server.incrby(self._keys.listings(self._portal), value - self._listings)
        self._listings = value


class RemoteSources:
    """`url in store.sources` for --only-new, from the Source URLs the coordinator published."""

    def __init__(self, server, key: str) -> None:
        self.server, self.key = server, key

    def __contains__(self, url: object) -> bool:
        return bool(self.server.sismember(self.key, str(url)))


@dataclass
class RemoteStore:
    sources: RemoteSources


# -- items --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LeasedPage:
    page: RawPage
    lease: str | None


@dataclass
class LeasedArticle:
    article: Article
    lease: str | None
    fetched: dict[str, bytes | str] = field(default_factory=dict)

    @property
    def source_url(self) -> str | None:
        return self.article.source_url


class ClusterSpider(PortalSpider):
    """The portal spider, its start requests in Redis (the coordinator's seeds) and its
    discovered article URLs sent straight to the shared frontier."""

    def __init__(self, *args, keys: Keys, leases: Leases, turns: HostTurns, **kwargs) -> None:
        self.keys, self.leases, self.turns = keys, leases, turns
        super().__init__(*args, **kwargs)

    def init_discovery(self) -> None:
        super().init_discovery()
        self.frontier = _Direct(self)

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.keep_alive, signal=scrapy.signals.spider_idle)
        return spider

    async def start(self):
        return
        yield  # the seeds are in the shared frontier

    def keep_alive(self, spider=None) -> None:
        """spider_idle: stay until the coordinator says the whole job is done."""
        if not self.leases.server.exists(self.keys.done):
            raise DontCloseSpider

    def ack(self, request) -> None:
        if request is not None:
            self.leases.ack(request.meta.pop(LEASE_META, None))

    def request_failed(self, failure) -> None:
        super().request_failed(failure)
        self.ack(failure.request)

    def discovery_failed(self, failure) -> None:
        super().discovery_failed(failure)
        self.ack(failure.request)

    def request_dropped(self, request, spider=None) -> None:
        super().request_dropped(request, spider)
        self.ack(request)  # a redirect to a URL already crawled: its lease ends here

    def item_error(self, item, response, spider=None, failure=None) -> None:
        super().item_error(getattr(item, "article", item), response, spider, failure)
        self.leases.ack(getattr(item, "lease", None))


class _Direct:
    """The spider's frontier of discovered article URLs, as the shared frontier: an URL a
    sitemap or feed lists is scheduled (pushed to Redis) at once, under the page's lease."""

    def __init__(self, spider: ClusterSpider) -> None:
        self.spider = spider

    def add(self, url: str) -> None:
        if self.spider.skip_stored(url):
            return
        request = self.spider.follow(url, "article")
        if request is not None:
            self.spider.crawler.engine.crawl(request)

    def __len__(self) -> int:
        return 0


class LeaseMiddleware:
    """Spider middleware nearest the engine. A page's new requests are put into the shared
    frontier here, one by one as the callback yields them (not later from Scrapy's output
    queue), so when the callback is done they are all in Redis and the page's lease ends; an
    article page's lease goes with its article to the store's list instead."""

    def __init__(self, crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def _pass(self, request, output):
        if isinstance(output, scrapy.Request):
            self.crawler.engine.crawl(output)  # enqueued (or dropped as a duplicate) now
            return None
        if isinstance(output, RawPage):
            return LeasedPage(output, request.meta.pop(LEASE_META, None))
        return output

    def _end(self, request) -> None:
        if LEASE_META in request.meta:
            self.crawler.spider.leases.ack(request.meta.pop(LEASE_META))

    def process_spider_output(self, response, result, spider=None):
        finished = False
        try:
            for output in result:
                passed = self._pass(response.request, output)
                if passed is not None:
                    yield passed
            finished = True
        except Exception:  # the callback failed: reported as failed, its page is done
            finished = True
            raise
        finally:
            if finished:  # not when the crawl is being stopped half-way (Ctrl-C)
                self._end(response.request)

    async def process_spider_output_async(self, response, result, spider=None):
        finished = False
        try:
            async for output in result:
                passed = self._pass(response.request, output)
                if passed is not None:
                    yield passed
            finished = True
        except Exception:  # the callback failed: reported as failed, its page is done
            finished = True
            raise
        finally:
            if finished:  # not when the crawl is being stopped half-way (Ctrl-C)
                self._end(response.request)


# -- pipelines ----------------------------------------------------------------------------------


class ClusterExtractPipeline(CrawlerPipeline):
    """LeasedPage -> LeasedArticle, as the one-process ExtractPipeline."""

    def process_item(self, item):
        if not isinstance(item, LeasedPage):
            return item
        from scraper.process import extract_page

        spider = self.spider
        try:
            article = extract_page(item.page, spider.profile, spider.report)
        except Exception as error:
            log.exception("%s: extraction failed", item.page.url)
            spider.report.failed.append((item.page.url, f"extraction error: {error!r}"))
            spider.leases.ack(item.lease)
            raise DropItem(f"{item.page.url}: extraction error") from error
        if article is None:
            spider.leases.ack(item.lease)
            raise DropItem(f"{item.page.url}: no title or date")
        return LeasedArticle(article, item.lease)


class ClusterImagePipeline(CrawlerPipeline):
    """Download the article's images (through the same polite downloader and the captures);
    their bytes travel with the article: the consumer checks and saves them."""

    async def process_item(self, item):
        if not isinstance(item, LeasedArticle) or not self.spider.images:
            return item
        from twisted.python.failure import Failure

        from scraper.fetching import failure_reason

        for image in item.article.images:
            src = image.src
            if src in item.fetched or not src.startswith(("http://", "https://")):
                continue
            try:
                request = scrapy.Request(
                    src, meta={"allow_offsite": True, "kind": "image"}, dont_filter=True
                )
                response = await self.crawler.engine.download_async(request)
            except Exception as error:  # noqa: BLE001 - any failure keeps the original URL
                item.fetched[src] = failure_reason(Failure(error))[1]
                continue
            item.fetched[src] = (
                response.body if response.status == 200 else (f"HTTP {response.status}")
            )
        return item


class PushPipeline(CrawlerPipeline):
    """The article (and its images) to the store consumer's list; the page's lease ends in the
    same transaction."""

    def process_item(self, item):
        if not isinstance(item, LeasedArticle):
            return item
        from scraper.cluster.serial import article_to_dict

        spider = self.spider
        entry = {
            "portal": spider.profile.name,
            "images": spider.images,
            "article": article_to_dict(item.article),
            "fetched": item.fetched,
            "worker": spider.leases.worker,
        }
        pipe = spider.leases.server.pipeline(transaction=True)
        pipe.rpush(spider.keys.items, serial.dumps(entry))
        spider.leases.ack(item.lease, pipe)
        pipe.execute()
        return item


# -- the process --------------------------------------------------------------------------------


def worker_settings(portal, profile, redis_url: str, worker: str) -> dict:
    """The one-process crawl's settings, with the shared frontier and cluster politeness."""
    from scraper.settings import build_settings

    settings = build_settings(
        profile,
        delay=portal.delay,
        timeout=portal.timeout,
        max_size=portal.max_size,
        retries=portal.retries,
        contact=portal.contact,
    )
    concurrency = settings["CONCURRENT_REQUESTS"]
    settings.update(
        {
            "REDIS_URL": redis_url,
            "SCHEDULER": "scraper.cluster.frontier.LeasedScheduler",
            "DUPEFILTER_CLASS": "scraper.cluster.frontier.SharedDupeFilter",
            "SCHEDULER_SERIALIZER": "scraper.cluster.serial",
            "SCHEDULER_PERSIST": True,
            # the cluster-wide turns space the requests to a host (politeness.py); a local
            # delay or per-host queue on top would only send a granted request late
            "DOWNLOAD_DELAY": 0,
            "CONCURRENT_REQUESTS_PER_DOMAIN": concurrency,
            "AUTOTHROTTLE_ENABLED": False,
            "CLOSESPIDER_PAGECOUNT": 0,  # a worker must not stop with leases in hand
            "CAPTURE_TAG": worker,
            "PORTAL": profile.name,
            "LOG_INSTALL_ROOT_HANDLER": False,
            "REMOTE_CONTROL_ENABLED": False,  # no control port on a worker
        }
    )
    middlewares = dict(settings["DOWNLOADER_MIDDLEWARES"])
    middlewares.pop("scraper.middlewares.PoliteRetryMiddleware", None)
    middlewares["scraper.cluster.politeness.ClusterRetryMiddleware"] = 550
    settings["DOWNLOADER_MIDDLEWARES"] = middlewares
    handler = "scraper.cluster.politeness.PoliteHTTP11DownloadHandler"
    settings["DOWNLOAD_HANDLERS"] = {"http": handler, "https": handler}
    settings["SPIDER_MIDDLEWARES"] = {"scraper.cluster.worker.LeaseMiddleware": 10}
    settings["ITEM_PIPELINES"] = {
        "scraper.cluster.worker.ClusterExtractPipeline": 100,
        "scraper.cluster.worker.ClusterImagePipeline": 200,
        "scraper.cluster.worker.PushPipeline": 300,
    }
    return settings


def _heartbeat(server, keys: Keys, leases: Leases, stop: threading.Event, every: float) -> None:
    """A thread: the heartbeat (so a worker busy parsing keeps its leases) and the reaping of
    dead workers' leases."""
    while not stop.wait(every):
        try:
            leases.heartbeat()
            reap(server, keys)
        except Exception as error:  # noqa: BLE001 - Redis away for a moment: try again
            log.warning("heartbeat to Redis failed: %s", error)


def wait_for_job(server, keys: Keys, wait: float) -> Job | None:
    deadline = time.monotonic() + wait
    announced = False
    while True:
        raw = server.get(keys.job)
        if raw is not None and not server.exists(keys.done):
            return Job.from_dict(serial.loads(raw))
        if time.monotonic() >= deadline:
            return None
        if not announced:
            print(f"cluster-worker: waiting for a job (up to {wait:g} s)", file=sys.stderr)
            announced = True
        time.sleep(0.5)


def run_worker(
    redis_url: str,
    *,
    prefix: str,
    captures: Path,
    worker_id: str | None = None,
    wait: float = 60.0,
    log_level: str = "WARNING",
) -> int:
    """Work on the job in Redis until it is done; exit code 0, or 2 when no job came."""
    import redis
    from scrapy.core.engine import ExecutionEngine
    from scrapy.crawler import Crawler, CrawlerProcess

    from scraper.crawl import _configure_logging

    keys = Keys(prefix)
    server = redis.Redis.from_url(redis_url)
    try:
        server.ping()
    except redis.RedisError as error:
        print(f"error: cannot reach Redis at {redis_url}: {error}", file=sys.stderr)
        return 2
    job = wait_for_job(server, keys, wait)
    if job is None:
        print(f"cluster-worker: no job to do on {redis_url} (prefix {prefix})", file=sys.stderr)
        return 0
    worker = worker_id or default_worker_id()
    leases = Leases(server, keys, worker, job.lease_seconds)
    leases.heartbeat()
    stop = threading.Event()
    beat = threading.Thread(
        target=_heartbeat,
        args=(redis.Redis.from_url(redis_url), keys, leases, stop, job.lease_seconds / 4),
        name="cluster-heartbeat",
        daemon=True,
    )
    beat.start()
    ExecutionEngine._SLOT_HEARTBEAT_INTERVAL = POLL_SECONDS  # noqa: SLF001 - poll the frontier
    _configure_logging(log_level)
    process = CrawlerProcess({"LOG_INSTALL_ROOT_HANDLER": False, "LOG_LEVEL": log_level})
    _configure_logging(log_level)
    for portal in job.portals:
        profile = portal.profile()
        settings = worker_settings(portal, profile, redis_url, worker)
        settings["CAPTURES_DIR"] = str(captures)
        settings["LOG_LEVEL"] = log_level
        first = not process._initialized_reactor  # noqa: SLF001 - as create_crawler does
        process._initialized_reactor = True  # noqa: SLF001
        crawler = Crawler(ClusterSpider, settings, init_reactor=first)
        process.crawl(
            crawler,
            profile=profile,
            start_urls=list(portal.starts),
            report=WorkerReport(server, keys, profile.name),
            store=RemoteStore(RemoteSources(server, keys.stored(profile.name))),
            only_new=portal.only_new,
            images=portal.images,
            keys=keys,
            leases=leases,
            turns=HostTurns(server, keys, portal.delay, settings["DOWNLOAD_TIMEOUT"] + 30),
        )
    print(
        f"cluster-worker {worker}: crawling {', '.join(p.name for p in job.portals)}",
        file=sys.stderr,
    )
    try:
        process.start()
    finally:
        stop.set()
        beat.join(timeout=5)
        left = leases.count()
        if left:  # stopped with requests in hand (Ctrl-C): give them back now
            reap(server, keys, force_worker=worker)
        server.srem(keys.workers, worker)
        server.delete(keys.alive(worker))
    return 0
