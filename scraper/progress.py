"""Crawl progress: a bar on a terminal, a plain line every few seconds in a log.

Pages are listing and article pages done (parsed, failed or skipped) out of the pages queued so
far; retries, redirects, robots.txt and images are not pages of their own. A bar redrawn into a
file or a CI log is unreadable (hundreds of carriage returns on one line), so when the stream is
not a terminal the progress is one line every `interval` seconds instead, and nothing at the end
(the crawl's summary follows).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

LOG_INTERVAL = 10.0  # seconds between progress lines in a log


class Progress:
    """Counts pages; shows them as a tqdm bar (terminal) or as occasional lines (log)."""

    def __init__(
        self,
        enabled: bool = True,
        *,
        stream: TextIO | None = None,
        interval: float = LOG_INTERVAL,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.queued_count = 0
        self.done_count = 0
        self.bar = None
        self.lines = enabled and not _is_terminal(self.stream)
        self.interval = interval
        self.clock = clock
        self.started = clock()
        self.last_line = self.started
        if enabled and not self.lines:
            from tqdm import tqdm

            self.bar = tqdm(total=0, unit="page", desc="crawl", file=self.stream, leave=True)

    def queued(self, request=None) -> None:
        self.queued_count += 1
        if self.bar is not None:
            self.bar.total = self.queued_count
            self.bar.refresh()

    def done(self, request=None) -> None:
        self.done_count += 1
        if self.bar is not None:
            self.bar.update(1)
        elif self.lines:
            now = self.clock()
            if now - self.last_line >= self.interval:
                self.last_line = now
                self.stream.write(f"{self.line(now)}\n")
                self.stream.flush()

    def line(self, now: float) -> str:
        elapsed = max(now - self.started, 1e-9)
        return (
            f"crawl: {self.done_count} of {self.queued_count} pages done after {elapsed:.0f} s"
            f" ({self.done_count / elapsed:.1f} pages/s)"
        )

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _is_terminal(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # a closed stream
        return False
