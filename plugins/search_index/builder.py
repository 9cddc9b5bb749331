"""Building the index on disk (I/O): ids, cached/parallel analysis, shards, files, manifest last.

Ids are gapped and stable (ids.py): a document keeps its id unless its date or url changes or a
neighbour added or removed next to it in the date order collides with it.

Full build: every document is taken from the analysis cache or analysed, in runs of
consecutive documents (by a fork pool of `workers` processes, a few runs each, when at least
`parallel_min_docs` documents need analysing); the workers also write the fragments and encode
each run's postings per token, which this process joins in id order (parts.py). The entries are
grouped into shards and every file is written unless its bytes did not change. Files the index
no longer has are removed (only inside the index folder), and manifest.json is written last.

Patch (warm) build: the last build's state maps each id to (timestamp, url, digest); compared
with this build's, an id is unchanged when all four are the same. When the unit of the ids is the
same and at most PATCH_LIMIT ids changed (an id that disappears, a new id, or an id now holding
another document or another digest), only the shards their old and new tokens fall into are
re-read, patched and re-encoded, with the fragments of the new ids and filters.json (fragments of
ids that disappear are removed as stale). The result is byte-identical to a full build (if the
shard count would change, or anything on disk differs from what the state recorded, a full build
runs instead).
"""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
import os
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from .analysis import Analysis, analyse
from .cache import (
    AnalysisCache,
    IndexState,
    drop_state,
    load_state,
    pack_analysis,
    save_state,
    unpack_or_none,
)
from .encoding import encode_json
from .files import (
    file_stats,
    index_files_on_disk,
    write_if_changed,
)
from .ids import IdError, assign_ids, unit_exponent
from .layout import (
    ALL,
    INDEX_VERSION,
    SEP,
    chunk_json,
    chunk_of,
    chunk_path,
    filters_path,
    gunzip,
    gz,
    manifest_json,
    portal_info,
    portal_of,
    shard_path,
    split_chunk,
    split_key,
)
from .parts import EntryJoiner, Part, encode_parts
from .records import FORMAT_VERSION, RawArticle, portal_key, raw_digest
from .settings import DOC_FILTERS, analysis_settings
from .shards import (
    Postings,
    build_id_of_digests,
    delta_encode,
    file_digest,
    filters_json,
    layout_entries,
    patch_entry,
    shard_count,
    shard_of,
    split_shard,
)

logger = logging.getLogger(__name__)

PATCH_LIMIT = 64  # more changed ids than this: a full build


class SearchIndexError(RuntimeError):
    """The index could not be built or written; the message says what and what to do."""


@dataclass
class BuildReport:
    docs: int = 0
    shards: int = 0
    analysed: int = 0
    cached: int = 0
    written: int = 0
    removed: int = 0
    patched: bool = False
    seconds: float = 0.0
    build: str = ""
    timings: dict[str, float] = field(default_factory=dict)


def _hash_key(value: Any) -> str:
    return hashlib.sha256(encode_json(value)).hexdigest()[:16]


def _layout_key(settings: dict[str, Any]) -> str:
    return _hash_key(
        {
            "format": FORMAT_VERSION,
            "index": INDEX_VERSION,
            "output_path": settings["output_path"],
            "filters": settings["filters"],
            "shard_target_bytes": settings["shard_target_bytes"],
            "analysis": analysis_settings(settings),
        }
    )


# ---------------------------------------------------------------------------------------------
# analysis of missing documents, in a fork pool when there are many

_JOB: dict[str, Any] = {}
BATCH_DOCS = 100  # documents analysed between two stores into the analysis cache (inline)
RUNS_PER_WORKER = 4  # a full build's runs of documents per worker (the last ones balance load)


class _Shared(dict):
    """One dict object per distinct filter-value combination (most documents share one)."""

    def __call__(self, filters: dict[str, list[str]]) -> dict[str, list[str]]:
        key = tuple((name, tuple(values)) for name, values in sorted(filters.items()))
        return self.setdefault(key, filters)


@dataclass
class _Run:
    """What one task of a full build returns for a run of consecutive doc ids: each token's
    postings over the run, encoded (parts.py), keyed by part (layout.part_key)."""

    parts: dict[str, Part]
    filters: list[dict[str, list[str]]]
    docs: list[bytes]  # per document: its fragment (JSON bytes)
    new_entries: list[tuple[str, bytes]]
    analysed: int = 0
    cached: int = 0


