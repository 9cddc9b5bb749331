"""Writing index files: never half-written, untouched when their bytes did not change (I/O)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

INDEX_FOLDERS = ("shards", "docs", "filters")
TOP_FILES = ("filters.json", "manifest.json")  # filters.json: format 1, removed as stale


def write_atomic(path: Path, data: bytes) -> None:
    """Write through a temporary file in the same folder, then os.replace."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        handle = open(tmp, "wb")  # noqa: SIM115
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(tmp, "wb")  # noqa: SIM115
    try:
        with handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write `data` unless the file already holds exactly these bytes. True when written."""
    try:
        with open(path, "rb") as handle:
            if handle.read(len(data) + 1) == data:
                return False
    except OSError:
        pass
    write_atomic(path, data)
    return True


def index_files_on_disk(index_dir: Path) -> set[str]:
    """Relative posix paths of every file the index owns under `index_dir` (incl. leftovers)."""
    found = set()
    for name in TOP_FILES:
        if (index_dir / name).is_file():
            found.add(name)
    for folder in INDEX_FOLDERS:
        _scan(index_dir / folder, folder, found)
    return found


def _scan(base: Path, prefix: str, found: set[str]) -> None:
    """Index files under `base` and one level of sub-folders (shards/<part>/)."""
    if not base.is_dir():
        return
    with os.scandir(base) as entries:
        for entry in entries:
            if entry.is_file() and entry.name.endswith((".json", ".gz", ".tmp")):
                found.add(f"{prefix}/{entry.name}")
            elif entry.is_dir() and "/" not in prefix:
                _scan(Path(entry.path), f"{prefix}/{entry.name}", found)


def file_stats(index_dir: Path, paths: Iterable[str]) -> dict[str, tuple[int, int]]:
    """path -> (size, mtime_ns); missing files are left out."""
    stats = {}
    base = str(index_dir)
    for path in paths:
        try:
            st = os.stat(f"{base}/{path}")
        except OSError:
            continue
        stats[path] = (st.st_size, st.st_mtime_ns)
    return stats
