"""Per-host politeness across all workers: one request start per host per delay, whichever
worker sends it.

Each host has one Redis key: the earliest time (milliseconds, the Redis server's clock, so the
workers' clocks do not matter) at which the next request to it may start. A worker about to send
runs one Lua script: if that time has come, the key moves to now + delay and the request goes
at once; if not, the worker waits the time left and asks again. The check and the move are one
atomic step, so two workers never both go. Waits to honour (a Retry-After, a retry back-off) push
the key forward for every worker (`hold`).

This runs as the downloader middleware nearest the downloader (order 960), and the workers'
own Scrapy delay is 0 with no per-host queue of their own, so a request leaves right after its
turn was granted."""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from scraper.middlewares import PoliteRetryMiddleware

log = logging.getLogger(__name__)

# KEYS: host key; ARGV: delay ms. -> {0 (go now) or ms to wait, now in ms}.
_TURN = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local nxt = tonumber(redis.call('GET', KEYS[1]) or '0')
if now < nxt then return {nxt - now, now} end
local delay = tonumber(ARGV[1])
redis.call('SET', KEYS[1], now + delay, 'PX', delay + 600000)
return {0, now}
"""

# KEYS: host key; ARGV: ms from now. Moves the next start later, never earlier.
_HOLD = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local want = now + tonumber(ARGV[1])
local nxt = tonumber(redis.call('GET', KEYS[1]) or '0')
if want > nxt then redis.call('SET', KEYS[1], want, 'PX', tonumber(ARGV[1]) + 600000) end
return want
"""


def host_of(url: str) -> str:
    parts = urlsplit(url)
    return (parts.hostname or "").lower() + (f":{parts.port}" if parts.port else "")


class HostTurns:
    """The Redis side: `turn(host)` -> seconds to wait (0: go), `hold(host, seconds)`."""

    def __init__(self, server, keys, delay: float) -> None:
        self.keys = keys
        self.delay_ms = max(1, round(delay * 1000))
        self._turn = server.register_script(_TURN)
        self._hold = server.register_script(_HOLD)
        self.granted_at: float | None = None  # the last turn granted here (Redis clock)

    def turn(self, host: str) -> float:
        wait, now = self._turn(keys=[self.keys.host(host)], args=[self.delay_ms])
        if not wait:
            self.granted_at = int(now) / 1000.0  # Redis clock, seconds
        return int(wait) / 1000.0

    def hold(self, host: str, seconds: float) -> None:
        self._hold(keys=[self.keys.host(host)], args=[max(0, round(seconds * 1000))])


async def _sleep(seconds: float) -> None:
    from scrapy.utils.defer import maybe_deferred_to_future
    from twisted.internet import reactor, task

    await maybe_deferred_to_future(task.deferLater(reactor, seconds, lambda: None))


class ClusterPolitenessMiddleware:
    """Downloader middleware: waits for the host's turn (robots.txt and images included)."""

    def __init__(self, crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    async def process_request(self, request):
        turns: HostTurns = self.crawler.spider.turns
        host = host_of(request.url)
        while True:
            wait = turns.turn(host)
            if wait <= 0:
                return None
            await _sleep(wait)


class ClusterRetryMiddleware(PoliteRetryMiddleware):
    """The one-process retry middleware, whose waits (back-off, Retry-After) hold the host for
    every worker of the cluster instead of one process's download slot."""

    def _hold(self, request, seconds: float) -> None:
        self.crawler.spider.turns.hold(host_of(request.url), seconds)
        log.info("%s: every worker waits %.1f s before the next request", request.url, seconds)
