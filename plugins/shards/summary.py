"""What a shard exports for the merge: one compact entry per article (pure).

An entry holds what the site-wide pages need and nothing they do not: the article's header as
Python-Markdown's `meta` extension reads it (so the merge runs Pelican's own metadata processing
on it and gets the very same values), the formatted fields (`Summary`) already converted, the
body only for the few articles a feed can show, the topics archive_indexes gave it, and what the
shard's page shows of other articles (its neighbours and its "Các tin khác" links: the merge
puts the site-wide ones in their place when they differ, see tail.py).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import Any

import markdown

SUMMARY_VERSION = 1
Neighbour = tuple[str, str] | None  # (url, title)
TailValues = tuple[Neighbour, Neighbour, tuple[tuple[str, str, str, str, str], ...]]


def raw_meta(text: str) -> dict[str, list[str]]:
    """The header of a Markdown file as `markdown.extensions.meta` reads it: lower-case key ->
    its lines. The same steps as `Markdown.convert` takes before the meta preprocessor
    (whitespace normalised first), without converting the body."""
    md = markdown.Markdown(extensions=["meta"])
    lines = md.preprocessors["normalize_whitespace"].run(text.split("\n"))
    md.preprocessors["meta"].run(lines)
    return {key: list(values) for key, values in md.Meta.items()}


def _neighbour(article: Any) -> Neighbour:
    if not article:
        return None
    return (str(article.url), str(article.title))


def tail_values(article: Any) -> TailValues:
    """What an article page shows of other articles: (older, newer, other news items)."""
    items = tuple(
        (
            str(item.kind),
            str(getattr(item, "href", "") or ""),
            str(item.title),
            str(getattr(item, "date_iso", "") or ""),
            str(getattr(item, "date_text", "") or ""),
        )
        for item in (getattr(article, "other_news_items", None) or ())
    )
    return (
        _neighbour(getattr(article, "older_article", None)),
        _neighbour(getattr(article, "newer_article", None)),
        items,
    )


def tail_to_json(values: TailValues) -> list:
    older, newer, items = values
    return [
        list(older) if older else None,
        list(newer) if newer else None,
        [list(i) for i in items],
    ]


def tail_from_json(data: list) -> TailValues:
    older, newer, items = data
    return (
        tuple(older) if older else None,
        tuple(newer) if newer else None,
        tuple(tuple(item) for item in items),
    )


def tail_digest(data: list) -> str:
    """A short digest of a tail in its JSON form: what the merge keeps per article."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return hashlib.blake2b(text.encode("utf-8"), digest_size=12).hexdigest()


def feed_candidates(groups: Iterable[list], limit: int | None) -> set[int]:
    """ids of the articles a feed of any of `groups` (each in its feed order) can show: the
    first `limit` of each (all of them when there is no limit). A site-wide feed's first
    `limit` items restricted to one shard are the first ones of that shard's own list."""
    chosen: set[int] = set()
    for group in groups:
        chosen.update(map(id, group if limit is None else group[:limit]))
    return chosen


def summary_entry(
    article: Any,
    *,
    path: str,
    meta: dict[str, list[str]],
    formatted_fields: Iterable[str],
    with_content: bool,
) -> dict[str, Any]:
    """One article's entry (JSON-ready). `path`: its source, relative to the content folder."""
    header: dict[str, Any] = {}  # the file's order; a formatted field as its converted text
    for name, values in meta.items():
        if name in formatted_fields:
            value = article.metadata.get(name)
            if value is not None:
                header[name] = str(value)
        else:
            header[name] = values
    entry: dict[str, Any] = {"path": path, "meta": header, "save_as": article.save_as}
    if with_content:
        entry["content"] = article._content or ""
    links = sorted(article.get_static_links()) if article._content else []
    if links:
        entry["static_links"] = links
    topics = [ref.slug for ref in getattr(article, "archive_topics", None) or ()]
    if topics:
        entry["topics"] = topics
    entry["tail"] = tail_to_json(tail_values(article))
    return entry
