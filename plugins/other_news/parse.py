"""Read the `Other_news` metadata of an article, reporting malformed lines with the file.

The line format itself (`Title (dd/mm/yyyy) <url>`) is `archive_core.listing`, shared with the
crawler and `make check`.
"""

from __future__ import annotations

import logging

from archive_core.listing import (
    UnparseableLine,
    metadata_lines,
    parse_listing_line,
    read_listing_line,
)
from archive_core.models import OtherNewsItem

__all__ = ["UnparseableLine", "parse_listing", "parse_listing_line", "warn_unparseable"]

logger = logging.getLogger(__name__)


def warn_unparseable(source: str, number: int, line: str, problem: str) -> None:
    logger.warning(
        "other_news: %s: Other_news line %d %r has %s; kept it as a plain title. "
        "Fix the line to read 'Title (dd/mm/yyyy) <url>'.",
        source,
        number,
        line.strip(),
        problem,
    )


def parse_listing(value: object, *, source: str = "<unknown>") -> list[OtherNewsItem]:
    """Parse a whole listing (metadata value). Blank lines are skipped; a malformed line is kept
    as a plain title and reported with a warning naming `source` (the article's file)."""
    items: list[OtherNewsItem] = []
    for number, line in enumerate(metadata_lines(value), start=1):
        item, problem = read_listing_line(line)
        if item is None:  # blank
            continue
        items.append(item)
        if problem is not None:
            warn_unparseable(source, number, line, problem)
    return items
