"""fast_build.stamps: Pelican's file cache answers as before, without stats it does not need."""

from __future__ import annotations

from pathlib import Path

import pytest
from pelican.cache import FileStampDataCacher
from pelican.settings import DEFAULT_CONFIG

from plugins.fast_build import stamps


def cacher(tmp_path: Path, caching: bool, entries: dict) -> tuple[FileStampDataCacher, list]:
    made = FileStampDataCacher(
        dict(DEFAULT_CONFIG, CACHE_PATH=str(tmp_path)), "test", caching, False
    )
    made._cache.update(entries)
    stamped: list[str] = []
    made._filestamp_func = lambda name: stamped.append(name) or 7.0
    return made, stamped


def answers(made: FileStampDataCacher) -> tuple:
    made.cache_data("new.md", "new data")
    return (
        made.get_cached_data("missing.md", "default"),
        made.get_cached_data("same.md", "default"),
        made.get_cached_data("changed.md", "default"),
        dict(made._cache),
    )


@pytest.mark.parametrize("caching", [False, True])
def test_answers_equal_pelicans_and_unneeded_stats_are_skipped(tmp_path: Path, caching) -> None:
    entries = {"same.md": (7.0, "kept"), "changed.md": (3.0, "stale")}
    try:
        stamps.install(False)
        expected = answers(cacher(tmp_path, caching, entries)[0])
        stamps.install(True)
        made, stamped = cacher(tmp_path, caching, entries)
        assert answers(made) == expected
    finally:
        stamps.install(False)
    # only the files the cache holds, and a file it stores, are stamped
    assert sorted(stamped) == sorted(["same.md", "changed.md"] + (["new.md"] if caching else []))
