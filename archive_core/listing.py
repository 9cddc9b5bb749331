"""The `Other_news` listing format: one line per item, `Title (dd/mm/yyyy) <url>`. Pure.

`format_listing_line` writes a line (the crawler, `import-text`), `parse_listing_line` reads it
back (the site's other_news plugin, `make check`, `import-text`'s plain-text listings).

A line looks like `- Title (dd/mm/yyyy) <url>`: the leading bullet, the trailing date and the
trailing `<url>` are each optional. HTML entities (the scraper writes `&amp;`, `&lt;`, `&gt;`)
are decoded: titles are plain text, escaped by the theme. A parenthesis that is part of the
title stays in it, e.g. `... (02/9/1945 - 02/9/2022)`: only a parenthesis holding exactly one
`d/m/yyyy` date right at the end (before the URL) is the listing date.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable
from datetime import datetime
from functools import lru_cache

from archive_core.dates import VN_TZ, format_vn_date
from archive_core.header import header_value
from archive_core.models import OtherNewsItem
from archive_core.text import collapse_whitespace

# Anchored, no nested quantifiers: linear time on any input.
_DATE_INNER = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_BULLETS = ("- ", "* ", "+ ", "• ", "– ")
_URL_SCHEMES = ("http://", "https://")
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


def _collapse(line: str) -> str:
    """`collapse_whitespace`, with a fast path for the usual line (already NFC, no zero-width
    characters), where it amounts to splitting on white space (str.split knows the odd spaces)."""
    if unicodedata.is_normalized("NFC", line) and _ZERO_WIDTH.search(line) is None:
        return " ".join(line.split())
    return collapse_whitespace(line)


class UnparseableLine(ValueError):
    """A listing line that does not follow `Title (dd/mm/yyyy) <url>`.

    `item` is what the line is kept as: a plain title (the line's text), never dropped.
    """

    def __init__(self, reason: str, item: OtherNewsItem) -> None:
        super().__init__(reason)
        self.reason = reason
        self.item = item


def _split_url(text: str) -> tuple[str, str | None, str | None]:
    """(rest, url, problem). The URL is a trailing `<...>`."""
    if not text.endswith(">"):
        if "<" in text and text.rfind("<") > text.rfind(">"):
            return text, None, "a '<' with no closing '>' (expected '<url>' at the end)"
        return text, None, None
    start = text.rfind("<")
    if start < 0:
        return text, None, "a '>' with no opening '<' (expected '<url>' at the end)"
    url = text[start + 1 : -1].strip()
    rest = text[:start].rstrip()
    if not url:
        return rest, None, "an empty '<>' where the URL should be"
    if " " in url:  # the line was collapsed: any white space is now one plain space
        return rest, None, f"a URL with spaces in it: {url!r}"
    if not (url.lower().startswith(_URL_SCHEMES) or url.startswith("/")):
        return rest, None, f"a URL that is not http(s) or site-absolute: {url!r}"
    return rest, url, None


@lru_cache(maxsize=8192)
def _listing_date(inner: str) -> datetime | None | str:
    """`d/m/yyyy` -> midnight in Vietnam; None when not a date; an error text when impossible."""
    match = _DATE_INNER.fullmatch(inner.strip())
    if match is None:
        return None
    day, month, year = match.groups()
    try:
        return datetime(int(year), int(month), int(day), tzinfo=VN_TZ)
    except ValueError:
        return f"an impossible date '({inner})'"


def _split_date(text: str) -> tuple[str, datetime | None, str | None]:
    """(rest, date, problem). The date is a trailing `(d/m/yyyy)`."""
    if not text.endswith(")"):
        return text, None, None
    start = text.rfind("(")
    if start < 0:
        return text, None, None
    value = _listing_date(text[start + 1 : -1])
    if value is None:
        return text, None, None  # a parenthesis that belongs to the title
    if isinstance(value, str):
        return text, None, value
    return text[:start].rstrip(), value, None


@lru_cache(maxsize=131072)
def read_listing_line(line: str) -> tuple[OtherNewsItem | None, str | None]:
    """(item, problem), never raising: (None, why) for a blank line; a malformed line is kept as
    a plain title, with the problem. Cached: the same lines recur across a portal's articles."""
    text = _collapse(line)
    if not text:
        return None, "blank listing line"
    for bullet in _BULLETS:
        if text.startswith(bullet):
            text = text[len(bullet) :].lstrip()
            break
    rest, url, url_problem = _split_url(text)
    rest, date, date_problem = _split_date(rest)
    problem = url_problem or date_problem
    if problem is None and not rest:
        problem = "no title (only a date or a URL)"
    if problem is not None:
        return OtherNewsItem(title=_unescape(text)), problem
    if url is not None and "&" in url:
        url = html.unescape(url)
    return OtherNewsItem(title=_unescape(rest), date=date, url=url), None


def _unescape(title: str) -> str:
    """The scraper writes `&`, `<`, `>` in header values as entities; titles are plain text
    (the theme escapes them). Done after the URL and date are split off."""
    if "&" not in title:
        return title
    return " ".join(html.unescape(title).split())


def clear_listing_caches() -> None:
    """Empty the per-line memos of `read_listing_line` (a build clears them once its listings
    are linked, so that they do not hold every distinct line while the pages render)."""
    read_listing_line.cache_clear()
    _listing_date.cache_clear()


def parse_listing_line(line: str) -> OtherNewsItem:
    """One listing line -> OtherNewsItem(title, date, url).

    Text is normalised (NFC, odd spaces, runs of spaces). Raises `UnparseableLine` (holding the
    line kept as a plain title) when the line is malformed; raises ValueError for a blank line.
    """
    item, problem = read_listing_line(line)
    if item is None:
        raise ValueError(problem)
    if problem is not None:
        raise UnparseableLine(problem, item)
    return item


def metadata_lines(value: object) -> list[str]:
    """The `other_news` metadata as lines: Pelican gives a list of strings for a multi-line
    value and one string for a single line; editors may also write several lines in one string.
    """
    if value is None:
        return []
    if isinstance(value, str):
        return value.splitlines()
    if isinstance(value, Iterable):
        lines: list[str] = []
        for part in value:
            part = str(part)
            if "\n" in part or "\r" in part:
                lines.extend(part.splitlines())
            else:
                lines.append(part)
        return lines
    return [str(value)]


def format_listing_line(item: OtherNewsItem) -> str:
    """`Title (dd/mm/yyyy) <url>`, date and URL only when known (`parse_listing_line` reads it
    back: the title's `&`, `<`, `>` are written as entities)."""
    parts = [header_value(item.title)]
    if item.date is not None:
        parts.append(f"({format_vn_date(item.date)})")
    if item.url:
        url = item.url.replace(" ", "%20").replace(">", "%3E").replace("<", "%3C")
        parts.append(f"<{url}>")
    return " ".join(parts)
