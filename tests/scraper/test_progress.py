"""scraper/progress.py: a bar on a terminal, a line every few seconds in a log."""

from __future__ import annotations

import io

from scraper.progress import Progress


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_in_a_log_progress_is_a_line_every_interval() -> None:
    stream, clock = io.StringIO(), Clock()
    progress = Progress(stream=stream, interval=10.0, clock=clock)
    for second in range(35):  # one page queued and done every second
        clock.now = 100.0 + second
        progress.queued()
        progress.done()
    progress.close()
    lines = stream.getvalue().splitlines()
    assert lines == [
        "crawl: 11 of 11 pages done after 10 s (1.1 pages/s)",
        "crawl: 21 of 21 pages done after 20 s (1.1 pages/s)",
        "crawl: 31 of 31 pages done after 30 s (1.0 pages/s)",
    ]
    assert "\r" not in stream.getvalue()
    assert (progress.done_count, progress.queued_count) == (35, 35)


def test_a_short_crawl_in_a_log_prints_nothing() -> None:
    stream = io.StringIO()
    progress = Progress(stream=stream, clock=Clock())
    for _ in range(90):
        progress.queued()
        progress.done()
    progress.close()
    assert stream.getvalue() == ""


def test_on_a_terminal_progress_is_a_bar() -> None:
    stream = Terminal()
    progress = Progress(stream=stream, clock=Clock())
    for _ in range(3):
        progress.queued()
    progress.done()
    progress.close()
    assert "\r" in stream.getvalue() and "1/3" in stream.getvalue()


def test_disabled_progress_prints_nothing_and_still_counts() -> None:
    stream = Terminal()
    progress = Progress(False, stream=stream)
    progress.queued()
    progress.done()
    progress.close()
    assert stream.getvalue() == ""
    assert (progress.done_count, progress.queued_count) == (1, 1)
