"""`make publish` end to end: real Pelican + publishconf.py, rsync, nginx on 127.0.0.1, ghp-import.

Each test builds a two- or three-article site from a content folder in tmp_path and runs
`python -m tools.publish` (what `make publish` / `make rollback` run) in a subprocess.
"""

from __future__ import annotations

import os
import re
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
    PUBLISHCONF,
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
from tools.publishing.manifest import git_blob_id, scan

pytestmark = pytest.mark.slow


def test_publish_twice_then_rollback_served_by_nginx(tmp_path):
    port = free_port()
    dest = tmp_path / "target"
    dest.mkdir()
    with run_nginx(dest / "current", tmp_path / "nginx", port) as base:
        env = publish_env(tmp_path, base, dest=str(dest))
        write_content(tmp_path / "content", FIRST)
        first = run(tmp_path, env)
        assert first.returncode == 0, first.stderr
        assert f"verified at {base}" in first.stdout
        assert "(first release: nothing to link)" in first.stderr
        assert "linked from None" not in first.stderr
        build1 = scan(tmp_path / "output")
        status, home = get(base + "/")
        assert status == 200 and home == (tmp_path / "output" / "index.html").read_bytes()

        write_content(tmp_path / "content", SECOND)
        second = run(tmp_path, env)
        assert second.returncode == 0, second.stderr
        assert f"verified at {base}" in second.stdout
        assert "(unchanged files linked from " in second.stderr
        build2 = scan(tmp_path / "output")
        assert build2 != build1
        new_article = "/2025/06/ky-niem-thanh-lap/"
        status, page = get(base + new_article)
        assert status == 200 and "Kỷ niệm ngày thành lập".encode() in page
        assert "Đã sửa, lần hai.".encode() in get(base + "/2025/05/hop-ban-chi-dao/")[1]

        old, new = releases(dest)
        assert scan(dest / "releases" / old) == build1  # the first release is kept intact
        assert scan(dest / "current") == build2
        unchanged = [p for p in build1 if build1[p] == build2.get(p)]
        assert unchanged, "expected some files (theme assets) to be the same in both builds"
        for path in unchanged:  # hard-linked from the previous release, not copied
            inodes = {(dest / "releases" / r / path).stat().st_ino for r in (old, new)}
            assert len(inodes) == 1, path
        sent, total = map(
            int, re.search(r"\((\d+) bytes uploaded of (\d+)\)", second.stdout).groups()
        )
        changed_bytes = sum(
            (tmp_path / "output" / p).stat().st_size for p in build2 if p not in unchanged
        )
        assert sent == changed_bytes < total

        back = subprocess.run(
            ["make", "-s", "-o", ".venv/.installed", "rollback", f"PUBLISHCONF={PUBLISHCONF}"],
            cwd=PROJECT_ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert back.returncode == 0, back.stderr
        assert f"current -> releases/{old}" in back.stdout
        assert os.readlink(dest / "current") == f"releases/{old}"
        assert get(base + new_article)[0] == 404
        assert get(base + "/")[1] == home
        assert "Nội dung lần một.".encode() in get(base + "/2025/05/hop-ban-chi-dao/")[1]
        assert run(tmp_path, env, "verify").returncode == 0

        again = run(tmp_path, env, "rollback")
        assert again.returncode == 2
        assert f"no verified release older than the current one (releases/{old})" in again.stderr
        assert "Nothing on the target was changed." in again.stderr
        assert os.readlink(dest / "current") == f"releases/{old}"


def test_killed_upload_leaves_a_stale_lock_that_the_next_publish_reports_and_clears(tmp_path):
    port = free_port()
    dest = tmp_path / "target"
    dest.mkdir()
    with run_nginx(dest / "current", tmp_path / "nginx", port) as base:
        env = publish_env(tmp_path, base, dest=str(dest))
        write_content(tmp_path / "content", FIRST)
        assert run(tmp_path, env).returncode == 0
        build1 = scan(tmp_path / "output")
        (first,) = releases(dest)

        write_content(tmp_path / "content", SECOND, {"files/ban-do.bin": BIG_FILE})
        slow = {**env, "ARCHIVE_PUBLISH_RSYNC_OPTIONS": "--bwlimit=200"}  # ~7 s for the file
        process = subprocess.Popen(
            publish_command(tmp_path),
            cwd=PROJECT_ROOT,
            env=slow,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            deadline = time.monotonic() + 120
            partial: list[Path] = []
            while time.monotonic() < deadline and process.poll() is None:
                partial = [p for p in (dest / "releases").glob(".partial-*") if any(p.iterdir())]
                if partial:
                    break
                time.sleep(0.02)
            assert partial, "the upload never started"
        finally:
            os.killpg(process.pid, signal.SIGKILL)  # the publish process and its rsync
            process.wait()
        assert partial[0].is_dir() and not (partial[0] / "files" / "ban-do.bin").exists()
        assert releases(dest) == [first]
        assert os.readlink(dest / "current") == f"releases/{first}"
        assert scan(dest / "releases" / first) == build1
        assert get(base + "/")[1] == (dest / "current" / "index.html").read_bytes()
        assert get(base + "/2025/06/ky-niem-thanh-lap/")[0] == 404
        lock = tmp_path / ".publish.lock"
        (staging,) = [p for p in tmp_path.glob("output.publish-staging.*")]
        assert staging.name.endswith(f"-{process.pid}")  # the dead run's own, never reused
        assert f'"pid": {process.pid}' in lock.read_text()

        resumed = run(tmp_path, env)
        assert resumed.returncode == 0, resumed.stderr
        assert f"stale lock {lock}: the publish started by pid {process.pid} since " in (
            resumed.stderr
        )
        assert "it was killed or crashed, and no process holds the lock any more" in (
            resumed.stderr
        )
        assert f"removed {staging}: the staging folder of an earlier publish" in resumed.stderr
        assert f"removing releases/{partial[0].name} on {dest}" in resumed.stderr
        assert not list((dest / "releases").glob(".partial-*"))
        assert len(releases(dest)) == 2 and verified(dest) == releases(dest)
        assert leftovers(tmp_path) == []
        assert get(base + "/files/ban-do.bin") == (200, BIG_FILE)
        assert get(base + "/2025/06/ky-niem-thanh-lap/")[0] == 200


@pytest.mark.parametrize(
    ("breakage", "message"),
    [
        ("broken-link", "broken internal link"),
        ("content-check", "content check (make check) failed"),
    ],
)
def test_a_bad_build_is_refused_and_the_target_is_unchanged(tmp_path, breakage, message):
    dest = tmp_path / "target"
    env = publish_env(tmp_path, "http://127.0.0.1:9", dest=str(dest), verify="0")
    write_content(tmp_path / "content", FIRST)
    assert run(tmp_path, env).returncode == 0
    before = snapshot(dest)
    articles = dict(SECOND)
    if breakage == "broken-link":
        title, date, _ = articles["ky-niem-thanh-lap"]
        articles["ky-niem-thanh-lap"] = (title, date, "Xem [bài cũ](/2024/01/khong-ton-tai/).")
    write_content(tmp_path / "content", articles)
    if breakage == "content-check":
        (tmp_path / "content" / "khong-tieu-de.md").write_text("Date: 2025-06-03\n\nThân bài.\n")
    refused = run(tmp_path, env)
    assert refused.returncode == 2
    assert message in refused.stderr
    assert "Nothing on the target was changed." in refused.stderr
    if breakage == "broken-link":
        assert "/2024/01/khong-ton-tai/" in refused.stderr
    else:
        assert "khong-tieu-de.md" in refused.stderr
    assert snapshot(dest) == before


def test_dry_run_lists_the_changes_and_changes_nothing(tmp_path):
    dest = tmp_path / "target"
    env = publish_env(tmp_path, "http://127.0.0.1:9", dest=str(dest), verify="0")
    write_content(tmp_path / "content", FIRST)
    assert run(tmp_path, env).returncode == 0
    before = snapshot(dest)
    write_content(tmp_path / "content", SECOND)
    dry = run(tmp_path, env, "publish", "--dry-run")
    assert dry.returncode == 0, dry.stderr
    lines = dry.stdout.splitlines()
    assert "+ 2025/06/ky-niem-thanh-lap/index.html" in lines
    assert "~ 2025/05/hop-ban-chi-dao/index.html" in lines
    assert "~ index.html" in lines
    # No page was removed: adding an article adds pages. (Search fragments may be renumbered:
    # ids follow the dates with gaps whose unit depends on the archive's span and size.)
    removed = [line[2:] for line in lines if line.startswith("- ")]
    assert [name for name in removed if not name.startswith("search/")] == [], removed
    assert all(re.fullmatch(r"search/docs/[0-9a-f]+\.json\.gz", name) for name in removed), removed
    assert re.search(r"^\d+ added, \d+ changed, \d+ removed$", dry.stdout, re.MULTILINE)
    assert snapshot(dest) == before


def test_failed_verification_rolls_back_automatically(tmp_path):
    port = free_port()
    dest = tmp_path / "target"
    dest.mkdir()
    with run_nginx(dest / "current", tmp_path / "nginx", port) as base:
        env = publish_env(tmp_path, base, dest=str(dest))
        write_content(tmp_path / "content", FIRST)
        assert run(tmp_path, env).returncode == 0
        (first,) = releases(dest)
        # A host that keeps serving an old copy (a stale cache, a wrong document root).
        stale = tmp_path / "stale"
        stale.symlink_to(dest / "releases" / first)
        with serve_directory(stale) as stale_url:
            write_content(tmp_path / "content", SECOND)
            failed = run(tmp_path, {**env, "ARCHIVE_PUBLISH_PUBLIC_URL": stale_url})
        assert failed.returncode == 1
        assert "verification failed" in failed.stderr
        assert f"{stale_url}/: served content differs" in failed.stderr
        assert f"releases/{first} is served again" in failed.stderr
        assert os.readlink(dest / "current") == f"releases/{first}"
        assert releases(dest) == [first]
        assert get(base + "/2025/06/ky-niem-thanh-lap/")[0] == 404


def test_github_pages_branch_in_a_bare_repository_holds_the_site(tmp_path):
    bare = tmp_path / "pages.git"
    subprocess.run(["git", "init", "--quiet", "--bare", str(bare)], check=True)
    env = publish_env(
        tmp_path,
        "https://example.org",
        target="ghpages",
        ghpages_remote=str(bare),
        ghpages_repo=str(tmp_path / "work"),
        verify="0",
    )
    write_content(tmp_path / "content", FIRST)
    done = run(tmp_path, env)
    assert done.returncode == 0, done.stderr
    listing = subprocess.run(
        ["git", "--git-dir", str(bare), "ls-tree", "-r", "gh-pages"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    branch = {line.split("\t")[1]: line.split()[2] for line in listing.splitlines()}
    built = scan(tmp_path / "output", digest=git_blob_id)
    assert "2025/05/hop-ban-chi-dao/index.html" in built
    assert {k: v for k, v in branch.items() if k != ".nojekyll"} == built

    write_content(tmp_path / "content", SECOND)
    dry = run(tmp_path, env, "publish", "--dry-run")
    assert "+ 2025/06/ky-niem-thanh-lap/index.html" in dry.stdout.splitlines()
    after = subprocess.run(
        ["git", "--git-dir", str(bare), "ls-tree", "-r", "gh-pages"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert after == listing

    def bare_git(*args: str) -> str:
        command = ["git", "--git-dir", str(bare), *args]
        return subprocess.run(command, capture_output=True, text=True, check=True).stdout

    first = bare_git("rev-parse", "gh-pages").strip()
    assert "files on the target match the build manifest" in bare_git(
        "notes", "--ref=publish-verified", "show", first
    )
    assert run(tmp_path, env).returncode == 0
    back = run(tmp_path, env, "rollback")
    assert back.returncode == 0, back.stderr
    assert f"to the site of {first[:12]} (Publish the archive" in back.stdout
    assert bare_git("rev-parse", "gh-pages^{tree}") == bare_git("rev-parse", f"{first}^{{tree}}")
    again = run(tmp_path, env, "rollback")  # the first publish is current again: nowhere to go
    assert again.returncode == 2
    assert f"no verified release older than the current one ({first[:12]}" in again.stderr


def test_missing_destination_is_refused_before_building(tmp_path):
    write_content(tmp_path / "content", FIRST)
    refused = run(tmp_path, publish_env(tmp_path, "https://example.org"))
    assert refused.returncode == 2
    assert "ARCHIVE_PUBLISH_DEST" in refused.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content"]


@pytest.mark.parametrize("target", ["rsync", "ghpages"])
def test_a_site_over_the_size_limit_is_refused_naming_its_biggest_parts(tmp_path, target):
    """A small fake limit (the real GitHub Pages one is 1 GB): refused before any upload."""
    dest = tmp_path / "target"
    settings = {"dest": str(dest)}
    if target == "ghpages":
        bare = tmp_path / "pages.git"
        subprocess.run(["git", "init", "--quiet", "--bare", str(bare)], check=True)
        settings = {"target": "ghpages", "ghpages_remote": str(bare)}
        settings["ghpages_repo"] = str(tmp_path / "work")
    env = publish_env(tmp_path, "http://127.0.0.1:9", verify="0", size_limit="60kB", **settings)
    write_content(tmp_path / "content", FIRST)
    refused = run(tmp_path, env)
    assert refused.returncode == 2, refused.stderr
    message = refused.stderr
    assert re.search(
        rf"the site is \d+\.\d\d kB \(\d+ bytes, \d+ files\), over the {target} target's "
        r"size limit of 60\.00 kB",
        message,
    ), message
    parts = re.findall(r"\n  (.+): (\d+\.\d\d) kB in \d+ files? \(\d+ %\)", message)
    assert 1 <= len(parts) <= 6
    sizes = [float(size) for _, size in parts]
    assert sizes == sorted(sizes, reverse=True)  # the biggest first
    assert {"theme (CSS, JS, fonts)", "article pages (<year>/)"} <= {kind for kind, _ in parts}
    assert "Nothing on the target was changed." in message
    assert not dest.exists()
    if target == "ghpages":
        branches = subprocess.run(
            ["git", "--git-dir", str(bare), "branch"], capture_output=True, text=True, check=True
        )
        assert branches.stdout == ""
    # the same site under a limit it fits in is published
    fits = run(tmp_path, {**env, "ARCHIVE_PUBLISH_SIZE_LIMIT": "50MB"})
    assert fits.returncode == 0, fits.stderr