def _keys(analysis: Analysis, split: bool) -> list[str]:
    """The document's tokens as keys of the whole archive's postings and, with `split` (two
    portals or more), of its portal's part too (layout.part_key)."""
    tokens = analysis.token_list()
    if not split:
        return tokens
    prefix = portal_of(analysis.filters) + SEP
    return tokens + [prefix + token for token in tokens]


def _run_docs(
    items: list[tuple[int, int, str, bytes | None]], postings: Postings | None = None
) -> _Run:
    """In a worker (or inline): documents (id, position, digest, cached entry or None), ids
    ascending, from their cached entry or analysed; returns their fragments and their postings,
    encoded, or adds the postings to `postings` when given (inline: the whole build's postings
    are encoded once, at the end)."""
    job = _JOB
    encode = postings is None
    if postings is None:
        postings = Postings(job["id_base"])
    run = _Run(parts={}, filters=[], docs=[], new_entries=[])
    for doc_id, position, digest, blob in items:
        analysis = unpack_or_none(digest, blob) if blob is not None else None
        if analysis is None:
            raw = job["to_raw"](job["articles"][position])
            analysis = analyse(raw, excerpt_source_chars=job["excerpt_source_chars"])
            run.analysed += 1
            if job["caching"]:
                run.new_entries.append((digest, pack_analysis(digest, analysis)))
        else:
            run.cached += 1
        run.docs.append(analysis.doc)
        postings.add(doc_id, _keys(analysis, job["split"]), analysis.weights * (1 + job["split"]))
        run.filters.append(analysis.filters)
    if encode:
        run.parts = encode_parts(postings)
    return run


def _run_all(tasks: Iterator[list], parallel: int, inline: Postings) -> Iterator[_Run]:
    """Results of `tasks` in order; with `parallel` > 1 a fork pool, at most a few tasks ahead
    (tasks are read lazily, in this thread, so cached entries are not all loaded at once),
    otherwise here, adding the postings to `inline`."""
    if parallel <= 1:
        yield from map(partial(_run_docs, postings=inline), tasks)
        return
    context = multiprocessing.get_context("fork")
    with context.Pool(parallel) as pool:
        pending: deque = deque()
        for task in tasks:
            pending.append(pool.apply_async(_run_docs, (task,)))
            if len(pending) > parallel:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


# ---------------------------------------------------------------------------------------------
# entry point


def build_index(
    articles: Sequence[Any],
    output_dir: Path,
    settings: dict[str, Any],
    *,
    cache_dir: Path | None,
    to_raw: Callable[[Any], RawArticle] = lambda article: article,
    keys_of: Callable[[Any, str], tuple[float, str, str]] | None = None,
    portals: Any = None,
) -> BuildReport:
    """Build `output_dir/<output_path>/` for `articles` (RawArticle, or what `to_raw` adapts).

    `keys_of(article, settings_key)` gives an article's (timestamp, url, digest) without
    adapting it (packed.PackedRecord.keys); by default they come from `to_raw(article)`.
    `portals`: display name, level and province of portal keys (layout.portal_info).
    """
    started = time.perf_counter()
    index_dir = Path(output_dir) / settings["output_path"]
    root = Path(cache_dir) if (cache_dir and settings["cache"]) else None
    skey = _hash_key(analysis_settings(settings))

    keyed = []  # (timestamp, url, digest, position); id = place after sorting
    portal_at = []  # by position: the article's portal key
    for position, article in enumerate(articles):
        raw = raw_of(article, position, to_raw) if keys_of is None else None
        try:
            if raw is None:
                keyed.append((*keys_of(article, skey), position))
                portal_at.append(portal_key(article))
            else:
                keyed.append((raw.date.timestamp(), raw.url, raw_digest(raw, skey), position))
                portal_at.append(raw.portal)
        except Exception as error:
            raise _unreadable(article, position, error) from error
    keyed.sort()
    ids, unit_exp = _number(keyed, articles)
    portals_by_id = [portal_at[k[3]] for k in keyed]
    timings = {"digests": time.perf_counter() - started}

    _JOB.update(
        articles=articles,
        to_raw=to_raw,
        excerpt_source_chars=settings["excerpt_source_chars"],
        cache=AnalysisCache(root),
        caching=root is not None,
        index_dir=index_dir,
        id_base=ids[0] if ids else 0,
        portals=portals,
        split=len(set(portals_by_id)) > 1,
    )
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        for folder in ("docs", "shards", "filters"):
            (index_dir / folder).mkdir(exist_ok=True)
        state = load_state(root)
        report = None
        if state is not None:
            report = _patch_build(
                state, keyed, ids, portals_by_id, unit_exp, index_dir, settings, root
            )
        if report is None:
            report = _full_build(keyed, ids, portals_by_id, unit_exp, index_dir, settings, root)
    except OSError as error:
        raise SearchIndexError(
            f"could not write the search index into {index_dir}: {error}; check that the folder "
            "is writable and the disk has space, then build again"
        ) from error
    finally:
        _JOB["cache"].close()
        _JOB.clear()
    report.timings = {**timings, **report.timings}
    report.seconds = time.perf_counter() - started
    return report


