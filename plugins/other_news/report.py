"""The missing-titles report: listed titles that are not in the archive. Pure, plus one writer.

The report tells an operator what to crawl next: each missing title once, with its listing date,
its original URL when a portal gave one, and the archived articles that mention it (newest first).
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from .dedupe import title_key
from .linking import INTERNAL, ArchivedArticle, LinkedItem


def _iso(value: datetime | None, *, day: bool = False) -> str | None:
    if value is None:
        return None
    return value.date().isoformat() if day else value.isoformat()


def _newest_first(article: ArchivedArticle) -> tuple:
    return (-(article.date.timestamp() if article.date else float("-inf")), article.url)


def build_missing_report(
    listings: Iterable[tuple[ArchivedArticle, list[LinkedItem]]],
) -> dict[str, Any]:
    """{"count", "mentions", "missing": [{title, date, url, mentioned_by: [...]}]}.

    `listings` pairs each article with its deduplicated, linked listing (all items, before the
    display settings). Missing titles are ordered newest listing date first (undated last),
    then by title; the same input always gives the same report.
    """
    pairs = sorted(listings, key=lambda pair: _newest_first(pair[0]))
    entries: dict[str, dict[str, Any]] = {}
    mentions = 0
    for article, items in pairs:
        for item in items:
            if item.kind == INTERNAL:
                continue
            mentions += 1
            key = title_key(item.title)
            entry = entries.get(key)
            if entry is None:
                entry = entries[key] = {
                    "title": item.title,
                    "date": item.date,
                    "url": item.original_url,
                    "mentioned_by": [],
                }
            else:
                entry["date"] = entry["date"] or item.date
                entry["url"] = entry["url"] or item.original_url
            if not entry["mentioned_by"] or entry["mentioned_by"][-1] is not article:
                entry["mentioned_by"].append(article)
    ordered = sorted(
        entries.items(),
        key=lambda pair: (
            pair[1]["date"] is None,
            -(pair[1]["date"].timestamp() if pair[1]["date"] else 0),
            pair[0],
        ),
    )
    missing = [
        {
            "title": entry["title"],
            "date": _iso(entry["date"], day=True),
            "url": entry["url"],
            "mentioned_by": [
                {"title": a.title, "url": a.url, "date": _iso(a.date), "source": a.source_path}
                for a in entry["mentioned_by"]
            ],
        }
        for _, entry in ordered
    ]
    return {"count": len(missing), "mentions": mentions, "missing": missing}


def report_json(report: dict[str, Any]) -> str:
    """Stable text, one missing title per line (readable, diffable, and fast to encode: the
    C encoder only runs without `indent`). Same report, same bytes."""
    head = {key: value for key, value in report.items() if key != "missing"}
    entries = [json.dumps(entry, ensure_ascii=False) for entry in report["missing"]]
    opening = json.dumps(head, ensure_ascii=False)[:-1] + ', "missing": ['
    if not entries:
        return opening + "]}\n"
    return opening + "\n" + ",\n".join(entries) + "\n]}\n"


def write_atomically(path: str, text: str) -> None:
    """Write `text` to `path` through a temporary file in the same folder (no half-written file)."""
    folder = os.path.dirname(path) or "."
    os.makedirs(folder, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".tmp-", suffix=".json", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        os.chmod(temporary, 0o644)  # mkstemp makes it private; the site must be readable
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
