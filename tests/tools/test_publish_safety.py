"""Publishing can never make a broken release current (issue 17, item 5), end to end.

Two publishes started together, a staging folder that lost files after its build finished, and a
rollback past a release whose publish was killed before it was verified. Real Pelican builds, real
processes and the real lock, rsync into tmp_path, nginx on 127.0.0.1.
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
    verified,
    write_content,
)
from tests.support.server import serve_directory
from tools import publish
from tools.publishing import build_manifest
from tools.publishing.manifest import scan

pytestmark = pytest.mark.slow

THIRD = {
    **SECOND,
    "dau-tu-cong": ("Giải ngân vốn đầu tư công", "2025-05-29T09:30:00+07:00", "Lần ba."),
}


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
        (release,) = releases(dest)
        assert verified(dest) == [release]
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


def test_rollback_passes_over_a_release_killed_before_it_was_verified(tmp_path):
    dest = tmp_path / "target"
    dest.mkdir()
    with run_nginx(dest / "current", tmp_path / "nginx", free_port()) as base:
        env = publish_env(tmp_path, base, dest=str(dest))
        write_content(tmp_path / "content", FIRST)
        assert run(tmp_path, env).returncode == 0
        (first,) = releases(dest)
        home = get(base + "/")[1]

        # The second publish switches `current`, then is killed while its verification still
        # fails (a host that keeps serving the old copy): live, but never verified.
        write_content(tmp_path / "content", SECOND)
        stale = tmp_path / "stale"
        stale.symlink_to(dest / "releases" / first)
        with serve_directory(stale) as stale_url:
            lagging = {
                **env,
                "ARCHIVE_PUBLISH_PUBLIC_URL": stale_url,
                "ARCHIVE_PUBLISH_VERIFY_ATTEMPTS": "1000",
                "ARCHIVE_PUBLISH_VERIFY_DELAY": "0.1",
            }
            process, _ = start(tmp_path, lagging, "killed")
            try:
                deadline = time.monotonic() + 180
                while time.monotonic() < deadline and process.poll() is None:
                    if os.readlink(dest / "current") != f"releases/{first}":
                        break
                    time.sleep(0.02)
                assert process.poll() is None, "the publish ended before it could be killed"
            finally:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        second = os.readlink(dest / "current").rpartition("/")[2]
        assert releases(dest) == [first, second] and verified(dest) == [first]
        assert get(base + "/2025/06/ky-niem-thanh-lap/")[0] == 200

        write_content(tmp_path / "content", THIRD)
        third_run = run(tmp_path, env)
        assert third_run.returncode == 0, third_run.stderr
        assert f"the publish started by pid {process.pid} since " in third_run.stderr
        third = releases(dest)[-1]
        assert verified(dest) == [first, third]

        back = run(tmp_path, env, "rollback")
        assert back.returncode == 0, back.stderr
        assert f"skipped releases/{second}: not verified (no releases/{second}.verified" in (
            back.stdout
        )
        assert f"current -> releases/{first} (was releases/{third})" in back.stdout
        assert os.readlink(dest / "current") == f"releases/{first}"
        assert get(base + "/")[1] == home
        assert get(base + "/2025/06/ky-niem-thanh-lap/")[0] == 404

        again = run(tmp_path, env, "rollback")
        assert again.returncode == 2
        assert f"no verified release older than the current one (releases/{first})" in (
            again.stderr
        )
        assert os.readlink(dest / "current") == f"releases/{first}"
