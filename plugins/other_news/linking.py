"""Link listing items to archived articles: by source URL first, then by title key. Pure.

An item we have becomes an internal link; one we do not have links to its original URL when the
portal gave one (marked "bản gốc" by the theme), or is plain text.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Any

from archive_core.dates import VN_TZ
from archive_core.listing import clear_listing_caches, metadata_lines, read_listing_line
from archive_core.models import OtherNewsItem

from .dedupe import merge_keyed, title_key, url_key
from .parse import warn_unparseable

INTERNAL = "internal"
EXTERNAL = "external"
PLAIN = "plain"


@dataclass(frozen=True)
class ArchivedArticle:
    """What linking needs to know about an article of the site."""

    title: str
    url: str  # site-relative, as Pelican's `article.url` (no leading slash)
    date: datetime | None = None
    source_url: str | None = None
    source_path: str = ""


@dataclass(frozen=True)
class LinkedItem:
    """One item as the theme shows it. Small and flat on purpose: it is attached to every
    article (fast_build fingerprints it) and rendered under every article page."""

    title: str
    date: datetime | None
    kind: str  # INTERNAL, EXTERNAL or PLAIN
    href: str | None  # site-relative URL for INTERNAL, absolute http(s) URL for EXTERNAL
    original_url: str | None = None  # the URL the portal gave, if any
    # Display strings, computed once per distinct item (items are shared across articles),
    # so the template does no date work: `2025-05-28` and `28/05/2025` (Vietnam time).
    date_iso: str = field(default="", compare=False)
    date_text: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if self.date is not None and not self.date_iso:
            day = self.date.astimezone(VN_TZ) if self.date.tzinfo else self.date
            object.__setattr__(self, "date_iso", f"{day.year:04d}-{day.month:02d}-{day.day:02d}")
            object.__setattr__(self, "date_text", f"{day.day:02d}/{day.month:02d}/{day.year:04d}")

    @property
    def internal(self) -> bool:
        return self.kind == INTERNAL

    @property
    def external(self) -> bool:
        return self.kind == EXTERNAL


def _day(value: datetime | None):
    return value.date() if value is not None else None


class ArchiveIndex:
    """Dict lookups from URL key and title key to archived articles; built once per build."""

    def __init__(self, articles: Iterable[ArchivedArticle]) -> None:
        self.by_url: dict[str, ArchivedArticle] = {}
        self.by_title: dict[str, list[ArchivedArticle]] = {}
        # The same listing item recurs across articles: link it once.
        self._linked: dict[tuple, LinkedItem] = {}
        ordered = sorted(
            articles,
            key=lambda a: (-(a.date.timestamp() if a.date else float("-inf")), a.url),
        )
        for article in ordered:  # newest first: the newest wins a tie
            if article.source_url:
                self.by_url.setdefault(url_key(article.source_url), article)
            self.by_url.setdefault(url_key("/" + article.url.lstrip("/")), article)
            self.by_title.setdefault(title_key(article.title), []).append(article)

    def find(self, item: OtherNewsItem, key: str | None = None) -> ArchivedArticle | None:
        """By source URL (or our own URL), then by title key (`key` when already known)."""
        if item.url:
            found = self.by_url.get(url_key(item.url))
            if found is not None:
                return found
        candidates = self.by_title.get(title_key(item.title) if key is None else key)
        if not candidates:
            return None
        if len(candidates) > 1 and item.date is not None:
            day = _day(item.date)
            for candidate in candidates:
                if _day(candidate.date) == day:
                    return candidate
        return candidates[0]

    def link(
        self, item: OtherNewsItem, link_originals: bool = True, key: str | None = None
    ) -> LinkedItem:
        """The item as an internal link, an external link to its original, or plain text."""
        if key is None:
            key = title_key(item.title)
        # Items recur across articles: link each once. (A tuple hashes in C; the dataclass's
        # generated __hash__ is Python code.) The title is part of the key: it is displayed.
        cache_key = (key, item.title, item.url, item.date, link_originals)
        linked = self._linked.get(cache_key)
        if linked is not None:
            return linked
        article = self.find(item, key)
        if article is not None:
            linked = LinkedItem(
                item.title, item.date or article.date, INTERNAL, article.url, item.url
            )
        elif link_originals and item.url and item.url.lower().startswith(("http://", "https://")):
            linked = LinkedItem(item.title, item.date, EXTERNAL, item.url, item.url)
        else:
            linked = LinkedItem(item.title, item.date, PLAIN, None, item.url)
        self._linked[cache_key] = linked
        return linked


def link_listing(
    items: Iterable[OtherNewsItem], index: ArchiveIndex, *, link_originals: bool = True
) -> list[LinkedItem]:
    """Each item as an internal link, an external link to its original, or plain text."""
    link = index.link
    return [link(item, link_originals) for item in items]


def select_for_display(linked: list[LinkedItem], settings: Mapping[str, Any]) -> list[LinkedItem]:
    """Apply `show_unarchived`, `order` and `max_items`."""
    shown = linked if settings["show_unarchived"] else [i for i in linked if i.internal]
    if settings["order"] == "newest":  # dated items newest first, then undated in portal order
        dated = sorted((i for i in shown if i.date), key=lambda i: i.date, reverse=True)
        shown = dated + [i for i in shown if not i.date]
    if settings["max_items"] is not None:
        shown = shown[: settings["max_items"]]
    return list(shown)


@lru_cache(maxsize=131072)
def _parse_keyed(line: str) -> tuple[OtherNewsItem | None, str | None, str, str | None]:
    """(item, problem, title key, URL key): each distinct line is worked on once per build."""
    item, problem = read_listing_line(line)
    if item is None:
        return None, problem, "", None
    return item, problem, title_key(item.title), url_key(item.url) if item.url else None


def forget_parsed_lines() -> None:
    """Empty the per-line memos (parsing, title and URL keys). They pay off while one build
    links its listings; kept afterwards they would hold every distinct line of the archive
    (tens of megabytes at 10,000 articles) while the pages render."""
    for memo in (_parse_keyed, title_key, url_key):
        memo.cache_clear()
    clear_listing_caches()


def prepare_listing(
    value: object,
    *,
    source: str,
    self_title: str | None,
    self_url: str | None,
    index: ArchiveIndex,
    settings: Mapping[str, Any],
    self_page: str | None = None,
) -> list[LinkedItem]:
    """Metadata value -> every distinct item, linked (before display selection).

    The same as `link_listing(dedupe_listing(parse_listing(value)))` in one pass, with each
    distinct line parsed and keyed once per build. `self_url` is the article's source URL and
    `self_page` its site URL: the article never lists itself.
    """
    skip_key = title_key(self_title) if self_title else None
    skip_url = url_key(self_url) if self_url else None
    pairs = []
    for number, line in enumerate(metadata_lines(value), start=1):
        item, problem, key, item_url_key = _parse_keyed(line)
        if item is None:  # blank
            continue
        if problem is not None:
            warn_unparseable(source, number, line, problem)
        if key == skip_key or (item_url_key is not None and item_url_key == skip_url):
            continue  # the article itself
        pairs.append((key, item))
    merged = merge_keyed(pairs)
    link = index.link
    link_originals = settings["link_originals"]
    linked = [link(item, link_originals, key) for key, item in merged.items()]
    if self_page is not None:
        linked = [item for item in linked if not (item.kind == INTERNAL and item.href == self_page)]
    return linked
