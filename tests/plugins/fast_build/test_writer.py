"""The split writer: how the processes share the pages out (their output is compared with
Pelican's own in test_equivalence.py), and how a page reaches its file."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from plugins.fast_build.writer import write_page_if_changed
from tests.support.site import build_site, sample_content_with_corpus


@pytest.fixture(scope="module")
def content(tmp_path_factory) -> Path:
    return sample_content_with_corpus(tmp_path_factory.mktemp("content"), 60)


def manifest_parts(cache: Path) -> list[set[str]]:
    """The pages each render process recorded (one manifest part per process)."""
    parts = sorted((cache / "pages").glob("*/pages-*.json"))
    return [set(json.loads(part.read_text(encoding="utf-8"))) for part in parts]


def build(content: Path, output: Path, cache: Path, **options) -> None:
    settings = {"workers": 2, "cache_dir": str(cache), **options}
    build_site(content, output, extra={"FAST_BUILD": settings})


def test_the_pages_of_one_listing_are_shared_between_the_processes(
    content: Path, tmp_path: Path
) -> None:
    """The home page is one write call with many pages; both processes render some of them,
    and each page is rendered (recorded) by exactly one."""
    build(content, tmp_path / "out", tmp_path / "cache")
    first, second = manifest_parts(tmp_path / "cache")
    home = {name for name in first | second if name == "index.html" or name.startswith("trang/")}
    assert len(home) >= 4
    assert home & first and home & second
    assert not first & second
    for name in home:
        assert (tmp_path / "out" / name).is_file()


def test_without_write_only_changed_a_listing_stays_in_one_process(
    content: Path, tmp_path: Path
) -> None:
    """A page that is not a process's own is left unwritten, which needs `write_only_changed`;
    without it each listing write is rendered whole by one process."""
    build(content, tmp_path / "out", tmp_path / "cache", write_only_changed=False)
    parts = manifest_parts(tmp_path / "cache")
    holding = [part for part in parts if "index.html" in part]
    assert len(holding) == 1
    every_home_page = {n for part in parts for n in part if n.startswith("trang/")}
    assert every_home_page
    assert {n for n in holding[0] if n.startswith("trang/")} == every_home_page


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (None, b"<p>new page</p>"),  # no file yet
        (b"<p>a longer page than the new one</p>", b"<p>shorter</p>"),  # cut to length
        (b"<p>short</p>", b"<p>a page that grew longer</p>"),
        (b"<p>same size A</p>", b"<p>same size B</p>"),
        (b"x" * 70000, "trang dài có dấu: Đảng bộ ".encode() * 3000),  # several blocks
    ],
)
def test_a_changed_page_holds_exactly_its_new_bytes(tmp_path: Path, before, after) -> None:
    path = tmp_path / "index.html"
    if before is not None:
        path.write_bytes(before)
    write_page_if_changed(str(path), after)
    assert path.read_bytes() == after


def test_an_unchanged_page_is_not_written(tmp_path: Path) -> None:
    path = tmp_path / "index.html"
    path.write_bytes(b"<p>same</p>")
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    write_page_if_changed(str(path), b"<p>same</p>")
    assert path.stat().st_mtime_ns == 1_000_000_000
    write_page_if_changed(str(path), b"<p>same</p> and more")
    assert path.stat().st_mtime_ns != 1_000_000_000
