"""Articles as Pelican read them, kept between builds, so a warm build does not read them again.

Reading an unchanged article costs Pelican the Markdown (cached), the metadata processing, the
Content object and the per-article plugin signals: about 2.5 s of a rebuild at 10,000 articles.
This cache keeps each article exactly as it stood when Pelican stored it in its own
`cache_data` hook (right after reading and validating it, before any generator-wide plugin work)
and gives it back through `get_cached_data`, the hook Pelican's generator-level caching uses:
Pelican then skips reading that file, as it does with its own `CACHE_CONTENT`.

An entry is used only when everything the reading depends on is unchanged:
- the file's bytes (and the Markdown settings): the Markdown cache key of the file;
- every setting (described without memory addresses), Pelican's and Python's versions;
- the source of every plugin (every `.py` file under PLUGIN_PATHS) and of every loaded module
  under the project folder (the plugins' helpers, such as `scraper/`).

The settings and the shared template context are not stored with each article: they are stored
as references and replaced by the running build's own when an article is loaded. Entries live in
one SQLite file, written in batches while Pelican reads; a damaged file is reported, removed and
rebuilt (it only costs time).
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import pickle
import sqlite3
import sys
from pathlib import Path

import pelican

from .fingerprint import SOURCE_DIGESTS, describe, digest

logger = logging.getLogger(__name__)

CACHE_FORMAT = 1
FLUSH_EVERY = 256  # entries written per transaction while reading (bounds the memory held)
_SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    path TEXT PRIMARY KEY,
    key TEXT NOT NULL,
    base TEXT NOT NULL,
    data BLOB NOT NULL
)
"""
# Settings that name where this build writes or caches, not how it reads.
_PLACE_SETTINGS = {"OUTPUT_PATH", "CACHE_PATH", "FAST_BUILD"}


def code_digest(settings: dict) -> str:
    """Digest of the plugins' source and of the loaded modules under the project folder."""
    folders = [Path(p).resolve() for p in settings.get("PLUGIN_PATHS", [])]
    files: set[Path] = set()
    for folder in folders:
        files.update(folder.rglob("*.py"))
    roots = {folder.parent for folder in folders}
    for module in list(sys.modules.values()):
        name = getattr(module, "__file__", None)
        if name and name.endswith(".py"):
            path = Path(name).resolve()
            if any(root in path.parents for root in roots) and "site-packages" not in path.parts:
                files.add(path)
    hasher = hashlib.sha256()
    for path in sorted(files):
        hasher.update(str(path).encode("utf-8", "surrogatepass"))
        try:
            hasher.update(path.read_bytes())
        except OSError:
            hasher.update(b"<unreadable>")
    return hasher.hexdigest()


def base_key(settings: dict) -> str:
    """What every entry depends on besides its own file."""
    described = describe(
        {k: v for k, v in settings.items() if k not in _PLACE_SETTINGS and k.isupper()}, 1
    )
    return digest(
        (CACHE_FORMAT, pelican.__version__, sys.version, described, code_digest(settings))
    )


class _Pickler(pickle.Pickler):
    """Pickles an article with the shared objects as references and its texts pre-encoded.

    Pickle writes a str as UTF-8 and CPython keeps that UTF-8 copy inside a non-ASCII str for
    the rest of its life: storing 10,000 articles would keep a second copy of every article's
    text in the build (~8 kB an article). `str.encode` keeps no copy, so non-ASCII texts are
    written as encoded bytes, once per text (a later reference names the first).
    """

    def __init__(self, file, shared: dict[int, str]) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.shared = shared
        self.texts: dict[int, int] = {}

    def persistent_id(self, obj):
        if type(obj) is str:
            if obj.isascii():
                return None  # its UTF-8 form is the str's own memory
            number = self.texts.get(id(obj))
            if number is not None:
                return number
            self.texts[id(obj)] = len(self.texts)
            return obj.encode("utf-8", "surrogatepass")
        return self.shared.get(id(obj))


class _Unpickler(pickle.Unpickler):
    def __init__(self, file, shared: dict[str, object]) -> None:
        super().__init__(file)
        self.shared = shared
        self.texts: list[str] = []

    def persistent_load(self, pid):
        if type(pid) is bytes:
            text = pid.decode("utf-8", "surrogatepass")
            self.texts.append(text)
            return text
        if type(pid) is int:
            return self.texts[pid]
        return self.shared[pid]


