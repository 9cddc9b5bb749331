"""Merge mode's search index: built from the shards' analyses, no article text analysed again;
and the small JSON files both modes write (I/O).

A shard's search_index cache (`<shard>/cache/search_index/`) holds the analysis of each of its
documents, keyed by a digest of the document's inputs, and its index state the documents'
(timestamp, url, digest) keys; the shard's build copies those keys into its summary. The merge
copies the analyses it lacks into its own cache and runs search_index's own builder over the
summarised articles with those keys (`keys_of`), so the builder finds every analysis cached and
writes the site-wide index exactly as a whole build would. A document whose analysis is nowhere
is an error, never analysed from a body the merge does not have.
"""

from __future__ import annotations

import gc
import json
import logging
import sqlite3
from functools import partial
from pathlib import Path
from typing import Any

from plugins.search_index.builder import SearchIndexError, _hash_key
from plugins.search_index.cache import CACHE_VERSION, AnalysisCache
from plugins.search_index.files import write_atomic, write_if_changed
from plugins.search_index.settings import analysis_settings, merge_settings

from .loaded import loaded_modules

logger = logging.getLogger(__name__)
BATCH = 500

__all__ = ["install", "read_state", "settings_key", "write_if_changed", "write_json"]


def settings_key(pelican_settings: dict) -> str:
    """The search settings' key that is part of every document's digest."""
    return _hash_key(analysis_settings(merge_settings(pelican_settings.get("SEARCH_INDEX"))))


def write_json(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    write_atomic(path, text.encode("utf-8"))


def read_state(folder: Path, output: Path) -> dict[str, Any]:
    """What the last merge into `output` wrote ({} when none, or another output folder)."""
    try:
        state = json.loads((folder / "merge-state.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return state if state.get("output") == str(output) else {}


def shard_analyses(folder: Path, key: str) -> Path:
    return folder / key / "cache" / "search_index" / CACHE_VERSION / "analyses.sqlite"


def import_analyses(cache: AnalysisCache, folder: Path, keys: list[str], needed: set[str]) -> int:
    """Copy into `cache` the analyses in `needed` it lacks, from the shards' caches."""
    missing = needed - cache.digests()
    copied = 0
    for key in keys:
        if not missing:
            break
        path = shard_analyses(folder, key)
        if not path.exists():
            continue
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            rows = source.execute("SELECT digest, data FROM analyses")
            batch = []
            for digest, data in rows:
                if digest in missing:
                    batch.append((digest, data))
                    missing.discard(digest)
                    if len(batch) >= BATCH:
                        cache.put_many(batch)
                        copied += len(batch)
                        batch = []
            cache.put_many(batch)
            copied += len(batch)
        finally:
            source.close()
    return copied


STARTERS: list = []  # per loaded copy of search_index: start its merged build in a fork


def start_background(pelican_settings: dict) -> None:
    for start in STARTERS:
        start(pelican_settings)


def install(summaries, folder: Path, plan: dict) -> None:
    """Make search_index (every loaded copy of it) build the merged index from the shards'
    analyses."""
    STARTERS.clear()
    for search_wiring in loaded_modules("search_index", "wiring"):
        _install(search_wiring, summaries, folder, plan)


def _install(search_wiring, summaries, folder: Path, plan: dict) -> None:

    def keys_of(article, skey: str) -> tuple[float, str, str]:
        if summaries.search_keys - {skey}:
            raise SearchIndexError(
                "the shards were built with other search settings than the merge's; rebuild "
                "them (make shards) and merge again"
            )
        found = summaries.search.get(article.url)
        if found is None:
            raise SearchIndexError(
                f"{article.source_path}: its shard exported no search keys; rebuild the shard "
                "(make shards) and merge again"
            )
        return found

    def no_text(article):
        raise SearchIndexError(
            f"{getattr(article, 'source_path', article)}: no shard holds its search analysis "
            "(a damaged shard cache?); rebuild its shard (make shards) and merge again"
        )

    def merged_build(pelican_settings: dict):
        job = search_wiring._job(pelican_settings)
        articles = search_wiring._state["articles"]
        settings = job["settings"]
        if not settings["cache"]:
            raise SearchIndexError("merging shards needs SEARCH_INDEX['cache'] = True")
        skey = _hash_key(analysis_settings(settings))
        needed = {keys_of(article, skey)[2] for article in articles}
        cache = AnalysisCache(job["cache_dir"])
        try:
            copied = import_analyses(cache, folder, sorted(plan["shards"]), needed)
        finally:
            cache.close()
        logger.info("shards: %d search analyses taken from the shards", copied)
        gc.freeze()
        return search_wiring._run(articles, job, no_text, keys_of)

    pending: dict[str, Any] = {}

    def start_early(pelican_settings: dict) -> None:
        """Once everything is read: build the index in a fork while the pages render (as a
        whole build does in search_index's zygote)."""
        background = loaded_modules("search_index", "background")[0]
        if background.can_fork() and (search_wiring._state.get("settings") or {}).get("enabled"):
            pending["job"] = background.start(partial(merged_build, pelican_settings))

    def build(pelican_settings: dict):
        job = pending.pop("job", None)
        if job is None:
            return merged_build(pelican_settings)
        try:
            return job.result()
        except Exception as error:
            raise SearchIndexError(str(error)) from error

    search_wiring._build = build
    STARTERS.append(start_early)
    zygote = search_wiring._state.get("zygote")
    if zygote is not None:  # started before this plugin's set-up: not used by a merge
        zygote.close()
        search_wiring._state["zygote"] = None
