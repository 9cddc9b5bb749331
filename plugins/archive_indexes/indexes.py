"""Topic index entries and the JSON payloads (topics.json, dates.json). Pure functions.

URLs in the payloads are relative to the site root, i.e. to the folder holding the JSON file.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from .dates import DateIndex
from .vocabulary import Vocabulary

JSON_VERSION = 1


@dataclass(frozen=True)
class TopicRef:
    """What an article page needs to link a topic."""

    slug: str
    name: str
    url: str


@dataclass(frozen=True)
class TopicEntry:
    slug: str
    name: str
    description: str
    url: str
    save_as: str
    articles: tuple  # the articles, newest first
    position: int  # order in the vocabulary

    @property
    def count(self) -> int:
        return len(self.articles)

    @property
    def first_date(self) -> datetime | date | None:
        return self.articles[-1].date if self.articles else None

    @property
    def last_date(self) -> datetime | date | None:
        return self.articles[0].date if self.articles else None

    def ref(self) -> TopicRef:
        return TopicRef(self.slug, self.name, self.url)


def build_topic_entries(
    vocabulary: Vocabulary,
    assignments: Iterable[tuple[Any, Sequence[str]]],
    *,
    url: str = "chu-de/{slug}/",
    save_as: str = "chu-de/{slug}/index.html",
) -> list[TopicEntry]:
    """One entry per vocabulary topic, sorted by count (largest first, then vocabulary order).

    `assignments` pairs each article (anything with a `.date`) with its topic slugs.
    """
    members: dict[str, list] = {topic.slug: [] for topic in vocabulary.topics}
    for article, slugs in assignments:
        for slug in slugs:
            members[slug].append(article)
    entries = []
    for position, topic in enumerate(vocabulary.topics):
        articles = sorted(members[topic.slug], key=lambda a: a.date, reverse=True)
        entries.append(
            TopicEntry(
                slug=topic.slug,
                name=topic.name,
                description=topic.description,
                url=url.format(slug=topic.slug),
                save_as=save_as.format(slug=topic.slug),
                articles=tuple(articles),
                position=position,
            )
        )
    entries.sort(key=lambda entry: (-entry.count, entry.position))
    return entries


def _iso(value: datetime | date | None) -> str | None:
    if value is None:
        return None
    return value.date().isoformat() if isinstance(value, datetime) else value.isoformat()


def topics_payload(entries: Sequence[TopicEntry], *, total_articles: int) -> dict[str, Any]:
    """The topics.json document: every topic with its count, page URL and date range."""
    return {
        "version": JSON_VERSION,
        "total_articles": total_articles,
        "topics": [
            {
                "id": entry.slug,
                "name": entry.name,
                "count": entry.count,
                "url": entry.url if entry.count else None,
                "first_date": _iso(entry.first_date),
                "last_date": _iso(entry.last_date),
            }
            for entry in entries
        ],
    }


def dates_payload(index: DateIndex) -> dict[str, Any]:
    """The dates.json document: years (newest first) with their months (and days) and counts."""
    years = []
    for year in index.years:
        months = []
        for month in year.months:
            item: dict[str, Any] = {
                "id": f"{month.year:04d}-{month.month:02d}",
                "month": month.month,
                "name": month.label,
                "count": month.count,
                "url": month.url,
            }
            if month.days:
                item["days"] = [
                    {"id": day.date.isoformat(), "day": day.day, "count": day.count, "url": day.url}
                    for day in month.days
                ]
            months.append(item)
        years.append(
            {
                "id": f"{year.year:04d}",
                "year": year.year,
                "name": year.label,
                "count": year.count,
                "url": year.url,
                "months": months,
            }
        )
    return {"version": JSON_VERSION, "total_articles": index.total, "years": years}


def dump_json(payload: dict[str, Any]) -> str:
    """Stable text: same payload, same bytes."""
    return json.dumps(payload, ensure_ascii=False, indent=1) + "\n"