def _source(article: Any, position: int) -> str:
    return str(getattr(article, "source_path", None) or getattr(article, "url", None) or position)


def _unreadable(article: Any, position: int, error: Exception) -> SearchIndexError:
    return SearchIndexError(
        f"could not read article {_source(article, position)} for the search index "
        f"({type(error).__name__}: {error}); fix its metadata or content and build again"
    )


def raw_of(article: Any, position: int, to_raw: Callable[[Any], RawArticle]) -> RawArticle:
    """`to_raw(article)`; SearchIndexError naming the article when it cannot be read."""
    try:
        return to_raw(article)
    except Exception as error:
        raise _unreadable(article, position, error) from error


def _number(
    keyed: list[tuple[float, str, str, int]], articles: Sequence[Any]
) -> tuple[list[int], int]:
    """Ids of the sorted documents and the unit exponent (ids.py); SearchIndexError naming the
    article whose date cannot be numbered."""
    timestamps = [k[0] for k in keyed]
    unit_exp = unit_exponent(timestamps)
    try:
        ids = assign_ids(timestamps, unit_exp)
    except IdError as error:
        article = articles[keyed[error.position][3]]
        raise SearchIndexError(
            f"could not number article {_source(article, keyed[error.position][3])} for the "
            f"search index: {error} (timestamp {keyed[error.position][0]}); fix its date and "
            "build again"
        ) from error
    if ids and ids[-1] - ids[0] >= 1 << 24:
        raise SearchIndexError(
            f"the search index cannot number {len(ids)} articles (ids {ids[0]}..{ids[-1]} span "
            "more than 2**24); split the site or report this as a bug"
        )
    return ids, unit_exp


def _parts_of(portals: Sequence[str]) -> list[str]:
    """The portals of the documents, in part order (one part "" for an empty index)."""
    return sorted(set(portals)) or [""]


class _Chunks:
    """Fragments of consecutive ids gathered into chunk files, each written once complete."""

    def __init__(self, index_dir: Path, digests: dict[str, bytes], report: BuildReport) -> None:
        self.index_dir = index_dir
        self.digests = digests
        self.report = report
        self.chunk = -1
        self.docs: list[tuple[int, bytes]] = []

    def add(self, doc_id: int, doc: bytes) -> None:
        chunk = chunk_of(doc_id)
        if chunk != self.chunk:
            self.flush()
            self.chunk = chunk
        self.docs.append((doc_id, doc))

    def flush(self) -> None:
        if not self.docs:
            return
        data = gz(chunk_json(self.docs))
        path = chunk_path(self.chunk)
        self.digests[path] = file_digest(data)
        self.report.written += write_if_changed(self.index_dir / path, data)
        self.docs = []


