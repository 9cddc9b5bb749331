"""Shard builds on the Redis job queue (RQ) with two local workers; one is killed (SIGKILL, its
whole process group) in the middle of a shard: the shard is retried by the other worker and the
merged site is complete, byte for byte the whole build."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from redis import Redis
from rq import Queue
from rq.job import Job
from rq.registry import StartedJobRegistry

from tests.support.paths import PROJECT_ROOT

from .support import ENV, SETTINGS, differences, portal_content, whole_build

REDIS = shutil.which("redis-server") or "/usr/bin/redis-server"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def redis_url(tmp_path):
    if not os.path.exists(REDIS):
        pytest.fail("redis-server is missing: run `make deps-system` (Debian's redis-server)")
    port = free_port()
    server = subprocess.Popen(
        [
            REDIS,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    client = Redis(host="127.0.0.1", port=port)
    for _ in range(100):
        try:
            client.ping()
            break
        except Exception:  # noqa: BLE001 - not up yet
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    server.terminate()
    server.wait(timeout=10)


def start(args: list[str], log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "tools.shards", *args],
        cwd=PROJECT_ROOT,
        env=ENV,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: the kill takes its shard build too
    )


def process_tree(root: int) -> set[int]:
    """`root` and every process below it (from /proc)."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
    tree, grew = {root}, True
    while grew:
        more = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= more
        grew = bool(more)
    return tree


def kill_machine(root: int) -> None:
    """SIGKILL a worker and everything it started, as when its machine is lost (RQ's work
    horse runs in a session of its own, so killing the worker's group alone leaves it)."""
    for pid in process_tree(root):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def job_of(url: str, worker: str, limit: float = 300) -> Job:
    """The first job the worker named `worker` starts."""
    connection = Redis.from_url(url)
    registry = StartedJobRegistry(queue=Queue("shards", connection=connection))
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        for job_id in registry.get_job_ids():
            job = Job.fetch(job_id, connection=connection)
            if job.worker_name == worker:
                return job
        time.sleep(0.1)
    raise AssertionError(f"worker {worker} started no job in {limit} s")


@pytest.mark.slow
def test_a_killed_workers_shard_is_retried_and_the_merged_site_is_complete(tmp_path, redis_url):
    content = portal_content(tmp_path / "content", articles=40, portals=2)
    folder, output = tmp_path / "shards", tmp_path / "merged"
    fast = ["--heartbeat-grace", "3", "--maintenance-interval", "1", "--monitoring-interval", "1"]
    workers = {
        name: start(
            ["--dir", str(folder), "worker", "--redis", redis_url, "--name", name, *fast],
            tmp_path / f"worker-{name}.log",
        )
        for name in ("a", "b")
    }
    queue = start(
        [
            "--dir",
            str(folder),
            "queue",
            "--redis",
            redis_url,
            "--content",
            str(content),
            "--settings",
            str(SETTINGS),
            "--output",
            str(output),
            "--wait-limit",
            "600",
        ],
        tmp_path / "queue.log",
    )
    try:
        job = job_of(redis_url, "a")
        time.sleep(0.5)  # the shard's Pelican is running
        assert job.get_status(refresh=True).value == "started"
        kill_machine(workers["a"].pid)
        workers["a"].wait(timeout=10)
        assert queue.wait(timeout=900) == 0, (tmp_path / "queue.log").read_text()
    finally:
        for process in (*workers.values(), queue):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:  # RQ's warm shut-down still waiting
                    kill_machine(process.pid)
                    process.wait(timeout=10)
    job.refresh()
    assert job.get_status().value == "finished"
    assert job.worker_name == "b"
    assert job.retries_left == 2  # one of its three retries spent on the killed run
    whole_build(content, tmp_path / "whole", tmp_path / "whole-cache")
    assert differences(tmp_path / "whole", output) == []
