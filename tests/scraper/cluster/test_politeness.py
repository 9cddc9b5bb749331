"""Per-host turns on a real Redis: one request at a time per host across every worker, the
delay between the end of one and the start of the next; a hold (Retry-After, back-off) delays
every worker; hosts are independent; a dead worker's turn ends by itself."""

from __future__ import annotations

import threading
import time

import pytest
import redis

from scraper.cluster.keys import Keys
from scraper.cluster.politeness import HostTurns, host_of

KEYS = Keys("t")


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("http://127.0.0.1:8000/a", "127.0.0.1:8000"),
        ("https://Portal.Example.vn/x?y", "portal.example.vn"),
        ("http://127.0.0.1/a", "127.0.0.1"),
    ],
)
def test_host_of(url, host) -> None:
    assert host_of(url) == host


def test_nobody_else_goes_while_a_request_is_in_flight(server) -> None:
    a, b = HostTurns(server, KEYS, 0.5), HostTurns(server, KEYS, 0.5)
    wait, token = a.take("h")
    assert (wait, bool(token)) == (0, True)
    wait, other = b.take("h")
    assert other is None and wait > 0
    assert b.take("other")[1] is not None  # another host is not held
    a.end("h", token)
    wait, other = b.take("h")
    assert other is None and 0.4 < wait <= 0.5  # the delay counts from the end


def test_a_hold_delays_every_worker(server) -> None:
    a, b = HostTurns(server, KEYS, 0.05), HostTurns(server, KEYS, 0.05)
    a.hold("h", 2.0)
    assert 1.9 < b.take("h")[0] <= 2.0
    a.hold("h", 0.1)  # never earlier than a longer hold
    assert b.take("h")[0] > 1.5


def test_a_dead_workers_turn_ends_by_itself(server) -> None:
    dead = HostTurns(server, KEYS, 0.05, busy_timeout=1.0)
    assert dead.take("h")[1] is not None  # ... and the worker dies with it
    alive = HostTurns(server, KEYS, 0.05)
    assert alive.take("h")[1] is None
    time.sleep(1.1)
    assert alive.take("h")[1] is not None


def test_concurrent_workers_never_overlap(redis_url) -> None:
    """Four threads (own connections, like four workers) send 'requests' of 20 ms to one host
    for ~1.5 s: no two overlap and each starts at least the delay after the previous ended."""
    delay, length = 0.05, 0.02
    spans: list[tuple[float, float]] = []
    lock = threading.Lock()
    stop = time.monotonic() + 1.5

    def work() -> None:
        client = redis.Redis.from_url(redis_url)
        turns = HostTurns(client, KEYS, delay)
        while time.monotonic() < stop:
            wait, token = turns.take("h")
            if token is None:
                time.sleep(wait)
                continue
            start = time.monotonic()
            time.sleep(length)
            end = time.monotonic()
            turns.end("h", token)
            with lock:
                spans.append((start, end))
        client.close()

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    spans.sort()
    assert len(spans) >= 8  # the turns kept coming
    pauses = [b[0] - a[1] for a, b in zip(spans, spans[1:], strict=False)]
    assert min(pauses) >= delay - 0.002  # Redis' clock in ms vs. this one
