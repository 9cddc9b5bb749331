"""Files the plugin puts into the output: ReplayWeb.page's prebuilt scripts (copied from the pinned
npm package at build time) and the portals' packages. A file whose bytes are already there is
left alone (same mtime, so rsync uploads stay small); a copy is written beside the target and
renamed over it, so a killed build never leaves half a file."""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

# What a reader's browser loads, by the name the output gives it -> the file in the package.
REPLAYWEBPAGE_FILES = {"ui.js": "ui.js", "sw.js": "sw.js", "LICENSE.txt": "LICENSE"}


@dataclass(frozen=True)
class Player:
    folder: Path  # node_modules/replaywebpage
    version: str  # ReplayWeb.page's, from its package.json
    engine: str  # the wabac.js version inside sw.js (its licence banner), "" when not found


def find_player(folder: Path) -> Player | None:
    """The installed replaywebpage package, or None when a file the site needs is missing."""
    if not all((folder / name).is_file() for name in REPLAYWEBPAGE_FILES.values()):
        return None
    try:
        version = json.loads((folder / "package.json").read_text(encoding="utf-8"))["version"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    with open(folder / "sw.js", "rb") as sw:
        banner = sw.read(200).decode("utf-8", "replace")
    engine = banner.split("(wabac.js ", 1)[1].split(")", 1)[0] if "(wabac.js " in banner else ""
    return Player(folder, str(version), engine)


def _same(source: Path, target: Path) -> bool:
    try:
        a, b = source.stat(), target.stat()
    except OSError:
        return False
    if a.st_size != b.st_size:
        return False
    if a.st_mtime_ns == b.st_mtime_ns:
        return True  # copy2 keeps the mtime: this is our own earlier copy
    with open(source, "rb") as x, open(target, "rb") as y:
        while True:
            chunk = x.read(1 << 20)
            if chunk != y.read(1 << 20):
                return False
            if not chunk:
                return True


def copy_if_changed(source: Path, target: Path) -> bool:
    """Copy `source` to `target` unless it is already there; True when it wrote."""
    if _same(source, target):
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    shutil.copy2(source, partial)
    os.replace(partial, target)
    return True


def place_files(wanted: dict[Path, Path], owned: list[Path]) -> tuple[int, int]:
    """Copy every `wanted` target from its source; remove the `owned` files not wanted any more.
    Returns (written, removed)."""
    written = sum(copy_if_changed(source, target) for target, source in wanted.items())
    removed = 0
    for path in owned:
        if path not in wanted and path.is_file():
            path.unlink()
            removed += 1
    return written, removed
