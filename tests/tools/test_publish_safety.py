"""Publishing can never make a broken release current (issue 17, item 5), end to end.

Two publishes started together. Real Pelican builds, real processes and the real lock, rsync
into tmp_path, nginx on 127.0.0.1.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.support.nginx import free_port, run_nginx
from tests.support.paths import PROJECT_ROOT
from tests.support.publishing import (
    BIG_FILE,
    SECOND,
    get,
    leftovers,
    publish_command,
    publish_env,
    releases,
    write_content,
)
from tools.publishing.manifest import scan

pytestmark = pytest.mark.slow


def start(tmp_path: Path, env: dict[str, str], name: str) -> tuple[subprocess.Popen, Path]:
    """`make publish` in the background; its stderr goes to a file (returned)."""
    log = tmp_path / f"{name}.stderr"
    process = subprocess.Popen(
        publish_command(tmp_path),
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log.open("w"),
        start_new_session=True,
    )
    return process, log


def test_two_publishes_started_together_one_publishes_the_other_refuses_at_once(tmp_path):
    dest = tmp_path / "target"
    dest.mkdir()
    with run_nginx(dest / "current", tmp_path / "nginx", free_port()) as base:
        # A large file uploaded at 200 kB/s keeps the winner busy for several seconds.
        env = publish_env(tmp_path, base, dest=str(dest), rsync_options="--bwlimit=200")
        write_content(tmp_path / "content", SECOND, {"files/ban-do.bin": BIG_FILE})
        started = time.monotonic()
        runs = [start(tmp_path, env, "one"), start(tmp_path, env, "two")]
        try:
            deadline = started + 240
            while time.monotonic() < deadline and all(p.poll() is None for p, _ in runs):
                time.sleep(0.02)
            (loser, loser_log), (winner, winner_log) = sorted(
                runs, key=lambda run: run[0].poll() is None
            )
            refused_after = time.monotonic() - started
            still_running = winner.poll() is None
            winner.wait(timeout=240)
        finally:
            for process, _ in runs:
                if process.poll() is None:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()
        refusal = loser_log.read_text()
        assert loser.returncode == 2, refusal
        assert f"another publish is running (pid {winner.pid} since " in refusal
        assert "wait for it to finish" in refusal
        assert "Nothing on the target was changed." in refusal
        assert still_running, f"the refused run took {refused_after:.1f} s: not 'at once'"
        print(f"refused after {refused_after:.2f} s, while the other was still publishing")

        assert winner.returncode == 0, winner_log.read_text()
        assert len(releases(dest)) == 1
        assert scan(dest / "current") == scan(tmp_path / "output")  # the complete build
        assert get(base + "/files/ban-do.bin") == (200, BIG_FILE)
        assert leftovers(tmp_path) == []  # no staging folder, no lock file
