"""The shared frontier: scrapy-redis' scheduler and duplicate filter, made reliable.

scrapy-redis pops a request off the frontier and forgets it: a worker killed with the request in
hand loses it. Here a pop is a lease (one Lua script, so atomic): the request moves from the
portal's frontier (a sorted set, by priority) into the worker's in-flight hash. It leaves that
hash only when its outcome is safe in Redis — its article pushed to the store's list, or the
requests its page led to pushed to the frontier — in the same transaction. Each worker refreshes
a heartbeat key; when it has expired (the worker was killed, or its machine lost), any worker or
the coordinator moves the dead worker's leases back to the frontier (`reap`).

So a request is always in exactly one place (frontier, a worker's in-flight hash), and a
duplicate is possible only after a worker lost its lease while still alive (stalled longer than
the lease): the store then finds the article already written ("unchanged")."""

from __future__ import annotations

import logging
from typing import Any

from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.queue import PriorityQueue
from scrapy_redis.scheduler import Scheduler

from scraper.cluster import serial
from scraper.cluster.keys import Keys

log = logging.getLogger(__name__)

LEASE_META = "cluster_lease"

# KEYS: frontier, inflight, workers; ARGV: lease id, worker id. -> the request's bytes, or nil.
# The worker joins the set of workers whose hands are counted and reaped in the same step.
_POP = """
local got = redis.call('ZPOPMIN', KEYS[1])
if #got == 0 then return false end
redis.call('HSET', KEYS[2], ARGV[1], cjson.encode({KEYS[1], got[2], got[1]}))
redis.call('SADD', KEYS[3], ARGV[2])
return got[1]
"""

# KEYS: seen, frontier, inflight; ARGV: fingerprint ('' = not filtered), request, score, the
# lease it takes over ('' = none). -> 1 queued, 0 a duplicate. Marking the request seen and
# queueing it are one step: a worker killed in between cannot leave it seen but nowhere.
_PUSH = """
if ARGV[1] ~= '' and redis.call('SADD', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[2])
if ARGV[4] ~= '' then redis.call('HDEL', KEYS[3], ARGV[4]) end
return 1
"""

# KEYS: alive, inflight, workers; ARGV: worker id, force. -> requests put back (-1: alive).
_REAP = """
if ARGV[2] ~= '1' and redis.call('EXISTS', KEYS[1]) == 1 then return -1 end
local leases = redis.call('HVALS', KEYS[2])
for _, lease in ipairs(leases) do
  local entry = cjson.decode(lease)
  redis.call('ZADD', entry[1], entry[2], entry[3])
end
redis.call('DEL', KEYS[2])
redis.call('SREM', KEYS[3], ARGV[1])
return #leases
"""


class Leases:
    """One worker's leases: ids, heartbeat, acknowledgement, and the reaping of dead workers."""

    def __init__(self, server, keys: Keys, worker: str, lease_seconds: float) -> None:
        self.server = server
        self.keys = keys
        self.worker = worker
        self.lease_ms = max(1000, int(lease_seconds * 1000))
        self.inflight = keys.inflight(worker)
        self._next = 0
        self._pop = server.register_script(_POP)

    def new_id(self) -> str:
        self._next += 1
        return str(self._next)

    def heartbeat(self) -> None:
        pipe = self.server.pipeline()
        pipe.set(self.keys.alive(self.worker), "1", px=self.lease_ms)
        pipe.sadd(self.keys.workers, self.worker)
        pipe.execute()

    def pop(self, frontier: str) -> tuple[str, bytes] | None:
        lease = self.new_id()
        data = self._pop(
            keys=[frontier, self.inflight, self.keys.workers], args=[lease, self.worker]
        )
        return (lease, data) if data else None

    def ack(self, lease: str | None, pipe=None) -> None:
        """The leased request's outcome is safe: forget it (in `pipe`'s transaction if given)."""
        if lease is None:
            return
        (pipe or self.server).hdel(self.inflight, lease)

    def count(self) -> int:
        return int(self.server.hlen(self.inflight))


