"""The rsync target on real folders: releases, hard links, the `current` switch, rollback.

The SSH path runs through a stand-in `ssh` that executes the command locally, so the remote
code path (rsync -e, commands as one string) is exercised without any network.
"""

from __future__ import annotations

import os
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tools.publishing import build_manifest
from tools.publishing.config import ConfigError
from tools.publishing.manifest import scan
from tools.publishing.rollback import NoRollback, rsync_choice
from tools.publishing.rsync_target import (
    RsyncTarget,
    new_release_name,
    parse_destination,
    parse_stats,
)

FAKE_SSH = """#!/bin/sh
# stand-in for ssh: drop `-l user` and the host, run the command here through a shell
user=""
if [ "$1" = "-l" ]; then user="$2@"; shift 2; fi
echo "$user$1" >> "$(dirname "$0")/hosts.log"
shift
exec sh -c "$*"
"""


@pytest.mark.parametrize(
    ("dest", "expected"),
    [
        ("/srv/archive", (None, "/srv/archive")),
        ("relative/dir", (None, "relative/dir")),
        ("./a:b", (None, "./a:b")),
        ("host:/srv/archive", ("host", "/srv/archive")),
        ("deploy@web-1:/srv/archive", ("deploy@web-1", "/srv/archive")),
        ("host:", ("host", ".")),
    ],
)
def test_parse_destination(dest, expected):
    assert parse_destination(dest) == expected


def test_release_names_are_utc_timestamps():
    assert new_release_name([], datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)) == "20260102T030405Z"


@given(st.lists(st.integers(min_value=0, max_value=5), min_size=1, max_size=15))
def test_release_names_always_sort_after_the_previous_ones(offsets):
    names: list[str] = []
    for offset in offsets:  # the same second repeated, and a clock that goes backwards
        now = datetime(2026, 1, 1, 0, 0, offset, tzinfo=UTC)
        name = new_release_name(names, now)
        assert names == [] or name > max(names)
        names.append(name)
    assert sorted(names) == names and len(set(names)) == len(names)


def test_parse_stats():
    text = (
        "Number of regular files transferred: 3\nTotal file size: 1,234,567 bytes\n"
        "Literal data: 5,089 bytes\nTotal bytes sent: 6,000\n"
    )
    stats = parse_stats(text)
    assert (stats.files, stats.total_size, stats.literal, stats.sent) == (3, 1234567, 5089, 6000)


def make_site(folder: Path, files: dict[str, bytes]) -> Path:
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    return folder


@pytest.fixture(params=["local", "ssh"])
def target_factory(request, tmp_path):
    dest = tmp_path / "target"

    def make(keep: int = 5) -> RsyncTarget:
        if request.param == "local":
            return RsyncTarget(str(dest), keep=keep)
        ssh = tmp_path / "bin" / "fake-ssh"
        ssh.parent.mkdir(exist_ok=True)
        ssh.write_text(FAKE_SSH)
        ssh.chmod(0o755)
        return RsyncTarget(f"deploy@web:{dest}", ssh=str(ssh), keep=keep)

    make.dest = dest
    make.mode = request.param
    return make


def test_two_releases_share_unchanged_files_and_rollback_switches_back(tmp_path, target_factory):
    target = target_factory()
    big = os.urandom(200_000)
    one = make_site(tmp_path / "one", {"index.html": b"v1", "big.bin": big, "a/index.html": b"a"})
    two = make_site(tmp_path / "two", {"index.html": b"v2", "big.bin": big, "b/index.html": b"b"})
    build_manifest.write(one), build_manifest.write(two)
    first, stats1 = target.upload(one)
    target.switch(first)
    second, stats2 = target.upload(two)
    dest = target_factory.dest
    assert os.readlink(dest / "current") == f"releases/{first}"  # upload alone serves nothing
    target.switch(second)
    assert os.readlink(dest / "current") == f"releases/{second}"
    assert scan(dest / "current") == scan(two)
    assert scan(dest / "releases" / first) == scan(one)  # the first release is kept intact
    same = [dest / "releases" / r / "big.bin" for r in (first, second)]
    assert same[0].stat().st_ino == same[1].stat().st_ino  # hard-linked, not copied
    assert stats1.literal >= len(big) and stats2.literal < 1000  # index, b, the manifest
    assert stat.S_IMODE((dest / "current" / "index.html").stat().st_mode) == 0o644
    for name in (first, second):
        target.mark_verified(name, "verified in a test")
    choice = rsync_choice(target)
    assert (choice.current.id, choice.chosen.id, choice.skipped) == (second, first, ())
    target.switch(first)
    assert scan(dest / "current") == scan(one)
    with pytest.raises(NoRollback, match="there is no older release at all"):
        rsync_choice(target)
    if target_factory.mode == "ssh":
        assert "deploy@web" in (tmp_path / "bin" / "hosts.log").read_text()


