"""plugins/replay_page/files.py: the installed player is found, files are copied only when their
bytes changed, and what is no longer published is removed."""

from __future__ import annotations

import json
import os

from plugins.replay_page.files import REPLAYWEBPAGE_FILES, copy_if_changed, find_player, place_files
from tests.support.paths import PROJECT_ROOT


def fake_package(folder, version="9.9.9"):
    folder.mkdir(parents=True)
    (folder / "package.json").write_text(json.dumps({"version": version}), encoding="utf-8")
    (folder / "ui.js").write_text("/* ui */", encoding="utf-8")
    (folder / "sw.js").write_text("/*! sw.js (wabac.js 1.2.3) is part of ... */", encoding="utf-8")
    (folder / "LICENSE").write_text("AGPL", encoding="utf-8")
    return folder


def test_the_pinned_package_is_found_with_its_versions():
    player = find_player(PROJECT_ROOT / "node_modules" / "replaywebpage")
    assert player is not None, (
        "node_modules/replaywebpage is missing: run `npm ci --ignore-scripts`"
    )
    lock = json.loads((PROJECT_ROOT / "package-lock.json").read_text(encoding="utf-8"))
    assert player.version == lock["packages"]["node_modules/replaywebpage"]["version"]
    assert player.engine  # the wabac.js version in sw.js's licence banner


def test_a_package_missing_a_file_is_not_a_player(tmp_path):
    folder = fake_package(tmp_path / "rwp")
    assert find_player(folder).engine == "1.2.3"
    for name in REPLAYWEBPAGE_FILES.values():
        os.rename(folder / name, folder / f"{name}.x")
        assert find_player(folder) is None, name
        os.rename(folder / f"{name}.x", folder / name)
    (folder / "package.json").write_text("{}", encoding="utf-8")
    assert find_player(folder) is None


def test_a_file_already_there_is_not_written_again(tmp_path):
    source = tmp_path / "a.wacz"
    source.write_bytes(b"x" * 1000)
    target = tmp_path / "out" / "a.wacz"
    assert copy_if_changed(source, target) is True
    assert target.read_bytes() == source.read_bytes()
    mtime = target.stat().st_mtime_ns
    assert copy_if_changed(source, target) is False
    os.utime(target, ns=(mtime + 10**9, mtime + 10**9))  # same bytes, other mtime: compared
    assert copy_if_changed(source, target) is False
    source.write_bytes(b"y" * 1000)
    assert copy_if_changed(source, target) is True
    assert target.read_bytes() == b"y" * 1000
    assert sorted(p.name for p in target.parent.iterdir()) == ["a.wacz"]  # no partial left


def test_files_no_longer_wanted_are_removed(tmp_path):
    source = tmp_path / "demo.wacz"
    source.write_bytes(b"demo")
    out = tmp_path / "out"
    out.mkdir()
    (out / "old.wacz").write_bytes(b"old")
    (out / "keep.txt").write_bytes(b"not ours")
    written, removed = place_files(
        {out / "demo.wacz": source}, [out / "old.wacz", out / "demo.wacz", out / "gone.wacz"]
    )
    assert (written, removed) == (1, 1)
    assert sorted(p.name for p in out.iterdir()) == ["demo.wacz", "keep.txt"]