class ArticleCache:
    """Entries of one generator's articles: `load(path, key)` and `store(path, key, article)`."""

    def __init__(self, folder: str | Path, settings: dict, context: dict) -> None:
        self.path = Path(folder) / "articles.sqlite"
        self.settings = settings
        self.base = base_key(settings)
        self._shared_out = {id(settings): "settings", id(context): "context"}
        self._shared_in = {"settings": settings, "context": context}
        self._pending: list[tuple[str, str, str, bytes]] = []
        self._seen: set[str] = set()
        self.hits = 0
        self._db = self._open()

    def _open(self) -> sqlite3.Connection | None:
        for attempt in (1, 2):
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(self.path, timeout=60)
                db.execute("PRAGMA journal_mode=WAL")
                db.execute(_SCHEMA)
                db.commit()
                return db
            except sqlite3.DatabaseError as error:
                logger.warning(
                    "fast_build: article cache %s is unreadable (%s); %s",
                    self.path,
                    error,
                    "removing it and starting a new one" if attempt == 1 else "not using it",
                )
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        return None

    def load(self, path: str, key: str):
        """The article stored for `path` when its file still has `key`, else None."""
        self._seen.add(path)
        if self._db is None:
            return None
        try:
            row = self._db.execute(
                "SELECT key, base, data FROM articles WHERE path = ?", (path,)
            ).fetchone()
        except sqlite3.DatabaseError as error:
            logger.warning("fast_build: article cache %s: %s; reading articles", self.path, error)
            self._db = None
            return None
        if row is None or row[0] != key or row[1] != self.base:
            return None
        try:
            article = _Unpickler(io.BytesIO(row[2]), self._shared_in).load()
        except Exception as error:  # noqa: BLE001 - a damaged entry: read the file again
            logger.warning("fast_build: cached article for %s is damaged (%s)", path, error)
            return None
        SOURCE_DIGESTS[article.source_path] = key
        self.hits += 1
        return article

    def store(self, path: str, key: str, article) -> None:
        """Keep `article` as it is now (serialised at once: plugins change it later)."""
        self._seen.add(path)
        if self._db is None:
            return
        buffer = io.BytesIO()
        try:
            _Pickler(buffer, self._shared_out).dump(article)
        except Exception as error:  # noqa: BLE001 - something a plugin attached: not cached
            logger.debug("fast_build: article %s is not cacheable (%s)", path, error)
            return
        self._pending.append((path, key, self.base, buffer.getvalue()))
        if len(self._pending) >= FLUSH_EVERY:
            self._flush()

    def _flush(self) -> None:
        pending, self._pending = self._pending, []
        if self._db is None or not pending:
            return
        try:
            with self._db:
                self._db.executemany(
                    "INSERT OR REPLACE INTO articles (path, key, base, data) VALUES (?, ?, ?, ?)",
                    pending,
                )
        except sqlite3.DatabaseError as error:
            logger.warning("fast_build: could not update article cache %s: %s", self.path, error)
            self._db = None

    def save(self) -> None:
        """Write the last entries; drop those of this content folder's files not read now."""
        self._flush()
        if self._db is None:
            return
        root = os.path.abspath(self.settings["PATH"]) + os.sep
        try:
            with self._db:
                stored = [row[0] for row in self._db.execute("SELECT path FROM articles")]
                gone = [(p,) for p in stored if p.startswith(root) and p not in self._seen]
                self._db.executemany("DELETE FROM articles WHERE path = ?", gone)
        except sqlite3.DatabaseError as error:
            logger.warning("fast_build: could not update article cache %s: %s", self.path, error)
        finally:
            self._db.close()
            self._db = None


def install(generator, cache: ArticleCache, key_of) -> None:
    """Route the generator's `get_cached_data` / `cache_data` through `cache`.

    `key_of(path)` gives the file's cache key (None when it cannot be read: Pelican then reads
    the file and reports the problem). Pelican's own generator caching, when enabled, is left
    as it is.
    """
    original_get = generator.get_cached_data
    original_put = generator.cache_data

    def get_cached_data(filename, default=None):
        found = original_get(filename, None)
        if found is not None:
            return found
        path = os.path.abspath(os.path.join(generator.path, filename))
        key = key_of(path)
        article = cache.load(path, key) if key is not None else None
        return default if article is None else article

    def cache_data(filename, data):
        original_put(filename, data)
        path = os.path.abspath(os.path.join(generator.path, filename))
        key = SOURCE_DIGESTS.get(path)
        if key is not None and getattr(data, "source_path", None) == path:
            cache.store(path, key, data)

    generator.get_cached_data = get_cached_data
    generator.cache_data = cache_data