def _write_filters(
    index_dir: Path,
    parts: list[str],
    ids: Sequence[int],
    doc_filters: Sequence[dict[str, list[str]]],
    settings: dict[str, Any],
    digests: dict[str, bytes],
    report: BuildReport,
) -> dict[str, int]:
    """`filters/<part>.json.gz` of every part (its ids, and the filters drawn from the documents
    themselves); returns each part's document count."""
    names = [name for name in settings["filters"] if name in DOC_FILTERS]
    by_part: dict[str, tuple[list[int], list[dict]]] = {p: ([], []) for p in parts}
    for doc_id, values in zip(ids, doc_filters, strict=True):
        members = by_part[portal_of(values)]
        members[0].append(doc_id)
        members[1].append(values)
    for number, portal in enumerate(parts):
        part_ids, part_filters = by_part[portal]
        data = filters_json(part_filters, names, part_ids)
        # the part's ids ("_ids": deltas), so that counts per portal need no other file
        ids_json = encode_json(delta_encode(part_ids))
        data = gz(b'{"_ids":' + ids_json + (b"," + data[1:] if data != b"{}" else b"}"))
        path = filters_path(number)
        digests[path] = file_digest(data)
        report.written += write_if_changed(index_dir / path, data)
    return {portal: len(by_part[portal][0]) for portal in parts}


def _finish(
    index_dir: Path,
    digests: dict[str, bytes],
    report: BuildReport,
    settings: dict[str, Any],
    counts: dict[str, int],
    part_docs: dict[str, int],
) -> dict[str, tuple[int, int]]:
    """Remove stale files, write the manifest last; returns the stats of every index file.
    `digests`: every index file but the manifest, by path: the sha256 of its bytes."""
    paths = set(digests)
    stale = index_files_on_disk(index_dir) - paths - {"manifest.json"}
    for path in sorted(stale):
        (index_dir / path).unlink()
        report.removed += 1
    for top in ("shards", "docs"):
        for folder in sorted((index_dir / top).iterdir()):
            if folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()  # a part that is gone (or format 2's earlier layout)
    report.build = build_id_of_digests(digests)
    parts = [
        {
            "docs": part_docs[portal],
            **portal_info(_JOB.get("portals"), portal),
            "portal": portal,
            "shards": counts.get(portal, 0),
        }
        for portal in sorted(part_docs)
    ]
    manifest = manifest_json(
        build=report.build,
        docs=report.docs,
        shards=counts[ALL],
        filters=list(settings["filters"]),
        parts=parts,
    )
    if write_if_changed(index_dir / "manifest.json", manifest):
        report.written += 1
    return file_stats(index_dir, paths | {"manifest.json"})


def _layouts(entries: Iterator[tuple[str, bytes]], layouts: list[str], target: int) -> dict:
    """The ShardLayout of the whole archive (ALL) and of each part (when split) from the
    (key, entry) of all tokens."""
    grouped: dict[str, list[tuple[str, bytes]]] = {layout: [] for layout in layouts}
    for key, entry in entries:
        layout, token = split_key(key)
        grouped[layout].append((token, entry))
    return {layout: layout_entries(grouped.pop(layout), target) for layout in layouts}


def _shard_file(layout: str, number: dict[str, int], index: int, count: int) -> str:
    return shard_path(None if layout == ALL else number[layout], index, count)


# ---------------------------------------------------------------------------------------------
# full build


