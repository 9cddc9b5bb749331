"""Crash safety: SIGKILL the crawler mid-run, run it again: the same content/ as an
uninterrupted run (no partial file, no duplicate, nothing missing) — whatever the moment of the
kill: while the first images are saved (before any article), in the middle, near the end."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.scraper.crawl_support import comparable_tree, crawl, crawl_args
from tests.support.paths import PROJECT_ROOT
from tools.demo_portal import serve

pytestmark = pytest.mark.slow


SECTIONS = ("xay-dung-dang", "kinh-te")  # 24 articles and their images


def sections(base: str) -> list[str]:
    return [arg for name in SECTIONS for arg in ("--start-url", f"{base}/chuyen-muc/{name}/")]


def articles_in(folder: Path) -> int:
    return len(list(folder.rglob("*.md")))


def images_in(folder: Path) -> int:
    return len([p for p in (folder / "images").rglob("*") if p.is_file()])


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    """The demo portal and the content of one uninterrupted crawl of it."""
    work = tmp_path_factory.mktemp("resume-reference")
    with serve() as (base, _):
        reference = crawl(base, work / "content", work / "captures", *sections(base))
        assert reference.returncode == 0, reference.stderr
        yield base, comparable_tree(work / "content")


def _moments(total: int) -> dict[str, Callable[[Path], bool]]:
    return {
        # images are saved before their article: killed with an image but no article yet
        "first-image": lambda folder: images_in(folder) >= 1,
        "middle": lambda folder: articles_in(folder) >= total // 4,
        "near-the-end": lambda folder: articles_in(folder) >= total - 4,
    }


@pytest.mark.parametrize("moment", ["first-image", "middle", "near-the-end"])
def test_killed_crawl_resumed_equals_uninterrupted_crawl(tmp_path, portal, moment):
    base, expected = portal
    total = len([key for key in expected if key.endswith(".md")])
    ready = _moments(total)[moment]
    resumed = tmp_path / "resumed"
    args = crawl_args(base, resumed, tmp_path / "w", "--delay", "0.05", *sections(base))
    process = subprocess.Popen(
        [sys.executable, "-m", "scraper", *args],
        cwd=PROJECT_ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    try:
        while not ready(resumed):
            assert process.poll() is None, f"the crawl ended before the kill ({moment})"
            assert time.monotonic() < deadline, "the crawl wrote nothing"
            time.sleep(0.01)
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    partial = articles_in(resumed)
    assert partial < total

    again = crawl(base, resumed, tmp_path / "w", *sections(base))
    assert again.returncode == 0, again.stderr
    assert f"new {total - partial}, updated 0, unchanged {partial}," in again.stdout  # all whole
    assert comparable_tree(resumed) == expected
    leftovers = [p for p in resumed.rglob("*") if p.name.startswith(".") or "scraped" in p.name]
    assert leftovers == []
