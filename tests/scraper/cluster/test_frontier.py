"""The leased frontier on a real Redis: a popped request is in the worker's hands until its
outcome is safe; a dead worker's requests go back; a live worker's stay; a request is always in
exactly one place."""

from __future__ import annotations

import time

import pytest
import scrapy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scraper.cluster.frontier import LEASE_META, LeasedQueue, Leases, inflight_total, reap
from scraper.cluster.keys import Keys

KEYS = Keys("t")
FRONTIER = KEYS.frontier("demo")


class _Spider(scrapy.Spider):
    name = "portal"


def queue(server, worker: str, lease: float = 60) -> LeasedQueue:
    spider = _Spider()
    spider.leases = Leases(server, KEYS, worker, lease)
    spider.leases.heartbeat()
    return LeasedQueue(server, spider, FRONTIER, seen=KEYS.seen("demo"))


def request(n: int) -> scrapy.Request:
    return scrapy.Request(f"http://127.0.0.1:1/p/{n}")


def where(server) -> dict[str, int]:
    return {"frontier": int(server.zcard(FRONTIER)), "inflight": inflight_total(server, KEYS)}


def test_a_pop_is_a_lease_until_acknowledged(server) -> None:
    a = queue(server, "a")
    a.push(request(1))
    got = a.pop()
    assert got.url == "http://127.0.0.1:1/p/1" and got.meta[LEASE_META]
    assert where(server) == {"frontier": 0, "inflight": 1}
    a.leases.ack(got.meta[LEASE_META])
    assert where(server) == {"frontier": 0, "inflight": 0}
    assert a.pop() is None


def test_a_dead_workers_requests_go_back_a_live_workers_stay(server) -> None:
    dead, alive = queue(server, "dead", lease=1), queue(server, "alive", lease=60)
    for n in range(3):
        dead.push(request(n))
    taken = [dead.pop(), dead.pop()]
    alive.push(request(9))
    kept = alive.pop()
    assert reap(server, KEYS) == 0  # both heartbeats still fresh
    time.sleep(1.2)  # the dead worker's heartbeat expires (its lease: 1 s)
    assert reap(server, KEYS) == 2
    assert where(server) == {"frontier": 3, "inflight": 1}
    back = sorted(r.url for r in iter(alive.pop, None))
    every = {f"http://127.0.0.1:1/p/{n}" for n in (0, 1, 2, 9)}
    assert back == sorted(every - {kept.url})
    assert {t.url for t in taken} <= set(back)
    assert server.sismember(KEYS.workers, "alive") and not server.sismember(KEYS.workers, "dead")


def test_a_retry_takes_over_its_original_lease(server) -> None:
    a = queue(server, "a")
    a.push(request(1))
    got = a.pop()
    retry = got.replace(dont_filter=True)  # what RetryMiddleware and redirects do (meta copied)
    a.push(retry)
    assert where(server) == {"frontier": 1, "inflight": 0}  # handed over, not duplicated
    assert LEASE_META not in retry.meta


def test_a_request_in_the_frontier_carries_no_old_lease(server) -> None:
    a = queue(server, "a")
    a.push(request(1))
    first = a.pop()
    a.push(first.replace())
    again = a.pop()
    assert again.meta[LEASE_META] != first.meta[LEASE_META]


def test_seen_and_queued_in_one_step(server) -> None:
    a = queue(server, "a")
    assert a.push(request(1), "fp-1") is True
    assert a.push(request(1), "fp-1") is False  # a duplicate: not queued again
    assert a.push(request(2)) is True  # not filtered (dont_filter): queued
    assert server.sismember(a.seen, "fp-1") and where(server)["frontier"] == 2


def test_reaping_a_named_worker_empties_its_hands(server) -> None:
    a = queue(server, "a")
    a.push(request(1))
    a.pop()
    assert reap(server, KEYS, force_worker="a") == 1
    assert where(server) == {"frontier": 1, "inflight": 0}


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.sampled_from(["push", "pop", "ack", "kill"]), max_size=30))
def test_every_request_is_in_exactly_one_place(server, steps) -> None:
    """Whatever happens, pushed = in the frontier + in hands + finished: none lost, none twice."""
    server.flushdb()
    workers = [queue(server, f"w{n}") for n in range(2)]
    pushed = finished = 0
    hands: list[tuple[LeasedQueue, str]] = []
    for n, step in enumerate(steps):
        worker = workers[n % 2]
        if step == "push":
            worker.push(request(n))
            pushed += 1
        elif step == "pop":
            got = worker.pop()
            if got is not None:
                hands.append((worker, got.meta[LEASE_META]))
        elif step == "ack" and hands:
            owner, lease = hands.pop(0)
            owner.leases.ack(lease)
            finished += 1
        elif step == "kill":
            name = worker.leases.worker
            reap(server, KEYS, force_worker=name)
            hands = [(q, lease) for q, lease in hands if q is not worker]
        counts = where(server)
        assert counts["inflight"] == len(hands)
        assert counts["frontier"] + counts["inflight"] + finished == pushed


@pytest.mark.parametrize("n", [1, 50])
def test_priority_orders_the_frontier(server, n) -> None:
    a = queue(server, "a")
    low = request(0)
    high = scrapy.Request("http://127.0.0.1:1/sitemap.xml", priority=10)
    for i in range(n):
        a.push(request(100 + i))
    a.push(low)
    a.push(high)
    assert a.pop().url == high.url
