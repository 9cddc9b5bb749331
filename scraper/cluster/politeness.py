"""Per-host politeness across all workers: one request at a time per host, and the delay
between the end of one and the start of the next, whichever worker sends them.

Each host has two Redis keys: `busy` (the token of the request in flight, with a time-out so
a dead worker's turn ends) and `next` (the earliest start of the next request, milliseconds of
the Redis server's clock, so the workers' clocks do not matter). A worker about to send runs one
Lua script: if nobody is in flight and `next` has come, it takes the turn (sets `busy`) and
sends at once; if not, it waits and asks again. When the response is in (or the download
failed) it ends the turn: `busy` cleared, `next` = now + delay. Taking and ending are atomic, so
two requests to a host never overlap, and since the next one can only start after the previous
answer arrived, the portal sees its requests at least the delay apart however late a busy
worker's process runs. Waits to honour (a Retry-After, a retry back-off) push `next` forward for
every worker (`hold`).

The turn is taken in the download handler itself (PoliteHTTP11DownloadHandler), after Scrapy's
queues and middlewares, right before the request goes to the network; the download time-out
starts then. The workers' own Scrapy delay is 0 (the turns space the requests)."""

from __future__ import annotations

import logging
import secrets
from urllib.parse import urlsplit

from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler

from scraper.middlewares import PoliteRetryMiddleware

log = logging.getLogger(__name__)

_NOW = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
"""

# KEYS: busy, next; ARGV: token, delay ms, busy time-out ms -> {0 (go) or ms to wait, now}.
_TAKE = (
    _NOW
    + """
if redis.call('EXISTS', KEYS[1]) == 1 then return {tonumber(ARGV[2]), now} end
local nxt = tonumber(redis.call('GET', KEYS[2]) or '0')
if now < nxt then return {nxt - now, now} end
redis.call('SET', KEYS[1], ARGV[1], 'PX', tonumber(ARGV[3]))
return {0, now}
"""
)

# KEYS: busy, next; ARGV: token, delay ms. The next start: delay after this end (or later).
_END = (
    _NOW
    + """
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
local want = now + tonumber(ARGV[2])
local nxt = tonumber(redis.call('GET', KEYS[2]) or '0')
if want > nxt then redis.call('SET', KEYS[2], want, 'PX', tonumber(ARGV[2]) + 600000) end
return want
"""
)

# KEYS: next; ARGV: ms from now. Moves the next start later, never earlier.
_HOLD = (
    _NOW
    + """
local want = now + tonumber(ARGV[1])
local nxt = tonumber(redis.call('GET', KEYS[1]) or '0')
if want > nxt then redis.call('SET', KEYS[1], want, 'PX', tonumber(ARGV[1]) + 600000) end
return want
"""
)


def host_of(url: str) -> str:
    parts = urlsplit(url)
    return (parts.hostname or "").lower() + (f":{parts.port}" if parts.port else "")


class HostTurns:
    """The Redis side: `take(host)` -> (seconds to wait, or 0 and the turn's token),
    `end(host, token)`, `hold(host, seconds)`."""

    def __init__(self, server, keys, delay: float, busy_timeout: float = 240.0) -> None:
        self.keys = keys
        self.delay_ms = max(1, round(delay * 1000))
        self.busy_ms = max(1000, round(busy_timeout * 1000))
        self._take = server.register_script(_TAKE)
        self._end = server.register_script(_END)
        self._hold = server.register_script(_HOLD)
        self.granted_at: float | None = None  # the last turn taken here (Redis clock, s)

    def _keys(self, host: str) -> list[str]:
        return [self.keys.host(host) + ":busy", self.keys.host(host)]

    def take(self, host: str) -> tuple[float, str | None]:
        token = secrets.token_hex(8)
        wait, now = self._take(keys=self._keys(host), args=[token, self.delay_ms, self.busy_ms])
        if int(wait):
            return int(wait) / 1000.0, None
        self.granted_at = int(now) / 1000.0
        return 0.0, token

    def end(self, host: str, token: str) -> None:
        self._end(keys=self._keys(host), args=[token, self.delay_ms])

    def hold(self, host: str, seconds: float) -> None:
        self._hold(keys=[self.keys.host(host)], args=[max(0, round(seconds * 1000))])


async def _sleep(seconds: float) -> None:
    from scrapy.utils.defer import maybe_deferred_to_future
    from twisted.internet import reactor, task

    await maybe_deferred_to_future(task.deferLater(reactor, seconds, lambda: None))


class PoliteHTTP11DownloadHandler(HTTP11DownloadHandler):
    """Scrapy's HTTP/1.1 handler (http and https) that waits for the host's turn first; the
    download time-out starts once the turn is granted. Robots.txt and images take turns too."""

    async def download_request(self, request):
        turns: HostTurns = self._crawler.spider.turns
        host = host_of(request.url)
        while True:
            wait, token = turns.take(host)
            if token is not None:
                break
            await _sleep(wait)
        try:
            return await super().download_request(request)
        finally:
            turns.end(host, token)


class ClusterRetryMiddleware(PoliteRetryMiddleware):
    """The one-process retry middleware, whose waits (back-off, Retry-After) hold the host for
    every worker of the cluster instead of one process's download slot."""

    def _hold(self, request, seconds: float) -> None:
        self.crawler.spider.turns.hold(host_of(request.url), seconds)
        log.info("%s: every worker waits %.1f s before the next request", request.url, seconds)
