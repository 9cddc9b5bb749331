"""Pelican wiring: settings at start-up, topics and date indexes once the articles are read,
topic pages and JSON files once the articles are written. The work is done in the pure modules.
"""

from __future__ import annotations

import logging
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pelican import signals

from .dates import DateIndex, build_date_index
from .indexes import (
    TopicEntry,
    build_topic_entries,
    dates_payload,
    dump_json,
    topics_payload,
)
from .memo import TopicMemo
from .memo import digest as memo_digest
from .settings import merge_settings
from .topics import (
    assign_topics,
    first_paragraph,
    html_to_text,
    resolve_topic_names,
    split_metadata_list,
)
from .vocabulary import Vocabulary, load_vocabulary

logger = logging.getLogger(__name__)
STATE_KEY = "_ARCHIVE_INDEXES_STATE"


@dataclass
class State:
    settings: dict[str, Any]
    vocabulary: Vocabulary


@dataclass(frozen=True)
class TemplateData:
    """`archive_indexes` in the templates."""

    topics: tuple[TopicEntry, ...]  # topics with at least one article, largest first
    dates: DateIndex
    topics_url: str
    settings: dict[str, Any]


def configure(pelican) -> None:
    """Validate ARCHIVE_INDEXES, load the vocabulary, set up pagination and day archives."""
    settings = merge_settings(pelican.settings.get("ARCHIVE_INDEXES"))
    vocabulary = load_vocabulary(settings["vocabulary"])
    pelican.settings[STATE_KEY] = State(settings, vocabulary)
    pelican.settings.setdefault("PAGINATED_TEMPLATES", {})["topic"] = settings["topic_pagination"]
    if settings["day_archives"] and not pelican.settings.get("DAY_ARCHIVE_SAVE_AS"):
        pelican.settings["DAY_ARCHIVE_SAVE_AS"] = settings["day_save_as"]
        pelican.settings["DAY_ARCHIVE_URL"] = settings["day_url"]
    logger.debug("archive_indexes: %d topics from %s", len(vocabulary.topics), vocabulary.source)


def _article_topics(article, state: State, memo: TopicMemo) -> list[str]:
    settings = state.settings
    where = getattr(article, "source_path", "?")
    metadata = getattr(article, "metadata", {})
    resolved = {}
    for key in ("fixed_metadata", "exclude_metadata"):
        values = split_metadata_list(metadata.get(settings[key]))
        known, unknown = resolve_topic_names(values, state.vocabulary)
        for value in unknown:
            logger.error(
                "%s: %s: %r is not a topic of %s; ignored. Use a slug or name from that file: %s",
                where,
                settings[key].capitalize(),
                value,
                state.vocabulary.source,
                ", ".join(topic.slug for topic in state.vocabulary.topics),
            )
        resolved[key] = known
    fixed, excluded = resolved["fixed_metadata"], resolved["exclude_metadata"]
    if len(fixed) > settings["topics_per_article"]:
        logger.warning(
            "%s: %d topics fixed, only the first %d are kept (topics_per_article)",
            where,
            len(fixed),
            settings["topics_per_article"],
        )
    body = getattr(article, "_content", "") or ""
    summary = metadata.get("summary")
    title = getattr(article, "title", "") or ""
    tags = [str(tag) for tag in getattr(article, "tags", None) or ()]
    category = str(getattr(article, "category", "") or "")
    key = memo_digest(title, summary or "", body, tags, category, fixed, excluded)
    known = memo.get(key)
    if known is not None:
        return known
    summary_text = html_to_text(summary) if summary else first_paragraph(body)
    if settings["body_chars"]:  # markup is longer than its text: cut generously, then exactly
        body = body[: settings["body_chars"] * 3]
    slugs = assign_topics(
        title,
        summary_text,
        html_to_text(body),
        tags,
        state.vocabulary,
        fixed=fixed,
        excluded=excluded,
        limit=settings["topics_per_article"],
        min_score=settings["min_score"],
        body_cap=settings["body_cap"],
        weights=settings["weights"],
        category=category,
        body_chars=settings["body_chars"],
    )
    memo.put(key, slugs)
    return slugs


