"""plugins/archive_indexes/indexes.py: topic entries and the topics.json / dates.json payloads."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from plugins.archive_indexes.dates import build_date_index
from plugins.archive_indexes.indexes import (
    build_topic_entries,
    dates_payload,
    dump_json,
    topics_payload,
)
from plugins.archive_indexes.vocabulary import parse_vocabulary

ICT = timezone(timedelta(hours=7))
VOCABULARY = parse_vocabulary(
    {
        "topic": [
            {"slug": "a", "name": "Chủ đề A", "keywords": ["a"]},
            {"slug": "b", "name": "Chủ đề B", "keywords": ["b"]},
            {"slug": "c", "name": "Chủ đề C", "keywords": ["c"], "description": "Mô tả"},
        ]
    }
)


@dataclass
class Item:
    name: str
    date: datetime


ONE = Item("one", datetime(2025, 5, 1, tzinfo=ICT))
TWO = Item("two", datetime(2025, 6, 2, tzinfo=ICT))
THREE = Item("three", datetime(2024, 1, 3, tzinfo=ICT))


def entries():
    return build_topic_entries(VOCABULARY, [(ONE, ["c", "a"]), (TWO, ["c"]), (THREE, ["c", "b"])])


def test_entries_are_sorted_by_count_then_vocabulary_order_with_newest_articles_first():
    result = entries()
    assert [(e.slug, e.count) for e in result] == [("c", 3), ("a", 1), ("b", 1)]
    c = result[0]
    assert [a.name for a in c.articles] == ["two", "one", "three"]
    assert (c.first_date, c.last_date) == (THREE.date, TWO.date)
    assert (c.url, c.save_as) == ("chu-de/c/", "chu-de/c/index.html")
    assert c.description == "Mô tả"
    assert c.ref().name == "Chủ đề C"


def test_topics_payload_lists_every_topic_with_counts_and_urls():
    empty_topic = build_topic_entries(VOCABULARY, [(ONE, ["a"])])
    payload = topics_payload(empty_topic, total_articles=1)
    assert payload["version"] == 1 and payload["total_articles"] == 1
    assert payload["topics"][0] == {
        "id": "a",
        "name": "Chủ đề A",
        "count": 1,
        "url": "chu-de/a/",
        "first_date": "2025-05-01",
        "last_date": "2025-05-01",
    }
    assert payload["topics"][1]["count"] == 0 and payload["topics"][1]["url"] is None


def test_dates_payload_has_years_months_and_days():
    index = build_date_index(
        [ONE.date, TWO.date, THREE.date, TWO.date], day_url="{date:%Y}/{date:%m}/{date:%d}/"
    )
    payload = dates_payload(index)
    assert payload["total_articles"] == 4
    assert [(y["id"], y["count"], y["url"]) for y in payload["years"]] == [
        ("2025", 3, "2025/"),
        ("2024", 1, "2024/"),
    ]
    june = payload["years"][0]["months"][1]
    assert june == {
        "id": "2025-06",
        "month": 6,
        "name": "Tháng 6/2025",
        "count": 2,
        "url": "2025/06/",
        "days": [{"id": "2025-06-02", "day": 2, "count": 2, "url": "2025/06/02/"}],
    }


def test_json_text_is_stable_and_keeps_vietnamese():
    payload = topics_payload(entries(), total_articles=3)
    text = dump_json(payload)
    assert text == dump_json(topics_payload(entries(), total_articles=3))
    assert "Chủ đề C" in text and text.endswith("\n")
    assert json.loads(text) == payload
