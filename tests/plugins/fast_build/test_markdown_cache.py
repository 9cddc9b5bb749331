"""The cached converter gives what Pelican's MarkdownReader gives, and caches by content."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pelican.readers import MarkdownReader
from pelican.settings import DEFAULT_CONFIG

from plugins.fast_build.reader import reader_class_for

SOURCE = """Title: Đảng bộ tỉnh *họp*
Date: 2025-05-28T08:00:00+07:00
Summary: Lead with **bold** and a [link](https://example.vn/)
Tags: đầu tư công, giao thông
Other_news: Tin một (28/05/2025)
    Tin hai

Body paragraph[^1] with <b>HTML</b>.

[^1]: A footnote.

| a | b |
| - | - |
| 1 | 2 |
"""


def settings(tmp_path: Path) -> dict:
    config = dict(DEFAULT_CONFIG)
    config["MARKDOWN"] = {
        "extension_configs": {"markdown.extensions.extra": {}},
        "output_format": "html5",
    }
    config["CACHE_PATH"] = str(tmp_path / "cache")
    return config


def test_same_content_and_metadata_as_pelicans_reader(tmp_path: Path) -> None:
    source = tmp_path / "a.md"
    source.write_text(SOURCE, encoding="utf-8")
    expected = MarkdownReader(settings(tmp_path)).read(str(source))
    cached_reader = reader_class_for(str(tmp_path / "cache"))(settings(tmp_path))
    first = cached_reader.read(str(source))
    second = cached_reader.read(str(source))  # from the disk cache
    assert first == expected
    assert second == expected
    assert cached_reader.cache.misses == 1
    assert cached_reader.cache.hits == 1


def test_edited_file_is_converted_again(tmp_path: Path) -> None:
    source = tmp_path / "a.md"
    source.write_text(SOURCE, encoding="utf-8")
    reader = reader_class_for(str(tmp_path / "cache"))(settings(tmp_path))
    reader.read(str(source))
    source.write_text(SOURCE.replace("Body paragraph", "Đoạn đã sửa"), encoding="utf-8")
    content, _ = reader.read(str(source))
    assert "Đoạn đã sửa" in content
    assert reader.cache.misses == 2


def write_sources(folder: Path, count: int) -> list[str]:
    """`count` articles whose bodies say "Body <n> paragraph"."""
    paths = []
    for index in range(count):
        path = folder / f"{index}.md"
        path.write_text(SOURCE.replace("Body", f"Body {index}"), encoding="utf-8")
        paths.append(str(path))
    return paths


def test_prefill_converts_missing_files_in_parallel(tmp_path: Path) -> None:
    paths = write_sources(tmp_path, 6)
    reader = reader_class_for(str(tmp_path / "cache"))(settings(tmp_path))
    assert reader.cache.prefill(paths, workers=2, min_parallel=2) == 6
    for index, path in enumerate(paths):  # reading while the workers convert
        content, _ = reader.read(path)
        assert f"Body {index} paragraph" in content
    assert reader.cache.misses == 0
    assert reader.cache._pool is None  # every file was asked for: the workers stopped
    reader.cache.save_stat_index(reader.cache.read_files)  # as a build does once it read all
    assert reader.cache.prefill(paths, workers=2, min_parallel=2) == 0


def test_prefill_leaves_a_broken_file_to_pelicans_read(tmp_path: Path) -> None:
    """A file the workers cannot convert is read (and its error reported) by the reader."""
    paths = write_sources(tmp_path, 4)
    Path(paths[2]).write_bytes(b"Title: x\n\n\xff\xfe not UTF-8")
    reader = reader_class_for(str(tmp_path / "cache"))(settings(tmp_path))
    assert reader.cache.prefill(paths, workers=2, min_parallel=2) == 4
    reader.read(paths[0])
    with pytest.raises(UnicodeDecodeError):
        reader.read(paths[2])
    reader.cache.finish()
    assert reader.cache._pool is None
    assert "Body 3 paragraph" in reader.read(paths[3])[0]


def read_all_and_keep_stat_index(reader, paths: list[str]) -> None:
    """What a build does: read every file, then keep the stat index (at `stop_conversions`)."""
    for path in paths:
        reader.read(path)
    reader.cache.save_stat_index(reader.cache.read_files)


@pytest.fixture
def opened(monkeypatch) -> list[str]:
    """Every path this process reads with Path.read_bytes from now on."""
    paths: list[str] = []
    original = Path.read_bytes

    def counting_read_bytes(self: Path) -> bytes:
        paths.append(str(self))
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", counting_read_bytes)
    return paths


def test_prefill_does_not_read_files_whose_stat_is_unchanged(tmp_path: Path, opened) -> None:
    paths = write_sources(tmp_path, 6)
    read_all_and_keep_stat_index(
        reader_class_for(str(tmp_path / "cache"))(settings(tmp_path)), paths
    )
    Path(paths[1]).write_text(SOURCE.replace("Body", "Đoạn mới, dài hơn"), encoding="utf-8")
    reader = reader_class_for(str(tmp_path / "cache"))(settings(tmp_path))
    assert reader.cache.prefill(paths, workers=2, min_parallel=1) == 0  # one miss: not worth a pool
    assert [p for p in opened if p in paths] == []  # the edited one is left to the reading


def test_prefill_hands_files_it_knows_nothing_of_to_the_workers(tmp_path: Path, opened):
    """A first build does not read and hash every file before the workers start: they do."""
    paths = write_sources(tmp_path, 6)
    reader = reader_class_for(str(tmp_path / "cache"))(settings(tmp_path))
    assert reader.cache.prefill(paths, workers=2, min_parallel=2) == 6
    assert [p for p in opened if p in paths] == []  # the workers (other processes) read them
    for index, path in enumerate(paths):
        assert f"Body {index} paragraph" in reader.read(path)[0]
    assert reader.cache.misses == 0  # every file was converted by the workers


def test_a_worker_stores_what_it_converted_under_the_key_of_what_it_read(tmp_path: Path):
    """A file that changed behind the stat index's back (same size and mtime) is not stored
    under the key the index had for it: that key keeps meaning the old bytes."""
    paths = write_sources(tmp_path, 3)
    first = reader_class_for(str(tmp_path / "cache"))(settings(tmp_path))
    read_all_and_keep_stat_index(first, paths)
    old_key = first.cache.read_files[paths[0]][2]
    for path in paths[:2]:  # the hinted keys are not cached: workers convert both files
        first.cache._path(first.cache.read_files[path][2]).unlink()
    before = Path(paths[0]).stat()
    text = Path(paths[0]).read_text(encoding="utf-8")
    Path(paths[0]).write_text(text.replace("Body 0", "Body 9"), encoding="utf-8")
    os.utime(paths[0], ns=(before.st_atime_ns, before.st_mtime_ns))
    reader = reader_class_for(str(tmp_path / "cache"))(settings(tmp_path))
    assert reader.cache.prefill(paths, workers=2, min_parallel=1) == 2
    reader.cache.finish()
    assert reader.cache.load(old_key) is None
    new_key = reader.cache.key(Path(paths[0]).read_bytes())
    assert "Body 9 paragraph" in reader.cache.load(new_key)[0]


def test_a_stale_stat_index_costs_a_conversion_not_a_wrong_page(tmp_path: Path) -> None:
    """An edit that keeps the size and the mtime fools the hint, never the reading."""
    paths = write_sources(tmp_path, 3)
    read_all_and_keep_stat_index(
        reader_class_for(str(tmp_path / "cache"))(settings(tmp_path)), paths
    )
    before = Path(paths[0]).stat()
    text = Path(paths[0]).read_text(encoding="utf-8")
    Path(paths[0]).write_text(text.replace("Body 0", "Body 9"), encoding="utf-8")
    os.utime(paths[0], ns=(before.st_atime_ns, before.st_mtime_ns))
    assert Path(paths[0]).stat().st_size == before.st_size
    reader = reader_class_for(str(tmp_path / "cache"))(settings(tmp_path))
    assert reader.cache.prefill(paths, workers=2, min_parallel=1) == 0  # trusted the hint
    content, _ = reader.read(paths[0])
    assert "Body 9 paragraph" in content
    assert reader.cache.misses == 1


def test_a_damaged_stat_index_means_reading_every_file(tmp_path: Path) -> None:
    paths = write_sources(tmp_path, 4)
    reader = reader_class_for(str(tmp_path / "cache"))(settings(tmp_path))
    read_all_and_keep_stat_index(reader, paths)
    reader.cache.stat_index_path().write_bytes(b"\x00garbage")
    for path in paths:
        Path(path).write_text(
            Path(path).read_text(encoding="utf-8") + "\nThêm.\n", encoding="utf-8"
        )
    fresh = reader_class_for(str(tmp_path / "cache"))(settings(tmp_path))
    assert fresh.cache.prefill(paths, workers=2, min_parallel=2) == 4
    fresh.cache.finish()
