"""Merge mode: the shards' summaries, and articles made from them instead of from their files.

`Summaries` loads every shard's summary (named in the plan) and answers by source path. The
`MarkdownReader` here takes the place of Pelican's for the merge: for an article a shard
summarised it returns the summary's header through Pelican's own metadata processing (the
same steps as `pelican.readers.MarkdownReader._parse_metadata`, so every value is the one a
whole build reads) and the body only when a feed can show it; a page (under `PAGE_PATHS`) is
read from its file as usual; any other article is an error: it is in no shard.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pelican.readers import DUPLICATES_DEFINITIONS_ALLOWED
from pelican.readers import MarkdownReader as PelicanMarkdownReader

from .summary import SUMMARY_VERSION, tail_digest

logger = logging.getLogger(__name__)


class MergeError(RuntimeError):
    """The shards cannot be merged as they are; the message says what to run."""


@dataclass
class Summaries:
    """Every shard's entries, by absolute source path."""

    content: str  # absolute content folder, with a trailing separator
    page_paths: tuple[str, ...]
    entries: dict[str, dict[str, Any]] = field(default_factory=dict)
    shard_of: dict[str, str] = field(default_factory=dict)  # source path -> shard key
    hashes: dict[str, str] = field(default_factory=dict)  # shard key -> content hash
    search: dict[str, tuple[float, str, str]] = field(default_factory=dict)  # url -> keys
    search_keys: set[str] = field(default_factory=set)  # the shards' search settings keys
    missing: list[str] = field(default_factory=list)  # articles in no shard
    _tails_of: dict[str, Any] = field(default_factory=dict)  # one shard's tails, read again

    def shard_tail(self, folder: Path, source_path: str) -> list:
        """The tail the shard rendered for `source_path` (its summary is read again, once per
        shard: only the first patched page of each kind needs it)."""
        key = self.shard_of[source_path]
        if self._tails_of.get("key") != key:
            data = json.loads((folder / key / "summary.json").read_text(encoding="utf-8"))
            self._tails_of.clear()
            self._tails_of.update(
                key=key, tails={self.content + e["path"]: e["tail"] for e in data["articles"]}
            )
        return self._tails_of["tails"][source_path]

    def get(self, source_path: str) -> dict[str, Any] | None:
        return self.entries.get(source_path)

    def is_page(self, source_path: str) -> bool:
        relative = source_path[len(self.content) :] if source_path.startswith(self.content) else ""
        return any(relative.startswith(os.path.join(p, "")) for p in self.page_paths)


def load_summaries(
    content: str, page_paths: list[str], shards_dir: Path, plan: dict[str, Any]
) -> Summaries:
    """Read the summary of every shard in `plan`; MergeError when one is missing or stale."""
    summaries = Summaries(os.path.join(os.path.abspath(content), ""), tuple(page_paths))
    for key, shard in sorted(plan["shards"].items()):
        path = shards_dir / key / "summary.json"
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise MergeError(
                f"shard {key!r} has no summary ({path}): build it first (make shard PORTAL={key}"
                ", or make shards)"
            ) from None
        except (OSError, ValueError) as error:
            raise MergeError(
                f"{path}: unreadable ({error}); build the shard again (make shard PORTAL={key})"
            ) from error
        if data.get("version") != SUMMARY_VERSION or data.get("hash") != shard["hash"]:
            raise MergeError(
                f"shard {key!r} is out of date ({path} is not the build of its current "
                f"content); run make shard PORTAL={key} (or make shards) and merge again"
            )
        summaries.hashes[key] = data["hash"]
        summaries.search_keys.add(data.get("search_settings", ""))
        for entry in data["articles"]:
            source = summaries.content + entry["path"]
            if source in summaries.entries:
                raise MergeError(
                    f"{entry['path']} is in two shards ({summaries.shard_of[source]}"
                    f" and {key}); run the plan again (make shards)"
                )
            # the shard's tail (tens of strings) is kept as a digest; read again when needed
            entry["tail"] = tail_digest(entry["tail"])
            summaries.entries[source] = entry
            summaries.shard_of[source] = key
        for url, (timestamp, digest) in (data.get("search") or {}).items():
            summaries.search[url] = (timestamp, url, digest)
    return summaries


_ACTIVE: dict[str, Summaries | None] = {"summaries": None}


def activate(summaries: Summaries | None) -> None:
    _ACTIVE["summaries"] = summaries


def active() -> Summaries | None:
    return _ACTIVE["summaries"]


class MarkdownReader(PelicanMarkdownReader):
    """Pelican's Markdown reader, answering for summarised articles from their summary.

    Named like Pelican's on purpose: `Readers.read_file` records the reader's class name in
    every article's metadata (`reader: markdown`)."""

    def read(self, source_path: str):
        summaries = active()
        entry = summaries.get(source_path) if summaries else None
        if entry is None:
            if summaries is not None and not summaries.is_page(source_path):
                summaries.missing.append(source_path)
                raise MergeError(f"{source_path} is in no shard; run make shards, then merge")
            return super().read(source_path)
        self._source_path = source_path
        content, metadata = entry.pop("content", ""), self._metadata_of(entry)
        del entry["meta"]  # now held by the article; the entry keeps what the merge reads later
        return content, metadata

    def _metadata_of(self, entry: dict[str, Any]) -> dict[str, Any]:
        """`_parse_metadata` over the summary's header (formatted fields come converted)."""
        output: dict[str, Any] = {}
        for name, value in entry["meta"].items():
            if isinstance(value, str):  # a formatted field, converted by the shard
                output[name] = self.process_metadata(name, value)
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
