"""Pelican wiring: settings and the search page at start-up, the articles once read, the index
at the end."""

from __future__ import annotations

import logging
from functools import partial
from pathlib import Path

from pelican import signals

from .builder import SearchIndexError, build_index
from .records import raw_article
from .settings import merge_settings

logger = logging.getLogger(__name__)

_state: dict = {"settings": None, "articles": []}


def on_initialized(pelican) -> None:
    """Validate SEARCH_INDEX and add the search page (a direct template named `search`)."""
    settings = merge_settings(pelican.settings.get("SEARCH_INDEX"))
    _state["settings"] = settings
    _state["articles"] = []
    pelican.settings["SEARCH_INDEX"] = settings
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
    """Build the index; any failure stops the build with a message saying what to do."""
    settings = _state["settings"] or merge_settings(pelican.settings.get("SEARCH_INDEX"))
    if not settings["enabled"]:
        logger.info("search_index: disabled (SEARCH_INDEX['enabled'] is False), no index built")
        return
    output = Path(pelican.settings["OUTPUT_PATH"])
    cache_dir = Path(pelican.settings.get("CACHE_PATH") or "cache") / "search_index"
    to_raw = partial(raw_article, topic_fallback_to_tags=settings["topic_fallback_to_tags"])
    try:
        report = build_index(
            _state["articles"], output, settings, cache_dir=cache_dir, to_raw=to_raw
        )
    except SearchIndexError as error:
        logger.critical("search_index: the search index was not built: %s", error)
        raise
    except Exception as error:
        logger.critical(
            "search_index: building the search index into %s failed (%s: %s); fix the article "
            "or setting named above, or remove %s and build again",
            output / settings["output_path"],
            type(error).__name__,
            error,
            cache_dir,
        )
        raise SearchIndexError(f"building the search index failed: {error}") from error
    logger.info(
        "search_index: %d documents, %d shards into %s (%d analysed, %d from cache, %d files "
        "written, %d removed) in %.2f s",
        report.docs,
        report.shards,
        output / settings["output_path"],
        report.analysed,
        report.cached,
        report.written,
        report.removed,
        report.seconds,
    )


def register() -> None:
    signals.initialized.connect(on_initialized)
    signals.article_generator_finalized.connect(on_article_generator_finalized)
    signals.finalized.connect(on_finalized)
