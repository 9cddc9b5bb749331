"""run_crawl's command line: every option reaches `python -m scraper crawl` as its flag."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from scraper.crawl import crawl_command


def test_every_option_becomes_its_flag() -> None:
    command = crawl_command(
        "demo",
        Path("out"),
        start_url=["http://127.0.0.1:1/a/", "http://127.0.0.1:1/b/"],
        base_url="http://127.0.0.1:1",
        captures=Path("w"),
        images=False,
        delay=0.02,
        timeout=5.0,
        max_size=1000,
        retries=2,
        only_new=True,
        contact="https://example.org/contact",
        progress=False,
        log_level="INFO",
    )
    assert command[:6] == [sys.executable, "-m", "scraper", "crawl", "demo", "--output"]
    joined = " ".join(command)
    for expected in (
        "--start-url http://127.0.0.1:1/a/ --start-url http://127.0.0.1:1/b/",
        "--base-url http://127.0.0.1:1",
        "--captures w",
        "--delay 0.02",
        "--timeout 5.0",
        "--max-size 1000",
        "--retries 2",
        "--contact https://example.org/contact",
        "--log-level INFO",
        "--no-images",
        "--only-new",
        "--no-progress",
    ):
        assert expected in joined


def test_defaults_add_no_flags() -> None:
    assert crawl_command("demo", Path("c")) == [
        sys.executable,
        "-m",
        "scraper",
        "crawl",
        "demo",
        "--output",
        "c",
    ]


def test_unknown_option_is_an_error() -> None:
    with pytest.raises(TypeError, match="colour"):
        crawl_command("demo", Path("c"), colour="red")
