"""Pelican wiring: the search page at start-up, the articles once read, the index at the end."""

from __future__ import annotations

import logging
import time
from pathlib import Path

from pelican import signals

from .indexer import PagefindError, build_index
from .records import article_data, record_html, record_path
from .settings import merge_settings

logger = logging.getLogger(__name__)

_state: dict = {"settings": None, "articles": []}


def on_initialized(pelican) -> None:
    """Validate PAGEFIND and add the search page (a direct template named `search`)."""
    settings = merge_settings(pelican.settings.get("PAGEFIND"))
    _state["settings"] = settings
    _state["articles"] = []
    pelican.settings["PAGEFIND"] = settings
    if not settings["enabled"]:
        return
    direct = list(pelican.settings.get("DIRECT_TEMPLATES", []))
    if "search" not in direct:
        direct.append("search")
    pelican.settings["DIRECT_TEMPLATES"] = direct
    pelican.settings["SEARCH_URL"] = settings["search_url"]
    pelican.settings["SEARCH_SAVE_AS"] = settings["search_save_as"]


def on_article_generator_finalized(generator) -> None:
    _state["articles"] = list(generator.articles)


def on_finalized(pelican) -> None:
    """Index the articles; a missing or failing Pagefind stops the build (PagefindError)."""
    settings = _state["settings"] or merge_settings(pelican.settings.get("PAGEFIND"))
    if not settings["enabled"]:
        logger.info("pagefind_search: disabled (PAGEFIND['enabled'] is False), no index built")
        return
    started = time.process_time()
    articles = sorted(_state["articles"], key=lambda a: str(a.url))
    records = []
    for article in articles:
        data = article_data(article, topic_fallback_to_tags=settings["topic_fallback_to_tags"])
        html = record_html(
            data,
            filters=settings["filters"],
            pairs=settings["pairs"],
            repeat_cap=settings["repeat_cap"],
            excerpt_source_chars=settings["excerpt_source_chars"],
            language=settings["language"],
        )
        records.append((record_path(data.url), html))
    output = Path(pelican.settings["OUTPUT_PATH"])
    try:
        count = build_index(
            records,
            output,
            output_path=settings["output_path"],
            language=settings["language"],
            binary=settings["binary"],
            timeout_seconds=settings["timeout_seconds"],
        )
    except PagefindError as error:
        logger.critical("pagefind_search: the search index was not built: %s", error)
        raise
    logger.info(
        "pagefind_search: indexed %d articles into %s in %.1f s CPU",
        count,
        output / settings["output_path"],
        time.process_time() - started,
    )


def register() -> None:
    signals.initialized.connect(on_initialized)
    signals.article_generator_finalized.connect(on_article_generator_finalized)
    signals.finalized.connect(on_finalized)