def reap(server, keys: Keys, *, force_worker: str | None = None) -> int:
    """Put the leases of every dead worker (heartbeat expired) back into the frontier; with
    `force_worker`, that worker's whatever its heartbeat. Returns the requests put back."""
    script = server.register_script(_REAP)
    total = 0
    workers = [force_worker] if force_worker else sorted(server.smembers(keys.workers))
    for raw in workers:
        worker = raw.decode() if isinstance(raw, bytes) else raw
        back = script(
            keys=[keys.alive(worker), keys.inflight(worker), keys.workers],
            args=[worker, "1" if force_worker else "0"],
        )
        if back and back > 0:
            log.warning("worker %s is gone: %d request(s) back in the frontier", worker, back)
            total += back
        elif back == 0 and not force_worker:
            log.info("worker %s is gone (no request in hand)", worker)
    return total


def inflight_total(server, keys: Keys) -> int:
    total = 0
    for raw in server.smembers(keys.workers):
        worker = raw.decode() if isinstance(raw, bytes) else raw
        total += int(server.hlen(keys.inflight(worker)))
    return total


class LeasedQueue(PriorityQueue):
    """scrapy-redis' priority queue whose pop is a lease and whose push of a request derived
    from a leased one (a retry, a redirect) hands the lease over in the same transaction."""

    def __init__(self, server, spider, key, serializer=None, seen: str = "") -> None:
        super().__init__(server, spider, key, serializer or serial)
        self.leases: Leases = spider.leases
        self.seen = seen
        self._push = server.register_script(_PUSH)

    def _encode_request(self, request) -> bytes:
        data: dict[str, Any] = request.to_dict(spider=self.spider)
        data["meta"] = {k: v for k, v in data.get("meta", {}).items() if k != LEASE_META}
        return self.serializer.dumps(data)

    def push(self, request, fingerprint: str | None = None) -> bool:
        """Queue `request` unless `fingerprint` was seen (then False), in one step; a request
        derived from a leased one (a retry, a redirect) takes its lease over."""
        data = self._encode_request(request)
        lease = request.meta.get(LEASE_META) or ""
        keys = [self.seen or f"{self.key}:unfiltered", self.key, self.leases.inflight]
        added = self._push(keys=keys, args=[fingerprint or "", data, -request.priority, lease])
        if added:
            request.meta.pop(LEASE_META, None)
        return bool(added)

    def pop(self, timeout: int = 0):
        got = self.leases.pop(self.key)
        if got is None:
            return None
        lease, data = got
        request = self._decode_request(data)
        request.meta[LEASE_META] = lease
        return request


class SharedDupeFilter(RFPDupeFilter):
    """scrapy-redis' duplicate filter on the job's key; kept when a worker closes (the
    frontier of the other workers still needs it)."""

    @classmethod
    def from_spider(cls, spider):
        return cls(spider.leases.server, key=spider.keys.seen(spider.profile.name))

    def close(self, reason: str = "") -> None:
        return None


class LeasedScheduler(Scheduler):
    """scrapy-redis' scheduler on the job's frontier key, persistent, never flushed by a
    worker; `has_pending_requests` counts the shared frontier."""

    @classmethod
    def from_crawler(cls, crawler):
        instance = super().from_crawler(crawler)
        instance.persist = True
        instance.flush_on_start = False
        return instance

    def open(self, spider):
        self.spider = spider
        self.df = SharedDupeFilter.from_spider(spider)
        self.queue = LeasedQueue(
            self.server,
            spider,
            spider.keys.frontier(spider.profile.name),
            self.serializer,
            seen=self.df.key,
        )
        if len(self.queue):
            log.info("%s: %d request(s) waiting in the frontier", spider.name, len(self.queue))

    def close(self, reason):
        return None

    def enqueue_request(self, request) -> bool:
        fingerprint = None if request.dont_filter else self.df.request_fingerprint(request)
        if not self.queue.push(request, fingerprint):
            self.df.log(request, self.spider)
            return False  # a duplicate: Scrapy sends request_dropped (the spider ends its lease)
        if self.stats:
            self.stats.inc_value("scheduler/enqueued/redis")
        return True

    def next_request(self):
        request = self.queue.pop()
        if request is not None and self.stats:
            self.stats.inc_value("scheduler/dequeued/redis")
        return request
