"""Crash safety of the cluster: a worker killed with SIGKILL mid-crawl loses nothing (its
requests in hand go back to the frontier, another worker does them); the whole cluster killed
and started again resumes; no article is stored twice."""

from __future__ import annotations

import os
import signal
import subprocess
import time

import pytest
import redis

from scraper.cluster.redisserver import local_redis
from tests.scraper.cluster.cluster_support import (
    PREFIX,
    cluster_args,
    provenance_problems,
    run_cluster,
    summary,
    worker_pids,
)
from tests.scraper.crawl_support import by_source_path, comparable_tree, crawl
from tests.support.paths import PROJECT_ROOT
from tools.demo_portal import serve

pytestmark = pytest.mark.slow

SECTIONS = ("xay-dung-dang", "kinh-te")  # 24 articles and their images


def sections(base: str) -> list[str]:
    return [arg for name in SECTIONS for arg in ("--start-url", f"{base}/chuyen-muc/{name}/")]


def articles_in(folder) -> int:
    return len(list(folder.rglob("*.md")))


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    """The demo portal and the content of one uninterrupted one-process crawl of it."""
    work = tmp_path_factory.mktemp("cluster-kill-reference")
    with serve() as (base, _):
        reference = crawl(base, work / "content", work / "w", *sections(base))
        assert reference.returncode == 0, reference.stderr
        yield base, comparable_tree(work / "content")


def start(base, tmp_path, redis_url=None, *extra):
    args = cluster_args(
        base, tmp_path / "content", tmp_path / "w", *sections(base), "--delay", "0.05", *extra,
        redis=redis_url,
    )  # fmt: skip
    return subprocess.Popen(
        args, cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def wait_for(condition, process, what: str, limit: float = 120) -> None:
    deadline = time.monotonic() + limit
    while not condition():
        assert process.poll() is None, f"the cluster ended before {what}"
        assert time.monotonic() < deadline, f"no {what} in {limit} s"
        time.sleep(0.02)


def test_a_worker_killed_mid_crawl_loses_nothing(tmp_path, portal) -> None:
    base, expected = portal
    total = len([key for key in expected if key.endswith(".md")])
    with local_redis(tmp_path / "redis") as url:
        server = redis.Redis.from_url(url)
        process = start(base, tmp_path, url)
        try:
            wait_for(lambda: len(worker_pids(server)) == 2, process, "two workers")
            wait_for(lambda: articles_in(tmp_path / "content") >= 3, process, "an article")
            victim = worker_pids(server)[0]
            worker = next(w.decode() for w in server.smembers(f"{PREFIX}:workers")
                          if w.decode().endswith(f"-{victim}"))  # fmt: skip
            wait_for(lambda: server.hlen(f"{PREFIX}:inflight:{worker}") > 0, process,
                     "a request in the victim's hands")  # fmt: skip
            os.kill(victim, signal.SIGKILL)
            out, err = process.communicate(timeout=240)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
    assert process.returncode == 0, out + err
    assert "back in the frontier" in err  # the dead worker's requests were taken over
    assert summary(out) == (total, 0, 0)  # each article written once, none twice
    assert comparable_tree(tmp_path / "content") == expected
    assert provenance_problems(tmp_path / "content", tmp_path / "w" / "demo") == []


def test_the_whole_cluster_killed_and_started_again_resumes(tmp_path, portal) -> None:
    """Coordinator and workers killed with SIGKILL; the private redis-server (var/redis by
    default, here in the test's folder) keeps the frontier on disk; the same command again
    resumes and writes only what was missing."""
    base, expected = portal
    total = len([key for key in expected if key.endswith(".md")])
    data = tmp_path / "redis"
    process = start(base, tmp_path, None, "--redis-dir", data)
    try:
        wait_for(lambda: articles_in(tmp_path / "content") >= total // 3, process, "articles")
        url = next(line.split(" on ", 1)[1].split(" ", 1)[0] for line in _lines(process))
        pids = worker_pids(redis.Redis.from_url(url))
        for pid in [process.pid, *pids]:
            os.kill(pid, signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    _wait_gone(pids)
    partial = articles_in(tmp_path / "content")
    assert 0 < partial < total

    again = run_cluster(base, tmp_path / "content", tmp_path / "w", *sections(base),
                        "--delay", "0.05", "--redis-dir", data, redis=None)  # fmt: skip
    assert again.returncode == 0, again.stdout + again.stderr
    assert "Resuming the unfinished cluster crawl" in again.stderr
    new, updated, unchanged = summary(again.stdout)
    assert (new, updated) == (total - partial, 0)  # only the missing ones, each once
    assert unchanged <= 1  # at most the one the consumer was writing when it was killed
    assert comparable_tree(tmp_path / "content") == expected
    assert len(by_source_path(tmp_path / "content")) == total


def _lines(process):
    """The coordinator's stderr lines up to its 'Cluster crawl of ... on URL' line."""
    for line in process.stderr:
        if line.startswith("Cluster crawl of "):
            yield line
            return


def _wait_gone(pids: list[int]) -> None:
    deadline = time.monotonic() + 30
    for pid in pids:
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.05)
