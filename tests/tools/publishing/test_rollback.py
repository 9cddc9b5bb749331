"""Which release a rollback goes to, on real rsync folders and a real bare git repository."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tools.publishing import build_manifest
from tools.publishing.ghpages import GhPagesTarget
from tools.publishing.rollback import NoRollback, ghpages_choice, rsync_choice
from tools.publishing.rsync_target import RsyncTarget


def make_site(folder: Path, files: dict[str, bytes]) -> Path:
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    build_manifest.write(folder)
    return folder


def test_rsync_rollback_passes_over_unverified_and_damaged_releases(tmp_path):
    target = RsyncTarget(str(tmp_path / "target"))
    names = []
    for n, verified in enumerate([True, True, False, True]):
        site = make_site(tmp_path / f"s{n}", {"index.html": b"v%d" % n, "a.css": b"a"})
        name, _ = target.upload(site)
        target.switch(name)
        if verified:
            target.mark_verified(name, "verified")
        names.append(name)
    choice = rsync_choice(target)
    assert (choice.current.id, choice.chosen.id) == (names[3], names[1])
    (line,) = choice.lines()
    assert line.startswith(f"skipped releases/{names[2]}: not verified (no releases/{names[2]}.")

    (tmp_path / "target" / "releases" / names[1] / "index.html").write_bytes(b"tampered")
    choice = rsync_choice(target)
    assert choice.chosen.id == names[0]
    assert choice.lines()[1] == (
        f"skipped releases/{names[1]}: its files no longer match its build manifest "
        "(0 missing, 0 not in the manifest, 1 with another checksum: checksum differs: index.html)"
    )

    target.switch(names[0])
    with pytest.raises(NoRollback, match="there is no older release at all"):
        rsync_choice(target)


def git(*args: str) -> str:
    return subprocess.run(["git", *args], capture_output=True, text=True, check=True).stdout


def test_ghpages_rollback_passes_over_unverified_commits_and_goes_further_back(tmp_path):
    bare = tmp_path / "remote.git"
    git("init", "--quiet", "--bare", str(bare))
    target = GhPagesTarget(tmp_path / "work", str(bare))
    commits = []
    for n, verified in enumerate([True, False, True]):
        site = make_site(tmp_path / f"s{n}", {"index.html": b"v%d" % n})
        commit = target.publish(site, f"Publish {n}")
        if verified:
            target.mark_verified(commit, "verified")
        commits.append(commit)

    fresh = GhPagesTarget(tmp_path / "elsewhere", str(bare))  # notes come from the remote
    tip = fresh.prepare()
    choice = ghpages_choice(fresh, tip)
    assert (choice.current.id, choice.chosen.id) == (commits[2], commits[0])
    assert choice.lines() == [
        f"skipped {commits[1][:12]} (Publish 1): not verified (no note in "
        "refs/notes/publish-verified: its publish failed, was killed before verification "
        "finished, or ran before verification notes existed)"
    ]
    new_tip = fresh.restore(tip, choice.chosen.id)
    assert fresh.reader(new_tip)("index.html") == b"v0"

    # The current release is now the first one: a second rollback has nowhere to go (it does not
    # bounce back to the commit before the rollback commit).
    with pytest.raises(NoRollback, match=f"current one \\({commits[0][:12]}"):
        ghpages_choice(fresh, fresh.prepare())
