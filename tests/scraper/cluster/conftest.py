"""A real Redis server (Debian's redis-server) per test, on 127.0.0.1 and a free port, its data
in the test's temporary folder; stopped at the end."""

from __future__ import annotations

import shutil

import pytest

from scraper.cluster.redisserver import local_redis


@pytest.fixture
def redis_url(tmp_path):
    if not shutil.which("redis-server"):
        pytest.fail("redis-server is missing: run `make deps-system` (Debian's redis-server)")
    with local_redis(tmp_path / "redis") as url:
        yield url


@pytest.fixture
def server(redis_url):
    import redis

    client = redis.Redis.from_url(redis_url)
    yield client
    client.close()
