"""Time the plugin's own work on the benchmark corpus, in-process, without Pelican.

    .venv/bin/python -m plugins.archive_indexes.bench 10000

Renders N articles with bench/corpus.py (600-1,000 words each, in memory), then runs what the
build runs: the vocabulary load, topics for every article (title, lead, body, tags, category),
the topic entries, the date index with one chart per year, and both JSON payloads.
"""

from __future__ import annotations

import argparse
import random
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from bench.corpus import make_titles, render_article

from .dates import build_date_index
from .indexes import build_topic_entries, dates_payload, dump_json, topics_payload
from .settings import merge_settings
from .topics import _MATCHERS, assign_topics, matcher_for
from .vocabulary import load_vocabulary

ICT = timezone(timedelta(hours=7))


@dataclass
class Doc:
    title: str
    summary: str
    body: str
    tags: list[str]
    category: str
    date: datetime


def synthetic_docs(n: int, seed: int = 2025) -> list[Doc]:
    titles = make_titles(n, seed)
    docs = []
    for index in range(n):
        text = render_article(random.Random(seed * 100_003 + index), index, titles)
        header, _, body = text.partition("\n\n")
        meta = {}
        for line in header.splitlines():
            if not line.startswith(" ") and ": " in line:
                key, value = line.split(": ", 1)
                meta[key] = value
        docs.append(
            Doc(
                meta["Title"],
                meta.get("Summary", ""),
                body,
                [t.strip() for t in meta.get("Tags", "").split(",") if t.strip()],
                meta.get("Category", ""),
                datetime.fromisoformat(meta["Date"]).astimezone(ICT),
            )
        )
    return docs


def run(docs: list[Doc]) -> dict[str, float]:
    _MATCHERS.clear()
    timings: dict[str, float] = {}
    clock = time.process_time()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.process_time()
        timings[name] = round((now - clock) * 1000, 1)
        clock = now

    settings = merge_settings({})
    vocabulary = load_vocabulary(settings["vocabulary"])
    matcher_for(vocabulary)
    lap("setup_ms")
    assignments = [
        (
            doc,
            assign_topics(
                doc.title,
                doc.summary,
                doc.body,
                doc.tags,
                vocabulary,
                category=doc.category,
                limit=settings["topics_per_article"],
                min_score=settings["min_score"],
                body_cap=settings["body_cap"],
                weights=settings["weights"],
                body_chars=settings["body_chars"],
            ),
        )
        for doc in docs
    ]
    lap("assign_ms")
    entries = build_topic_entries(vocabulary, assignments)
    index = build_date_index((doc.date for doc in docs), chart=settings["chart"])
    dump_json(topics_payload(entries, total_articles=len(docs)))
    dump_json(dates_payload(index))
    lap("indexes_ms")
    timings["total_ms"] = round(sum(timings.values()), 1)
    timings["articles_without_topic"] = sum(1 for _, slugs in assignments if not slugs)
    timings["body_chars_mb"] = round(sum(len(doc.body) for doc in docs) / 1e6, 1)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, nargs="?", default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    docs = synthetic_docs(args.n)
    results = [run(docs) for _ in range(args.repeat)]
    best = min(results, key=lambda r: r["total_ms"])
    print(f"archive_indexes on {args.n} articles (CPU time, best of {args.repeat}): {best}")


if __name__ == "__main__":
    main()
