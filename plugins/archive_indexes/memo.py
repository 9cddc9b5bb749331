"""A memo of topic assignments kept in the build cache (I/O at the edge of a pure function).

Matching the vocabulary against every article's text is the plugin's main cost (about 1 s per
10,000 articles on every build). `assign_topics` is pure, so its answer for the same inputs is
kept in `CACHE_PATH/archive_indexes/topics-memo.json`, keyed by a digest of everything it reads.
The whole memo is dropped when the vocabulary or the matching settings change. Entries not used
by a build are not kept. An unreadable memo is ignored with a warning (the topics are computed).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

MEMO_VERSION = 2  # 2: keys hashed part by part (memo.digest)


def digest(*parts: Any) -> str:
    """sha256 of the parts: texts, lists, tuples and dicts of them; anything else by its repr.

    Each value is fed with its kind and length, so different parts never give the same stream.
    (Serialising an article's body to JSON first cost a third of the plugin's time per build.)
    """
    hasher = hashlib.sha256()
    _feed(hasher, parts)
    return hasher.hexdigest()


def _feed(hasher, value: Any) -> None:
    if type(value) is str:
        data = value.encode("utf-8", "surrogatepass")
        hasher.update(b"s%d:" % len(data))
        hasher.update(data)
    elif isinstance(value, list | tuple):
        hasher.update(b"l%d:" % len(value))
        for item in value:
            _feed(hasher, item)
    elif isinstance(value, dict):
        hasher.update(b"d%d:" % len(value))
        for key in sorted(value, key=str):
            _feed(hasher, str(key))
            _feed(hasher, value[key])
    else:
        data = f"{type(value).__qualname__}:{value!r}".encode("utf-8", "surrogatepass")
        hasher.update(b"r%d:" % len(data))
        hasher.update(data)


class TopicMemo:
    """Digest of an article's inputs -> its topic slugs, valid for one vocabulary and settings."""

    def __init__(self, folder: str | Path | None, context: str) -> None:
        self.path = Path(folder) / "topics-memo.json" if folder else None
        self.context = context
        self.previous: dict[str, list[str]] = {}
        self.current: dict[str, list[str]] = {}
        self.hits = 0
        if self.path is None or not self.path.exists():
            return
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            logger.warning("archive_indexes: ignoring unreadable memo %s (%s)", self.path, error)
            return
        if (
            isinstance(data, dict)
            and data.get("version") == MEMO_VERSION
            and data.get("context") == context
            and isinstance(data.get("topics"), dict)
        ):
            self.previous = data["topics"]

    def get(self, key: str) -> list[str] | None:
        found = self.previous.get(key)
        if isinstance(found, list) and all(isinstance(slug, str) for slug in found):
            self.hits += 1
            self.current[key] = found
            return list(found)
        return None

    def put(self, key: str, slugs: list[str]) -> None:
        self.current[key] = list(slugs)

    def save(self) -> None:
        """Write the entries this build used, when they differ from what is on disk."""
        if self.path is None or self.current == self.previous:
            return
        data = {"version": MEMO_VERSION, "context": self.context, "topics": self.current}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".tmp-")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(data, handle, ensure_ascii=False, sort_keys=True)
            os.replace(tmp, self.path)
        except OSError as error:
            logger.warning("archive_indexes: could not write the memo %s (%s)", self.path, error)
