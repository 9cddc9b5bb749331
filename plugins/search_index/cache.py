"""The build cache under `CACHE_PATH/search_index/` (I/O; a bad cache is never fatal).

- `v<N>/analyses.sqlite`: each document's Analysis (pickled), keyed by the digest of its inputs.
- `v<N>/state.pickle`: what the last build wrote (the id unit, every document's id and key
  (timestamp, url, digest) in id order, shard count and per-shard entry bytes, every index
  file's size, mtime and sha256, filter values per document), tagged with STATE_VERSION; a warm
  build with few changed ids patches only the shards those documents touch.

Anything unreadable, corrupt or from another format version is ignored with a warning (the
entry is analysed again, or the index is rebuilt from the analyses) and later overwritten; a
state of another STATE_VERSION (an upgrade) is ignored with an info message.
"""

from __future__ import annotations

import logging
import pickle
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .analysis import Analysis
from .files import write_atomic
from .records import FORMAT_VERSION

logger = logging.getLogger(__name__)

CACHE_VERSION = f"v{FORMAT_VERSION}"
# The layout of state.pickle; a state of another version is ignored (a full build).
# 1: dense ids 0..N-1 (keys only). 2: gapped ids (unit_exp, ids). 4: index format 2 (parts).
STATE_VERSION = 4


def _load(path: Path, what: str) -> Any | None:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        logger.warning("search_index: %s %s is unreadable (%s); ignored", what, path, error)
        return None
    try:
        return pickle.loads(data)
    except Exception as error:  # noqa: BLE001 - any corruption: ignore the file
        logger.warning(
            "search_index: %s %s is corrupt (%s: %s); ignored, it will be rebuilt",
            what,
            path,
            type(error).__name__,
            error,
        )
        return None


def pack_analysis(digest: str, analysis: Analysis) -> bytes:
    """One cache entry's bytes."""
    record = (
        CACHE_VERSION,
        digest,
        analysis.tokens,
        analysis.weights,
        analysis.doc,
        analysis.filters,
    )
    return pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL)


def unpack_analysis(digest: str, data: bytes) -> Analysis:
    """The Analysis in a cache entry; ValueError (or an unpickling error) when it is bad."""
    version, stored, tokens, weights, doc, filters = pickle.loads(data)
    if version != CACHE_VERSION or stored != digest:
        raise ValueError("another version or digest")
    if not (isinstance(tokens, str) and isinstance(weights, bytes)):
        raise ValueError("bad field types")
    if not (isinstance(doc, bytes) and isinstance(filters, dict)):
        raise ValueError("bad field types")
    analysis = Analysis(tokens=tokens, weights=weights, doc=doc, filters=filters)
    if len(analysis.token_list()) != len(weights):
        raise ValueError("tokens and weights differ in length")
    return analysis


def unpack_or_none(digest: str, data: bytes, *, where: str = "") -> Analysis | None:
    """`unpack_analysis`, or None with a warning when the entry is damaged (it is then analysed
    again: a corrupt cache only costs time). `where` names the cache, like " in <path>"."""
    try:
        return unpack_analysis(digest, data)
    except Exception as error:  # noqa: BLE001 - any corruption: analyse again
        logger.warning(
            "search_index: cache entry %s%s is corrupt (%s: %s); ignored, analysing again",
            digest,
            where,
            type(error).__name__,
            error,
        )
        return None