def test_keeps_the_newest_releases_and_never_the_current_one(tmp_path, target_factory):
    target = target_factory(keep=2)
    names = []
    for n in range(4):
        site = make_site(tmp_path / f"s{n}", {"index.html": b"v%d" % n})
        name, _ = target.upload(site)
        names.append(name)
        if n == 0:
            target.switch(name)  # the first stays current throughout
    removed = target.prune()
    releases, current = target.state()
    assert current == names[0]
    assert releases == [names[0], *names[-2:]]
    assert removed == [names[1]]


def test_a_leftover_partial_upload_is_cleared_and_never_served(tmp_path, target_factory):
    target = target_factory()
    first, _ = target.upload(make_site(tmp_path / "one", {"index.html": b"v1"}))
    target.switch(first)
    partial = target_factory.dest / "releases" / ".partial-20990101T000000Z"
    make_site(partial, {"index.html": b"half"})
    assert target.state() == ([first], first)  # a partial is not a release
    second, _ = target.upload(make_site(tmp_path / "two", {"index.html": b"v2"}))
    assert not partial.exists()
    assert target.state() == ([first, second], first)


def test_verified_markers_and_the_release_check_against_the_build_manifest(
    tmp_path, target_factory
):
    target = target_factory()
    site = make_site(tmp_path / "one", {"index.html": b"v1", "a/index.html": b"a"})
    manifest = build_manifest.write(site)
    name, _ = target.upload(site)
    assert not target.check_release(name, manifest)
    assert target.build_manifest(name) == manifest  # the release carries its manifest
    assert target.verified() == set()
    target.mark_verified(name, "verified in a test")
    assert target.verified() == {name}
    marker = target_factory.dest / "releases" / f"{name}.verified"
    assert marker.read_text() == "verified in a test\n"
    (target_factory.dest / "releases" / name / "a" / "index.html").unlink()
    mismatch = target.check_release(name, manifest)
    assert mismatch.missing == ("a/index.html",) and not mismatch.changed
    target.discard(name)
    assert target.verified() == set() and not marker.exists()


def test_pruning_keeps_the_newest_verified_release_before_the_current_one(tmp_path, target_factory):
    target = target_factory(keep=2)
    names = []
    for n in range(4):
        name, _ = target.upload(make_site(tmp_path / f"s{n}", {"index.html": b"v%d" % n}))
        names.append(name)
        target.switch(name)
        if n == 0:
            target.mark_verified(name, "verified")  # the others never were
    removed = target.prune()
    assert removed == [names[1]]
    assert target.state() == ([names[0], *names[2:]], names[3])
    assert target.verified() == {names[0]}


def test_nothing_published_yet(tmp_path, target_factory):
    target = target_factory()
    assert target.state() == ([], None)
    assert target.manifest() == {}
    assert not target_factory.dest.exists()  # reading created nothing
    assert target.verified() == set()
    with pytest.raises(NoRollback, match="nothing is published yet"):
        rsync_choice(target)


def test_no_destination_is_a_clear_error():
    with pytest.raises(ConfigError, match="ARCHIVE_PUBLISH_DEST"):
        RsyncTarget("")