def index_articles(generator) -> None:
    """Give every article its topics; build the topic and date indexes for the templates."""
    state: State | None = generator.settings.get(STATE_KEY)
    if state is None:
        return
    started = time.process_time()
    settings = state.settings
    listed = list(generator.articles)
    others = [
        *generator.translations,
        *getattr(generator, "hidden_articles", []),
        *getattr(generator, "hidden_translations", []),
        *getattr(generator, "drafts", []),
    ]
    listed_ids = {id(article) for article in listed}
    slugs_of: dict[int, list[str]] = {}
    without: list[str] = []
    memo = TopicMemo(
        os.path.join(generator.settings["CACHE_PATH"], "archive_indexes")
        if generator.settings.get("CACHE_PATH")
        else None,
        memo_digest(state.vocabulary.topics, {k: repr(v) for k, v in sorted(settings.items())}),
    )
    for article in listed + others:
        slugs = _article_topics(article, state, memo)
        slugs_of[id(article)] = slugs
        if not slugs and id(article) in listed_ids:
            without.append(str(getattr(article, "source_path", "?")))
    memo.save()
    entries = build_topic_entries(
        state.vocabulary,
        [(article, slugs_of[id(article)]) for article in listed],
        url=settings["topic_url"],
        save_as=settings["topic_save_as"],
    )
    refs = {entry.slug: entry.ref() for entry in entries}
    for article in listed + others:
        article.archive_topics = [refs[slug] for slug in slugs_of[id(article)]]
    if without:
        logger.warning(
            "archive_indexes: %d article(s) match no topic of %s (add keywords or a Topics: "
            "line): %s",
            len(without),
            state.vocabulary.source,
            ", ".join(without[:10]) + (" ..." if len(without) > 10 else ""),
        )
    dates = build_date_index(
        (article.date for article in listed),
        year_url=generator.settings.get("YEAR_ARCHIVE_URL") or "{date:%Y}/",
        month_url=generator.settings.get("MONTH_ARCHIVE_URL") or "{date:%Y}/{date:%m}/",
        day_url=(generator.settings.get("DAY_ARCHIVE_URL") or settings["day_url"])
        if generator.settings.get("DAY_ARCHIVE_SAVE_AS")
        else None,
        chart=settings["chart"],
    )
    generator.context["archive_indexes"] = TemplateData(
        topics=tuple(entry for entry in entries if entry.count),
        dates=dates,
        topics_url=settings["topics_url"],
        settings=settings,
    )
    generator.context[STATE_KEY + "_ENTRIES"] = entries
    logger.info(
        "archive_indexes: topics for %d articles (%d topics used, %d years) in %.2f s CPU",
        len(listed) + len(others),
        sum(1 for entry in entries if entry.count),
        len(dates.years),
        time.process_time() - started,
    )


def write_indexes(generator, writer) -> None:
    """Topic pages (paginated), the topic index page, topics.json and dates.json."""
    state: State | None = generator.settings.get(STATE_KEY)
    data: TemplateData | None = generator.context.get("archive_indexes")
    if state is None or data is None:
        return
    started = time.process_time()
    settings = state.settings
    relative = generator.settings.get("RELATIVE_URLS", False)
    topic_template = generator.get_template("topic")
    for entry in data.topics:
        articles = list(entry.articles)
        writer.write_file(
            entry.save_as,
            topic_template,
            generator.context,
            relative_urls=relative,
            paginated={"articles": articles},
            template_name="topic",
            url=entry.url,
            topic=entry,
            articles=articles,
            page_name=entry.url.rstrip("/") or "index",
            blog=True,
        )
    writer.write_file(
        settings["topics_save_as"],
        generator.get_template("topics"),
        generator.context,
        relative_urls=relative,
        paginated={},
        template_name="topics",
        url=settings["topics_url"],
        topics=data.topics,
    )
    output = Path(generator.output_path)
    entries = generator.context[STATE_KEY + "_ENTRIES"]
    if getattr(writer, "rank", 0) != getattr(writer, "workers", 1) - 1:
        # A writer shared out over forked processes (fast_build): the last one writes the JSON
        # (the first, the build's own process, has the most other work after rendering).
        return
    if settings["topics_json"]:
        payload = topics_payload(entries, total_articles=data.dates.total)
        _write_atomic(output / settings["topics_json"], dump_json(payload))
    if settings["dates_json"]:
        _write_atomic(output / settings["dates_json"], dump_json(dates_payload(data.dates)))
    logger.info(
        "archive_indexes: %d topic pages, the topic index and JSON written in %.2f s CPU",
        len(data.topics),
        time.process_time() - started,
    )


def _write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    logger.info('Writing "%s"', path)


def register() -> None:
    signals.initialized.connect(configure)
    signals.article_generator_finalized.connect(index_articles)
    signals.article_writer_finalized.connect(write_indexes)