class AnalysisCache:
    """Per-document analyses keyed by digest, in one SQLite file (`v<N>/analyses.sqlite`).

    Only the building process opens it (fork-pool workers hand their entries back). A file
    SQLite cannot read is reported, removed and started afresh.
    """

    def __init__(self, root: Path | None) -> None:
        self.root = root / CACHE_VERSION if root else None
        self.path = self.root / "analyses.sqlite" if self.root else None
        self._db: sqlite3.Connection | None = None
        self._digests: set[str] | None = None

    def _connect(self) -> sqlite3.Connection | None:
        if self.path is None:
            return None
        if self._db is None:
            try:
                self.root.mkdir(parents=True, exist_ok=True)
                try:
                    self._db = self._open()
                except sqlite3.DatabaseError as error:
                    logger.warning(
                        "search_index: cache %s is corrupt (%s); removed, starting a new one",
                        self.path,
                        error,
                    )
                    self.path.unlink(missing_ok=True)
                    self._db = self._open()
            except (OSError, sqlite3.Error) as error:
                logger.warning(
                    "search_index: cannot use the cache %s (%s); building without it",
                    self.path,
                    error,
                )
                self.path = None
                self._db = None
        return self._db

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, isolation_level=None)
        try:
            db.execute("PRAGMA synchronous=OFF")
            db.execute("CREATE TABLE IF NOT EXISTS analyses (digest TEXT PRIMARY KEY, data BLOB)")
            self._digests = {row[0] for row in db.execute("SELECT digest FROM analyses")}
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    def digests(self) -> set[str]:
        """Digests with an entry."""
        if self._connect() is None:
            return set()
        return set(self._digests or ())

    def get_blob(self, digest: str) -> bytes | None:
        """The packed entry of `digest` (None when missing or unreadable)."""
        db = self._connect()
        if db is None or digest not in (self._digests or ()):
            return None
        try:
            row = db.execute("SELECT data FROM analyses WHERE digest = ?", (digest,)).fetchone()
        except sqlite3.DatabaseError as error:
            logger.warning("search_index: cache %s is unreadable (%s)", self.path, error)
            return None
        return row[0] if row else None

    def get(self, digest: str) -> Analysis | None:
        data = self.get_blob(digest)
        if data is None:
            return None
        return unpack_or_none(digest, data, where=f" in {self.path}")

    def put_many(self, entries: list[tuple[str, bytes]]) -> None:
        """Store packed entries (pack_analysis) in one transaction."""
        db = self._connect()
        if db is None or not entries:
            return
        try:
            db.execute("BEGIN")
            db.executemany("INSERT OR REPLACE INTO analyses VALUES (?, ?)", entries)
            db.execute("COMMIT")
            self._digests.update(digest for digest, _ in entries)
        except sqlite3.DatabaseError as error:
            logger.warning("search_index: could not write to the cache %s (%s)", self.path, error)

    def put(self, digest: str, analysis: Analysis) -> None:
        self.put_many([(digest, pack_analysis(digest, analysis))])

    def prune(self, keep: set[str]) -> int:
        """Remove entries not in `keep`, and folders of other format versions."""
        db = self._connect()
        if db is None or self.root is None:
            return 0
        try:
            others = [p for p in self.root.parent.iterdir() if p != self.root and p.is_dir()]
        except OSError:
            others = []
        for other in others:
            if other.name.startswith("v"):
                _remove_tree(other)
        stale = sorted((self._digests or set()) - keep)
        if not stale:
            return 0
        try:
            db.execute("BEGIN")
            db.executemany("DELETE FROM analyses WHERE digest = ?", [(d,) for d in stale])
            db.execute("COMMIT")
            self._digests.difference_update(stale)
        except sqlite3.DatabaseError as error:
            logger.warning("search_index: could not prune the cache %s (%s)", self.path, error)
            return 0
        return len(stale)

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


def _remove_tree(folder: Path) -> None:
    for path in sorted(folder.rglob("*"), reverse=True):
        try:
            path.rmdir() if path.is_dir() else path.unlink()
        except OSError:
            pass
    try:
        folder.rmdir()
    except OSError:
        pass


@dataclass
class IndexState:
    """What the last build wrote (see the module docstring)."""

    layout_key: str  # settings that shape the files (output path, filters, shard target ...)
    unit_exp: int  # ids.py: the unit of the ids, 2**unit_exp seconds
    ids: list[int]  # ascending
    keys: list[tuple[float, str, str]]  # per id, same order: (timestamp, url, digest)
    shard_count: dict[str, int]  # layout.ALL and each part (when split): its shard count
    shard_totals: dict[str, list[int]]  # the same: per shard, bytes of its entries
    filters: list[dict[str, list[str]]]  # per id, same order
    stats: dict[str, tuple[int, int]]  # every index file: (size, mtime_ns)
    digests: dict[str, bytes]  # every index file but the manifest: sha256 of its bytes


def load_state(root: Path | None) -> IndexState | None:
    if root is None:
        return None
    value = _load(root / CACHE_VERSION / "state.pickle", "index state")
    if value is None:
        return None
    if (
        not isinstance(value, tuple)
        or len(value) != 3
        or value[:2] != (CACHE_VERSION, STATE_VERSION)
    ):
        logger.info(
            "search_index: index state in %s is from another version; ignored (full build)", root
        )
        return None
    try:
        state = IndexState(**value[2])
    except TypeError as error:
        logger.warning("search_index: index state in %s is not valid (%s); ignored", root, error)
        return None
    if not (len(state.ids) == len(state.keys) == len(state.filters)):
        logger.warning("search_index: index state in %s is not valid; ignored", root)
        return None
    return state


def save_state(root: Path | None, state: IndexState) -> None:
    if root is None:
        return
    data = pickle.dumps(
        (CACHE_VERSION, STATE_VERSION, vars(state)), protocol=pickle.HIGHEST_PROTOCOL
    )
    path = root / CACHE_VERSION / "state.pickle"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, data)
    except OSError as error:
        logger.warning("search_index: could not write the index state %s (%s)", path, error)


def drop_state(root: Path | None) -> None:
    """Forget the last build's state (before writing, so a failed build is never patched)."""
    if root is None:
        return
    try:
        (root / CACHE_VERSION / "state.pickle").unlink()
    except OSError:
        pass
