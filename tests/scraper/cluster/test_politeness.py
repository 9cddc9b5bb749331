"""Per-host turns on a real Redis: however many workers ask at once, a host's turn is granted at
most once per delay; a hold (Retry-After, back-off) delays every worker; hosts are independent."""

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


def test_the_second_asker_waits_the_rest_of_the_delay(server) -> None:
    turns = HostTurns(server, KEYS, 0.5)
    assert turns.turn("h") == 0
    wait = turns.turn("h")
    assert 0.4 < wait <= 0.5
    assert turns.turn("other") == 0  # another host is not held


def test_a_hold_delays_every_worker(server) -> None:
    a, b = HostTurns(server, KEYS, 0.05), HostTurns(server, KEYS, 0.05)
    a.hold("h", 2.0)
    assert 1.9 < b.turn("h") <= 2.0
    a.hold("h", 0.1)  # never earlier than a longer hold
    assert b.turn("h") > 1.5


def test_concurrent_workers_never_share_a_turn(redis_url) -> None:
    """Four threads (own connections, like four workers) take turns on one host for ~1.5 s:
    the granted turns are at least the delay apart, by the Redis server's clock."""
    delay = 0.1
    granted: list[float] = []
    lock = threading.Lock()
    stop = time.monotonic() + 1.5

    def work() -> None:
        client = redis.Redis.from_url(redis_url)
        turns = HostTurns(client, KEYS, delay)
        while time.monotonic() < stop:
            wait = turns.turn("h")
            if wait == 0:
                with lock:
                    granted.append(turns.granted_at)
            else:
                time.sleep(wait)
        client.close()

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    granted.sort()
    gaps = [b - a for a, b in zip(granted, granted[1:], strict=False)]
    assert len(granted) >= 8  # the turns kept coming
    assert min(gaps) >= delay - 0.001  # milliseconds of the Redis clock
