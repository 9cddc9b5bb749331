"""Markdown conversion that is cached on disk and done on every core.

Pelican builds a new `Markdown` object for every file and converts every file on every build,
on one core. Here one converter per process is reused (reset between files), results are kept
in a content-addressed cache (key: the file's bytes and the conversion settings), and the files
that miss the cache are converted by a pool of forked processes before Pelican reads them.
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import multiprocessing
import os
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import markdown
from markdown import Markdown

logger = logging.getLogger(__name__)

CACHE_FORMAT = 1

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
        self.markdown_settings = markdown_settings
        self.formatted_fields = list(formatted_fields)
        self.fingerprint = settings_fingerprint(markdown_settings, self.formatted_fields)
        self._converter: Converter | None = None
        self.hits = 0
        self.misses = 0

    def key(self, data: bytes) -> str:
        return hashlib.sha256(self.fingerprint.encode() + b"\0" + data).hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.marshal"

    def load(self, key: str) -> Converted | None:
        try:
            return marshal.loads(self._path(key).read_bytes())
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

    def get(self, data: bytes) -> Converted:
        """The conversion of a file's bytes: cached on disk, or converted now."""
        key = self.key(data)
        value = self.load(key)
        if value is not None:
            self.hits += 1
            return value
        self.misses += 1
        value = self.converter().convert(decode_source(data))
        self.store(key, value)
        return value

    def prefill(self, paths: list[str], workers: int, min_parallel: int) -> int:
        """Convert, on `workers` processes, the files whose conversion is not cached yet.

        Returns how many files were converted. Each worker stores its conversions in the cache
        itself (nothing is shipped back), so `get` then reads them like any cached file.
        """
        missing: list[tuple[str, str]] = []
        for path in paths:
            try:
                data = Path(path).read_bytes()
            except OSError:
                continue  # Pelican reports unreadable files itself
            key = self.key(data)
            if not self._path(key).exists():
                missing.append((path, key))
        if workers < 2 or len(missing) < max(min_parallel, 2):
            return 0
        global _WORKER_CACHE
        _WORKER_CACHE = self
        context = multiprocessing.get_context("fork")
        chunk = max(8, len(missing) // (workers * 8))
        try:
            with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
                converted = sum(pool.map(_convert_and_store, missing, chunksize=chunk))
        finally:
            _WORKER_CACHE = None
        logger.info("fast_build: converted %d Markdown files on %d cores", converted, workers)
        return converted


_WORKER_CACHE: MarkdownCache | None = None


def _convert_and_store(item: tuple[str, str]) -> bool:
    """Worker: convert one file and store the result under its key; False when it fails (the
    sequential read then reports the error with the file name)."""
    assert _WORKER_CACHE is not None
    path, key = item
    try:
        value = _WORKER_CACHE.converter().convert(decode_source(Path(path).read_bytes()))
        _WORKER_CACHE.store(key, value)
    except Exception:  # noqa: BLE001 - reported by Pelican's own read of the same file
        return False
    return True
