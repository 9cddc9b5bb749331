"""Markdown conversion that is cached on disk and done on every core.

Pelican builds a new `Markdown` object for every file and converts every file on every build,
on one core. Here one converter per process is reused (reset between files), results are kept
in a content-addressed cache (key: the file's bytes and the conversion settings), and the files
that miss the cache are converted by a pool of forked processes while Pelican reads them (in
Pelican's reading order, so reading waits little and a core no longer idles while it reads).
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import multiprocessing
import os
import tempfile
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

import markdown
from markdown import Markdown

logger = logging.getLogger(__name__)

CACHE_FORMAT = 1
PREFILL_CHUNK = 16  # files per task: small, so Pelican's reading waits little for the first

# (html, [(name, [values])], {name: formatted_html})
Converted = tuple[str, list[tuple[str, list[str]]], dict[str, str]]


class Converter:
    """Markdown -> (html, raw metadata, formatted metadata), reusing two Markdown objects."""

    def __init__(self, markdown_settings: dict, formatted_fields: list[str]) -> None:
        self.formatted_fields = set(formatted_fields)
        self._body = Markdown(**markdown_settings)
        self._fields = Markdown(**markdown_settings)
        if "meta" in self._fields.preprocessors:
            self._fields.preprocessors.deregister("meta")

    def convert(self, text: str) -> Converted:
        self._body.reset()
        html = self._body.convert(text)
        meta = getattr(self._body, "Meta", {}) or {}
        raw = [(name.lower(), list(values)) for name, values in meta.items()]
        formatted = {}
        for name, values in raw:
            if name in self.formatted_fields:
                self._fields.reset()
                formatted[name] = self._fields.convert("\n".join(values))
        return html, raw, formatted


def decode_source(data: bytes) -> str:
    """What pelican_open gives: UTF-8 text without a byte-order mark."""
    text = data.decode("utf-8")
    return text[1:] if text.startswith("\ufeff") else text


def settings_fingerprint(markdown_settings: dict, formatted_fields: list[str]) -> str:
    described = repr((CACHE_FORMAT, markdown.__version__, markdown_settings, formatted_fields))
    return hashlib.sha256(described.encode()).hexdigest()[:16]


class MarkdownCache:
    """Content-addressed cache of conversions, on disk under `folder`."""

    def __init__(self, folder: str | Path, markdown_settings: dict, formatted_fields: list[str]):
        self.folder = Path(folder) / "markdown"
        self._folder_text = str(self.folder)
        self.markdown_settings = markdown_settings
        self.formatted_fields = list(formatted_fields)
        self.fingerprint = settings_fingerprint(markdown_settings, self.formatted_fields)
        self._converter: Converter | None = None
        self._pool: ProcessPoolExecutor | None = None
        self._pending: dict[str, Future] = {}  # path -> the conversion of its chunk
        # path -> (size, mtime_ns, key) of the files read in this build (see `save_stat_index`)
        self.read_files: dict[str, tuple[int, int, str]] = {}
        self.hits = 0
        self.misses = 0

    def key(self, data: bytes) -> str:
        return hashlib.sha256(self.fingerprint.encode() + b"\0" + data).hexdigest()

    def _path(self, key: str) -> Path:
        return Path(self._path_text(key))

    def _path_text(self, key: str) -> str:
        # String joins: 10,000 pathlib joins per build cost more than the files' reading.
        return os.path.join(self._folder_text, key[:2], key + ".marshal")

    def load(self, key: str) -> Converted | None:
        try:
            with open(self._path_text(key), "rb") as handle:
                return marshal.loads(handle.read())
        except (OSError, EOFError, ValueError, TypeError):
            return None

    def store(self, key: str, value: Converted) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as handle:
            handle.write(marshal.dumps(value))
        os.replace(tmp, path)

    def converter(self) -> Converter:
        if self._converter is None:
            self._converter = Converter(self.markdown_settings, self.formatted_fields)
        return self._converter

    def get(self, data: bytes, key: str | None = None, path: str | None = None) -> Converted:
        """The conversion of a file's bytes: cached on disk (waiting for the background
        conversion of the file at `path` if it is still under way), or converted now. `key` is
        `self.key(data)` when the caller already has it."""
        key = self.key(data) if key is None else key
        pending = self._pending.pop(path, None) if path is not None else None
        if pending is not None:
            pending.result()  # the chunk holding this file has been converted and stored
            if not self._pending:
                self.finish()
        value = self.load(key)
        if value is not None:
            self.hits += 1
            return value
        self.misses += 1
        value = self.converter().convert(decode_source(data))
        self.store(key, value)
        return value

    def record(self, path: str, stat: os.stat_result, key: str) -> None:
        """Note that `path`, as `stat` found it before it was read, has conversion key `key`."""
        self.read_files[path] = (stat.st_size, stat.st_mtime_ns, key)

    def stat_index_path(self) -> Path:
        return self.folder / f"stat-index-{self.fingerprint}.marshal"

    def save_stat_index(self, read_files: dict[str, tuple[int, int, str]]) -> None:
        """Keep the keys of the files read in this build, by size and mtime, for `prefill`."""
        path = self.stat_index_path()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            with os.fdopen(fd, "wb") as handle:
                handle.write(marshal.dumps(read_files))
            os.replace(tmp, path)
        except OSError as error:  # only a hint for the next build's prefill
            logger.warning(
                "fast_build: could not save %s (%s); not needed for the build", path, error
            )

    def _load_stat_index(self) -> dict:
        try:
            index = marshal.loads(self.stat_index_path().read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            return {}
        return index if isinstance(index, dict) else {}

    def _known_key(self, path: str, index: dict) -> str | None:
        """The key recorded for `path` by the last build if its size and mtime are unchanged."""
        known = index.get(path)
        if not known:
            return None
        try:
            stat = os.stat(path)
        except OSError:
            return None
        if (stat.st_size, stat.st_mtime_ns) != tuple(known[:2]):
            return None
        return known[2] if isinstance(known[2], str) else None

    def prefill(self, paths: list[str], workers: int, min_parallel: int) -> int:
        """Start converting, on `workers` processes, the files whose conversion is not cached.

        Returns how many files were handed to the workers (each is converted unless its
        conversion turns out to be cached). The conversion runs while Pelican reads: workers
        take the files in `paths` order (give them in the order Pelican reads them) and store
        each result in the cache themselves; `get` waits only for a file that is not converted
        yet. `finish` (called once every file was asked for, or when reading is
        over) stops the workers.
        """
        missing: list[str] = []
        # A file whose size and mtime are those the last build read is not read again here:
        # its key is taken from the stat index, and it is converted only if that key is not
        # cached. Any other file (all of them in a first build) goes to the workers, which
        # read and hash it themselves, so reading the files is spread over the cores too
        # instead of holding up the start. A worker stores what it converted under the key of
        # the bytes it read, and `get` hashes the bytes Pelican reads: a wrong guess costs a
        # conversion during reading, never a wrong page.
        index = self._load_stat_index()
        for path in paths:
            key = self._known_key(path, index)
            if key is None or not os.path.exists(self._path_text(key)):
                missing.append(path)
        if workers < 2 or len(missing) < max(min_parallel, 2):
            return 0
        global _WORKER_CACHE
        _WORKER_CACHE = self
        self._pool = ProcessPoolExecutor(
            max_workers=workers, mp_context=multiprocessing.get_context("fork")
        )
        for first in range(0, len(missing), PREFILL_CHUNK):
            chunk = missing[first : first + PREFILL_CHUNK]
            future = self._pool.submit(_convert_and_store, chunk)
            for path in chunk:
                self._pending[path] = future
        logger.info(
            "fast_build: converting up to %d Markdown files on %d cores", len(missing), workers
        )
        return len(missing)

    def finish(self) -> None:
        """Wait for and stop the conversion workers (before anything else forks)."""
        global _WORKER_CACHE
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=False)
            self._pool = None
        self._pending.clear()
        _WORKER_CACHE = None


_WORKER_CACHE: MarkdownCache | None = None


def _convert_and_store(chunk: list[str]) -> int:
    """Worker: read each file, and convert it and store the result under the key of the bytes
    read unless that key is cached; returns how many were stored. A file that fails is skipped:
    Pelican's own read of it reports the error with its name."""
    cache = _WORKER_CACHE
    assert cache is not None
    stored = 0
    for path in chunk:
        try:
            data = Path(path).read_bytes()
            key = cache.key(data)
            if os.path.exists(cache._path_text(key)):
                continue
            value = cache.converter().convert(decode_source(data))
            cache.store(key, value)
        except Exception:  # noqa: BLE001 - reported by Pelican's own read of the same file
            continue
        stored += 1
    return stored
