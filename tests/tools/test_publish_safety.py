"""Publishing can never make a broken release current (issue 17, item 5), end to end.

Two publishes started together, and a staging folder that lost files after its build finished.
Real Pelican builds, real processes and the real lock, rsync into tmp_path, nginx on 127.0.0.1.
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
    FIRST,
    SECOND,
    get,
    leftovers,
    publish_command,
    publish_env,
    releases,
    run,
    snapshot,
    write_content,
)
from tools import publish
from tools.publishing import build_manifest
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
        output = scan(tmp_path / "output")
        assert scan(dest / "current") == output  # the complete build, nothing else
        manifest = build_manifest.read(tmp_path / "output")
        assert manifest.count == len(output) - 1 > 20
        assert get(base + "/files/ban-do.bin") == (200, BIG_FILE)
        assert leftovers(tmp_path) == []  # no staging folder, no lock file


def test_a_staging_folder_that_lost_files_after_the_build_is_refused(tmp_path, monkeypatch, capsys):
    dest = tmp_path / "target"
    env = publish_env(tmp_path, "http://127.0.0.1:9", dest=str(dest), verify="0")
    write_content(tmp_path / "content", FIRST)
    assert run(tmp_path, env).returncode == 0
    before, published = snapshot(dest), scan(tmp_path / "output")

    write_content(tmp_path / "content", SECOND)
    lost = ["index.html", "2025/06/ky-niem-thanh-lap/index.html", "sitemap.xml"]
    build = publish.build_for_publishing

    def build_then_lose_files(content: Path, staging: Path, conf_file: Path, site_url: str):
        build(content, staging, conf_file, site_url)  # ends by writing the manifest
        for name in lost:  # what another run's clean-up did to a shared folder in issue 17
            (staging / name).unlink()

    monkeypatch.setattr(publish, "build_for_publishing", build_then_lose_files)
    for key in [k for k in os.environ if k.startswith("ARCHIVE_")]:
        monkeypatch.delenv(key)
    for key, value in env.items():
        if key.startswith("ARCHIVE_"):
            monkeypatch.setenv(key, value)
    status = publish.main(publish_command(tmp_path)[3:])
    stderr = capsys.readouterr().err
    assert status == 2
    assert "no longer matches its build manifest" in stderr
    assert "3 missing, 0 not in the manifest, 0 with another checksum" in stderr
    for name in lost:
        assert f"missing: {name}" in stderr
    assert "Nothing on the target was changed." in stderr
    assert snapshot(dest) == before
    assert scan(tmp_path / "output") == published
    assert leftovers(tmp_path) == []
