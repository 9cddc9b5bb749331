"""The publish lock with real processes: a live holder refuses others, a killed one is stale."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support.paths import PROJECT_ROOT
from tools.publishing.lock import LockBusy, PublishLock

HOLD = """
import sys, time
from tools.publishing.lock import PublishLock
lock = PublishLock(sys.argv[1]).acquire()
print("locked", flush=True)
time.sleep(120)
"""


def hold_lock(path: Path) -> subprocess.Popen:
    """Another process that takes the lock and keeps it until it is killed."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(path)],
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
    return holder


def kill(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGKILL)
    process.wait()


def test_a_held_lock_refuses_at_once_naming_the_holder(tmp_path):
    path = tmp_path / ".publish.lock"
    holder = hold_lock(path)
    try:
        started = time.monotonic()
        with pytest.raises(LockBusy) as busy:
            PublishLock(path).acquire()
        assert time.monotonic() - started < 1.5
        message = str(busy.value)
        assert f"another publish is running (pid {holder.pid} since " in message
        assert f"kill {holder.pid}" in message and str(path) in message
    finally:
        kill(holder)


def test_a_killed_holder_leaves_a_stale_lock_that_is_reported_and_taken_over(tmp_path):
    path = tmp_path / ".publish.lock"
    holder = hold_lock(path)
    recorded = json.loads(path.read_text())
    kill(holder)  # like `kill -9` or a crash: no chance to clean up
    assert path.exists()
    with PublishLock(path) as lock:
        assert lock.stale is not None and lock.stale.pid == holder.pid
        assert lock.stale.started == recorded["started"]
        assert json.loads(path.read_text())["pid"] == os.getpid()
    assert not path.exists()  # a normal end removes the file
    with PublishLock(path) as lock:
        assert lock.stale is None


def test_rollback_refuses_while_a_publish_holds_the_lock(tmp_path):
    path = tmp_path / ".publish.lock"
    env = {k: v for k, v in os.environ.items() if not k.startswith("ARCHIVE_")}
    env |= {
        "ARCHIVE_SITEURL": "http://127.0.0.1:9",
        "ARCHIVE_PUBLISH_DEST": str(tmp_path / "target"),
        "ARCHIVE_PUBLISH_LOCK_FILE": str(path),
    }
    holder = hold_lock(path)
    try:
        refused = subprocess.run(
            [sys.executable, "-m", "tools.publish", "rollback", "--conf", "publishconf.py"],
            cwd=PROJECT_ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        kill(holder)
    assert refused.returncode == 2
    assert f"another publish is running (pid {holder.pid} since " in refused.stderr
    assert "Nothing on the target was changed." in refused.stderr
    assert not (tmp_path / "target").exists()
