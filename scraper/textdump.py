"""The seed's plain-text bulletin format -> Article. Pure.

Shape (tests/fixtures/seed/PROVENANCE.md): line 1 the headline; line 2 the lead; body paragraphs
one per line, one of them a photo caption (the short line with no final full stop that repeats the
headline's theme); the byline alone on the last short line before `Các tin khác`; then listing
lines `- Title (dd/mm/yyyy)` (a trailing `(dd/mm/yyyy)` is the item's date; a parenthesis that
belongs to the title stays in it).
"""

from __future__ import annotations

import re
from datetime import datetime

from archive_core.listing import read_listing_line
from archive_core.models import OtherNewsItem
from archive_core.text import collapse_whitespace, fold_key
from scraper.dom import make_slug
from scraper.htmlmd import escape_block_start, escape_inline, figure_block
from scraper.models import Article, Image

OTHER_NEWS_HEADINGS = ("cac tin khac", "tin khac", "tin lien quan", "cung chuyen muc")
_SENTENCE_END = (".", "!", "?", "…", ":", ";", '."', ".”", "...")
_STOPWORDS = frozenset(
    "va cua cac de trong tren la co cho voi duoc nhung mot nhat da se tai tu den o".split()
)


class TextDumpError(ValueError):
    """The text does not have the bulletin shape; the message says what is missing."""


_BARE_BULLETS = ("-", "–", "•", "*")


def listing_item(line: str) -> OtherNewsItem | None:
    """A `- Title (dd/mm/yyyy)` line as an item (archive_core's listing format; a line it cannot
    read is kept as a plain title); None for an empty line or a bullet alone."""
    if line.strip() in _BARE_BULLETS:
        return None
    item, _ = read_listing_line(line)
    return item


def _content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"\w+", fold_key(text)) if w not in _STOPWORDS and len(w) > 1}


def theme_overlap(line: str, headline: str) -> float:
    """Share of the headline's content words that the line repeats."""
    head = _content_words(headline)
    return len(head & _content_words(line)) / len(head) if head else 0.0


def is_caption(line: str, headline: str) -> bool:
    """A short line without a final full stop that repeats the headline's theme."""
    text = line.strip()
    return (
        0 < len(text) <= 300
        and not text.endswith(_SENTENCE_END)
        and theme_overlap(text, headline) >= 0.5
    )


def is_byline(line: str) -> bool:
    text = line.strip()
    words = text.split()
    return (
        0 < len(words) <= 6
        and len(text) <= 60
        and not text.endswith(_SENTENCE_END)
        and all(w[:1].isupper() or not w[:1].isalpha() for w in words)
    )


def parse_text_bulletin(
    text: str,
    *,
    date: datetime,
    source_url: str | None = None,
    portal: str = "",
    category: str = "",
    tags: list[str] | None = None,
) -> Article:
    """Build an Article from a bulletin in the seed's shape. `date` is required (never guessed)."""
    if date is None:
        raise TextDumpError("a publication date is required (the text has none)")
    lines = [collapse_whitespace(line) for line in text.replace("\r\n", "\n").split("\n")]
    lines = [line for line in lines if line]
    if len(lines) < 3:
        raise TextDumpError(
            f"expected at least 3 non-empty lines (headline, lead, body), found {len(lines)}"
        )
    title, lead = lines[0], lines[1]
    rest = lines[2:]
    split = next(
        (i for i, line in enumerate(rest) if fold_key(line).rstrip(" :") in OTHER_NEWS_HEADINGS),
        len(rest),
    )
    body_lines, listing_lines = rest[:split], rest[split + 1 :]

    authors: list[str] = []
    if body_lines and is_byline(body_lines[-1]):
        authors = [body_lines[-1]]
        body_lines = body_lines[:-1]
    if not body_lines:
        raise TextDumpError("no body paragraphs between the lead and the byline")

    blocks: list[str] = []
    images: list[Image] = []
    for line in body_lines:
        if is_caption(line, title):
            images.append(Image(src="", caption=line))
            blocks.append(figure_block(None, line))
        else:
            blocks.append(escape_block_start(escape_inline(line)))

    other_news = [item for item in map(listing_item, listing_lines) if item is not None]

    return Article(
        title=title,
        date=date,
        body_markdown="\n\n".join(blocks) + "\n",
        source_url=source_url,
        authors=authors,
        summary=lead,
        category=category,
        tags=list(tags or []),
        images=images,
        other_news=other_news,
        slug=make_slug(title),
        portal=portal,
    )


def newest_listing_date(text: str) -> datetime | None:
    """The newest `(dd/mm/yyyy)` listing date in the text (a hint for --date)."""
    dates = []
    for line in text.splitlines():
        item = listing_item(line)
        if item is not None and item.date is not None:
            dates.append(item.date)
    return max(dates) if dates else None
