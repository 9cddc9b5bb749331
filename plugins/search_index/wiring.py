"""Pelican wiring: settings and the search page at start-up, the articles once read, the index
while the pages render (or at the end), reported at the end."""

from __future__ import annotations

import gc
import logging
from collections.abc import Iterator, Mapping
from functools import partial
from pathlib import Path

from pelican import signals

from . import background
from .builder import BuildReport, SearchIndexError, build_index, raw_of
from .layout import portal_info
from .packed import PackedRecord
from .records import raw_article
from .settings import merge_settings
from .zygote import Zygote

logger = logging.getLogger(__name__)

_state: dict = {"settings": None, "articles": [], "job": None, "zygote": None}
RECORDS_PER_CHUNK = 256


def on_initialized(pelican) -> None:
    """Validate SEARCH_INDEX and add the search page (a direct template named `search`); with
    `background`, start the small process that will build the index (zygote.py)."""
    gc.unfreeze()  # what the previous build in this process froze (see _build)
    if _state["zygote"] is not None:  # the last build in this process did not use it
        _state["zygote"].close()
    settings = merge_settings(pelican.settings.get("SEARCH_INDEX"))
    _state.update(settings=settings, articles=[], job=None, zygote=None)
    pelican.settings["SEARCH_INDEX"] = settings
    if not settings["enabled"]:
        return
    if settings["background"] and background.can_fork():
        _state["zygote"] = Zygote(_build_from_records)
    direct = list(pelican.settings.get("DIRECT_TEMPLATES", []))
    if "search" not in direct:
        direct.append("search")
    pelican.settings["DIRECT_TEMPLATES"] = direct
    pelican.settings["SEARCH_URL"] = settings["search_url"]
    pelican.settings["SEARCH_SAVE_AS"] = settings["search_save_as"]


def on_article_generator_finalized(generator) -> None:
    _state["articles"] = list(generator.articles)


def _settings_of(pelican_settings: dict) -> dict:
    return _state["settings"] or merge_settings(pelican_settings.get("SEARCH_INDEX"))


def _job(pelican_settings: dict) -> dict:
    """What the index build needs besides the articles: settings, output and cache folders."""
    return {
        "settings": _settings_of(pelican_settings),
        "output": Path(pelican_settings["OUTPUT_PATH"]),
        "cache_dir": Path(pelican_settings.get("CACHE_PATH") or "cache") / "search_index",
        "portals": portals_of(pelican_settings),
    }


def portals_of(pelican_settings: dict) -> dict[str, dict[str, str]]:
    """The `PORTALS` hook: portal key -> {"name", "level", "province"} (plain data).

    `PORTALS` may map keys to mappings or objects with `name`, `level`, `province` (each
    optional), or list such portals, each with its `key`. A key it does not name takes its name
    from `PORTAL_NAMES` (key -> display name) when that has it; otherwise the key is the name."""
    found = pelican_settings.get("PORTALS") or {}
    if isinstance(found, Mapping):
        items = list(found.items())
    else:
        items = []
        for portal in found:
            key = portal.get("key") if isinstance(portal, Mapping) else getattr(portal, "key", "")
            items.append((key, portal))
    names = pelican_settings.get("PORTAL_NAMES") or {}
    out = {
        str(key): portal_info({key: {"name": name}}, key)
        for key, name in names.items()
        if key and name
    }
    for key, value in items:
        if key:
            info = portal_info({key: value}, key)
            if info["name"] == key and key in out:
                info["name"] = out[key]["name"]
            out[str(key)] = info
    return out


def _to_raw(settings: dict):
    return partial(raw_article, topic_fallback_to_tags=settings["topic_fallback_to_tags"])


def _run(articles, job: dict, to_raw=lambda article: article, keys_of=None) -> BuildReport:
    """Build the index; any failure becomes a SearchIndexError saying what to do."""
    output, settings, cache_dir = job["output"], job["settings"], job["cache_dir"]
    try:
        return build_index(
            articles,
            output,
            settings,
            cache_dir=cache_dir,
            to_raw=to_raw,
            keys_of=keys_of,
            portals=job.get("portals"),
        )
    except SearchIndexError:
        raise
    except Exception as error:
        raise SearchIndexError(
            f"building the search index into {output / settings['output_path']} failed "
            f"({type(error).__name__}: {error}); fix the article or setting named above, or "
            f"remove {cache_dir} and build again"
        ) from error


def _build(pelican_settings: dict) -> BuildReport:
    """Build the index from the site's articles, in this process (or a fork of it)."""
    job = _job(pelican_settings)
    # The site's objects outlive the index build: keep the cycle collector off them while the
    # build allocates millions of small objects (each full collection would walk the whole site).
    # They are handed back when the next build starts (`on_initialized`), so a process that
    # exits after the build skips a last full collection over them.
    gc.freeze()
    return _run(_state["articles"], job, _to_raw(job["settings"]))


def _build_from_records(job: dict, records) -> BuildReport:
    """In the zygote: build the index from the records the feeder sends."""
    return _run(list(records), job, PackedRecord.unpack, PackedRecord.keys)


def _record_chunks(articles: list, to_raw) -> Iterator[list[PackedRecord]]:
    """The articles as packed records, a chunk at a time (computed in the feeder process)."""
    for start in range(0, len(articles), RECORDS_PER_CHUNK):
        end = min(start + RECORDS_PER_CHUNK, len(articles))
        yield [PackedRecord.of(raw_of(articles[i], i, to_raw)) for i in range(start, end)]


def on_all_generators_finalized(generators) -> None:
    """The articles are final, their `{static}` and `{filename}` links resolvable (the static
    generator has run): start the index build beside the page rendering."""
    if not generators:
        return
    settings = _settings_of(generators[0].settings)
    if not (settings["enabled"] and settings["background"] and background.can_fork()):
        return
    zygote = _state["zygote"]
    if zygote is not None and not zygote.fed:
        job = _job(generators[0].settings)
        zygote.feed(job, _record_chunks(_state["articles"], _to_raw(job["settings"])))
        _state.update(job=zygote, zygote=None)
    else:  # no zygote (a later build of `pelican --autoreload`): fork this process
        _state["job"] = background.start(partial(_build, generators[0].settings))


def on_finalized(pelican) -> None:
    """Finish (or run) the index build; any failure stops the build with a message."""
    settings = _settings_of(pelican.settings)
    if not settings["enabled"]:
        logger.info("search_index: disabled (SEARCH_INDEX['enabled'] is False), no index built")
        return
    job, _state["job"] = _state["job"], None
    try:
        report = job.result() if job is not None else _build(pelican.settings)
    except (SearchIndexError, background.BackgroundError) as error:
        logger.critical("search_index: the search index was not built: %s", error)
        if isinstance(error, SearchIndexError):
            raise
        raise SearchIndexError(str(error)) from error
    logger.info(
        "search_index: %d documents, %d shards into %s (%d analysed, %d from cache, %d files "
        "written, %d removed) in %.2f s",
        report.docs,
        report.shards,
        Path(pelican.settings["OUTPUT_PATH"]) / settings["output_path"],
        report.analysed,
        report.cached,
        report.written,
        report.removed,
        report.seconds,
    )


def register() -> None:
    signals.initialized.connect(on_initialized)
    signals.article_generator_finalized.connect(on_article_generator_finalized)
    signals.all_generators_finalized.connect(on_all_generators_finalized)
    signals.finalized.connect(on_finalized)