def _full_build(
    keyed: list[tuple[float, str, str, int]],
    ids: list[int],
    portals: list[str],
    unit_exp: int,
    index_dir: Path,
    settings: dict[str, Any],
    root: Path | None,
) -> BuildReport:
    started = time.perf_counter()
    drop_state(root)
    cache: AnalysisCache = _JOB["cache"]
    report = BuildReport(docs=len(keyed))
    stored = cache.digests()
    # analysing is what a pool pays off for; unpacking cached entries is cheaper than shipping them
    misses = sum(1 for k in keyed if k[2] not in stored)
    workers = min(settings["workers"], os.cpu_count() or 1)
    parallel = workers if misses >= settings["parallel_min_docs"] else 1

    # Runs of consecutive documents: inline, small ones (cached entries are loaded a run at a
    # time); in a pool, a few per worker, so that little is shipped back and joined here.
    size = BATCH_DOCS
    if parallel > 1:
        size = max(size, -(-len(keyed) // (parallel * RUNS_PER_WORKER)))

    def tasks() -> Iterator[list[tuple[int, int, str, bytes | None]]]:
        for first in range(0, len(keyed), size):
            items = []
            for doc_id, (_, _, digest, position) in zip(
                ids[first : first + size], keyed[first : first + size], strict=True
            ):
                blob = cache.get_blob(digest) if digest in stored else None
                items.append((doc_id, position, digest, blob))
            yield items

    joiner = EntryJoiner()
    inline = Postings(_JOB["id_base"])  # the postings of the runs analysed here (parallel 1)
    doc_filters: list[dict[str, list[str]]] = []
    digests: dict[str, bytes] = {}  # every index file but the manifest: sha256 of its bytes
    parts = _parts_of(portals)
    number = {portal: i for i, portal in enumerate(parts)}
    chunks = _Chunks(index_dir, digests, report)
    shared = _Shared()
    for run in _run_all(tasks(), parallel, inline):
        joiner.add(run.parts)
        run.parts = {}
        first = len(doc_filters)
        for doc_id, doc in zip(ids[first : first + len(run.docs)], run.docs, strict=True):
            chunks.add(doc_id, doc)
        doc_filters.extend(map(shared, run.filters))
        cache.put_many(run.new_entries)
        report.analysed += run.analysed
        report.cached += run.cached
    chunks.flush()
    joiner.add(encode_parts(inline))
    report.timings["analysis"] = time.perf_counter() - started

    names = [ALL, *parts] if _JOB["split"] else [ALL]
    layouts = _layouts(joiner.entries(), names, settings["shard_target_bytes"])
    for name in names:
        layout = layouts[name]
        for index in range(layout.count):
            path = _shard_file(name, number, index, layout.count)
            data = gz(layout.shard_bytes(index, release=True))
            digests[path] = file_digest(data)
            if write_if_changed(index_dir / path, data):
                report.written += 1
    counts = {name: layouts[name].count for name in names}
    report.shards = sum(counts.values())
    part_docs = _write_filters(index_dir, parts, ids, doc_filters, settings, digests, report)
    report.timings["shards"] = time.perf_counter() - started
    stats = _finish(index_dir, digests, report, settings, counts, part_docs)
    save_state(
        root,
        IndexState(
            layout_key=_layout_key(settings),
            unit_exp=unit_exp,
            ids=ids,
            keys=[k[:3] for k in keyed],
            shard_count=counts,
            shard_totals={name: layouts[name].totals for name in names},
            filters=doc_filters,
            stats=stats,
            digests=digests,
        ),
    )
    cache.prune({k[2] for k in keyed})
    report.timings["finish"] = time.perf_counter() - started
    return report


# ---------------------------------------------------------------------------------------------
# patch build


def _patch_build(
    state: IndexState,
    keyed: list[tuple[float, str, str, int]],
    ids: list[int],
    portals: list[str],
    unit_exp: int,
    index_dir: Path,
    settings: dict[str, Any],
    root: Path | None,
) -> BuildReport | None:
    """Patch the shards and chunks touched by a few changed ids; None when a full build is
    needed."""
    started = time.perf_counter()
    if state.layout_key != _layout_key(settings) or state.unit_exp != unit_exp:
        return None  # another layout, or every id moves: full build
    old = dict(zip(state.ids, state.keys, strict=True))
    new = {doc_id: k[:3] for doc_id, k in zip(ids, keyed, strict=True)}
    changed = sorted(d for d in old.keys() | new.keys() if old.get(d) != new.get(d))
    if len(changed) > PATCH_LIMIT:
        return None
    on_disk = index_files_on_disk(index_dir)
    if (
        on_disk != set(state.stats)
        or set(state.digests) != on_disk - {"manifest.json"}
        or file_stats(index_dir, on_disk) != state.stats
    ):
        logger.info("search_index: the index on disk is not the last build's; rebuilding it")
        return None
    cache: AnalysisCache = _JOB["cache"]
    counts = dict(state.shard_count)
    report = BuildReport(docs=len(keyed), shards=sum(counts.values()), patched=True)
    if not changed:
        return report

    # old and new postings of the changed ids, by shard
    positions = {doc_id: k[3] for doc_id, k in zip(ids, keyed, strict=True)}
    analyses: dict[str, Analysis] = {}  # digest -> analysis (a moved document is read once)
    fresh: dict[str, Analysis] = {}  # analysed now, to be cached

    def analysis_of(digest: str, position: int | None) -> Analysis | None:
        if digest not in analyses:
            found = cache.get(digest)
            if found is None and position is not None:
                raw = _JOB["to_raw"](_JOB["articles"][position])
                found = fresh[digest] = analyse(
                    raw, excerpt_source_chars=settings["excerpt_source_chars"]
                )
            if found is None:
                return None
            analyses[digest] = found
        return analyses[digest]

    parts = _parts_of(portals)
    split = _JOB["split"]
    if sorted(counts) != sorted([ALL, *parts] if split else [ALL]):
        return None  # a portal appears or disappears: the parts change, full build
    updates: dict[tuple[str, int], dict[str, dict[int, int | None]]] = {}
    new_analyses: dict[int, Analysis] = {}
    for doc_id in changed:
        before: dict[str, int] = {}
        after: dict[str, int] = {}
        if doc_id in old:
            previous = analysis_of(old[doc_id][2], None)
            if previous is None:
                return None  # the old document's tokens are unknown: full build
            before = dict(zip(_keys(previous, split), previous.weights * (1 + split), strict=True))
        if doc_id in new:
            digest = new[doc_id][2]
            was_fresh = digest in fresh
            current = analysis_of(digest, positions[doc_id])
            if digest in fresh and not was_fresh:
                report.analysed += 1
            else:
                report.cached += 1
            new_analyses[doc_id] = current
            after = dict(zip(_keys(current, split), current.weights * (1 + split), strict=True))
        for key in before.keys() | after.keys():
            weight = after.get(key)
            if before.get(key) != weight:
                layout, token = split_key(key)
                shard = updates.setdefault((layout, shard_of(token, counts[layout])), {})
                shard.setdefault(token, {})[doc_id] = weight

    filters_by_id = dict(zip(state.ids, state.filters, strict=True))
    for doc_id in changed:
        if doc_id in new:
            filters_by_id[doc_id] = new_analyses[doc_id].filters
        else:
            del filters_by_id[doc_id]
    doc_filters = [filters_by_id[doc_id] for doc_id in ids]
    number = {portal: i for i, portal in enumerate(parts)}

    files: dict[str, bytes | None] = {}  # patched files whose bytes changed (None: removed)
    totals = {portal: list(values) for portal, values in state.shard_totals.items()}
    for (layout, index), changes in sorted(updates.items()):
        path = _shard_file(layout, number, index, counts[layout])
        original = (index_dir / path).read_bytes()
        entries = split_shard(gunzip(original))
        for token, doc_changes in changes.items():
            entry = patch_entry(token, entries.get(token), doc_changes)
            if entry is None:
                entries.pop(token, None)
            else:
                entries[token] = entry
        ordered = [entries[t] for t in sorted(entries)]
        totals[layout][index] = sum(map(len, ordered))
        data = gz(b"{" + b",".join(ordered) + b"}")
        if data != original:
            files[path] = data
    for layout in {layout for layout, _ in updates}:
        if shard_count(sum(totals[layout]), settings["shard_target_bytes"]) != counts[layout]:
            return None  # the shard count changes: full build
    for chunk in sorted({chunk_of(doc_id) for doc_id in changed}):
        path = chunk_path(chunk)
        docs = split_chunk(gunzip((index_dir / path).read_bytes())) if path in on_disk else {}
        for doc_id in changed:
            if chunk_of(doc_id) != chunk:
                continue
            if doc_id in new:
                docs[doc_id] = new_analyses[doc_id].doc
            else:
                docs.pop(doc_id, None)
        files[path] = gz(chunk_json(sorted(docs.items()))) if docs else None
    report.timings["patch"] = time.perf_counter() - started

    drop_state(root)
    digests = dict(state.digests)  # the files left as they are keep theirs
    for path, data in sorted(files.items()):
        if data is None:
            digests.pop(path, None)  # removed by _finish as stale
            continue
        digests[path] = file_digest(data)
        report.written += write_if_changed(index_dir / path, data)
    cache.put_many([(digest, pack_analysis(digest, a)) for digest, a in sorted(fresh.items())])
    part_docs = _write_filters(index_dir, parts, ids, doc_filters, settings, digests, report)
    stats = _finish(index_dir, digests, report, settings, counts, part_docs)
    save_state(
        root,
        IndexState(
            layout_key=state.layout_key,
            unit_exp=unit_exp,
            ids=ids,
            keys=[k[:3] for k in keyed],
            shard_count=counts,
            shard_totals=totals,
            filters=doc_filters,
            stats=stats,
            digests=digests,
        ),
    )
    cache.prune({k[2] for k in keyed})
    report.timings["finish"] = time.perf_counter() - started
    return report
