"""Crash safety: SIGKILL the crawler mid-run, run it again: the same content/ as an
uninterrupted run (no partial file, no duplicate, nothing missing)."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import pytest

from tests.scraper.crawl_support import comparable_tree, crawl, crawl_args
from tests.support.paths import PROJECT_ROOT
from tools.demo_portal import serve

pytestmark = pytest.mark.slow


SECTIONS = ("xay-dung-dang", "kinh-te")  # 24 articles and their images


def sections(base: str) -> list[str]:
    return [arg for name in SECTIONS for arg in ("--start-url", f"{base}/chuyen-muc/{name}/")]


def test_killed_crawl_resumed_equals_uninterrupted_crawl(tmp_path):
    with serve() as (base, _):
        reference = crawl(base, tmp_path / "reference", tmp_path / "w1", *sections(base))
        assert reference.returncode == 0, reference.stderr
        expected = comparable_tree(tmp_path / "reference")

        resumed = tmp_path / "resumed"
        args = crawl_args(base, resumed, tmp_path / "w2", "--delay", "0.05", *sections(base))
        process = subprocess.Popen(
            [sys.executable, "-m", "scraper", *args],
            cwd=PROJECT_ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 120
        try:
            # kill it once some articles are stored, well before the end
            while len(list(resumed.rglob("*.md"))) < 6:
                assert process.poll() is None, "the crawl ended before it could be killed"
                assert time.monotonic() < deadline, "the crawl wrote nothing"
                time.sleep(0.02)
            process.send_signal(signal.SIGKILL)
        finally:
            process.wait(timeout=30)
        assert process.returncode == -signal.SIGKILL
        partial = len(list(resumed.rglob("*.md")))
        assert 6 <= partial < len([k for k in expected if k.endswith(".md")])

        again = crawl(base, resumed, tmp_path / "w2", *sections(base))
    assert again.returncode == 0, again.stderr
    assert f"unchanged {partial}," in again.stdout  # every file the killed run wrote is whole
    assert comparable_tree(resumed) == expected
    leftovers = [p for p in resumed.rglob("*") if p.name.startswith(".") or "scraped" in p.name]
    assert leftovers == []
