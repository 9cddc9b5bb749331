"""The GitHub Pages target with ghp-import into a bare git repository in tmp_path."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tools.publishing.config import ConfigError
from tools.publishing.ghpages import GhPagesError, GhPagesTarget
from tools.publishing.manifest import diff, git_blob_id, scan


def git(*args: str, cwd: Path | None = None) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, check=True
    ).stdout


def branch_files(bare: Path, ref: str = "gh-pages") -> dict[str, bytes]:
    names = git("--git-dir", str(bare), "ls-tree", "-r", "--name-only", ref).split("\n")
    return {
        name: subprocess.run(
            ["git", "--git-dir", str(bare), "show", f"{ref}:{name}"], capture_output=True
        ).stdout
        for name in names
        if name
    }


def make_site(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_publish_dry_run_and_rollback_on_a_bare_remote(tmp_path):
    bare = tmp_path / "remote.git"
    git("init", "--quiet", "--bare", str(bare))
    target = GhPagesTarget(tmp_path / "work", str(bare), "gh-pages")
    one = make_site(tmp_path / "one", {"index.html": "v1", "2025/05/a/index.html": "a"})
    two = make_site(tmp_path / "two", {"index.html": "v2", "2025/06/b/index.html": "b"})

    assert target.prepare() is None
    first = target.publish(one, "first")
    files = branch_files(bare)
    assert files.pop(".nojekyll") == b""
    assert files == {"index.html": b"v1", "2025/05/a/index.html": b"a"}

    tip = target.prepare()
    assert tip == first
    changes = diff(target.manifest(tip), scan(two, digest=git_blob_id))
    assert (changes.added, changes.changed, changes.removed) == (
        ("2025/06/b/index.html",),
        ("index.html",),
        ("2025/05/a/index.html",),
    )
    second = target.publish(two, "second")
    assert branch_files(bare)["index.html"] == b"v2"
    assert git("--git-dir", str(bare), "rev-parse", "gh-pages").strip() == second

    target.revert_to_parent(target.prepare())
    files = branch_files(bare)
    files.pop(".nojekyll")
    assert files == {"index.html": b"v1", "2025/05/a/index.html": b"a"}
    log = git("--git-dir", str(bare), "log", "--format=%s", "gh-pages").split("\n")
    assert log[:3] == [f"Roll back to the site of {first[:12]}", "second", "first"]


def test_the_first_publish_cannot_be_rolled_back(tmp_path):
    bare = tmp_path / "remote.git"
    git("init", "--quiet", "--bare", str(bare))
    target = GhPagesTarget(tmp_path / "work", str(bare))
    tip = target.publish(make_site(tmp_path / "one", {"index.html": "v1"}), "first")
    with pytest.raises(GhPagesError, match="no earlier publish"):
        target.revert_to_parent(tip)


def test_missing_remote_is_a_clear_error(tmp_path):
    with pytest.raises(ConfigError, match="ARCHIVE_PUBLISH_GHPAGES_REMOTE"):
        GhPagesTarget(tmp_path / "work", "")
