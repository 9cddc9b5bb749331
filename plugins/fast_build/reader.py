"""A Markdown reader that gives exactly what Pelican's MarkdownReader gives, from the cache."""

from __future__ import annotations

import logging
import os

from pelican.readers import DUPLICATES_DEFINITIONS_ALLOWED, MarkdownReader

from .fingerprint import SOURCE_DIGESTS
from .markdown_cache import MarkdownCache

logger = logging.getLogger(__name__)


class CachedMarkdownReader(MarkdownReader):
    """Pelican's MarkdownReader, with conversions from a MarkdownCache."""

    cache_dir: str = "cache/fast_build"

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)  # completes settings["MARKDOWN"]["extensions"]
        self.cache = MarkdownCache(
            self.cache_dir, self.settings["MARKDOWN"], list(self.settings["FORMATTED_FIELDS"])
        )

    def read(self, source_path):
        self._source_path = source_path
        with open(source_path, "rb") as handle:
            stat = os.fstat(handle.fileno())  # before reading: a change after shows next build
            data = handle.read()
        key = SOURCE_DIGESTS[source_path] = self.cache.key(data)
        self.cache.record(source_path, stat, key)
        html, raw, formatted = self.cache.get(data, key, source_path)
        return html, self._metadata_from(raw, formatted)

    def _metadata_from(self, raw: list[tuple[str, list[str]]], formatted: dict[str, str]) -> dict:
        """The same processing as MarkdownReader._parse_metadata, over cached values."""
        output = {}
        for name, value in raw:
            if name in formatted:
                output[name] = self.process_metadata(name, formatted[name])
            elif not DUPLICATES_DEFINITIONS_ALLOWED.get(name, True):
                if len(value) > 1:
                    logger.warning(
                        "Duplicate definition of `%s` for %s. Using first one.",
                        name,
                        self._source_path,
                    )
                output[name] = self.process_metadata(name, value[0])
            elif len(value) > 1:
                output[name] = self.process_metadata(name, value)
            else:
                output[name] = self.process_metadata(name, value[0])
        return output


def reader_class_for(cache_dir: str) -> type[CachedMarkdownReader]:
    return type("CachedMarkdownReader", (CachedMarkdownReader,), {"cache_dir": cache_dir})


def content_files(generator) -> list[str]:
    """Absolute paths of the Markdown files the article and page generators will read, in the
    order they will read them (articles, then pages; each in `get_files` order)."""
    settings = generator.settings
    extensions = tuple(f".{ext}" for ext in MarkdownReader.file_extensions)
    found: dict[str, None] = {}
    for paths, excludes in (
        (settings["ARTICLE_PATHS"], settings["ARTICLE_EXCLUDES"]),
        (settings["PAGE_PATHS"], settings["PAGE_EXCLUDES"]),
    ):
        for relative in generator.get_files(paths, exclude=excludes):
            if relative.endswith(extensions):
                found.setdefault(os.path.join(generator.path, relative))
    return list(found)
