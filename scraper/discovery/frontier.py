"""The article URLs a crawl found in bulk (sitemaps, feeds, load-more answers) and has not
requested yet: first in, first out, on disk, so memory stays flat whatever a sitemap lists.

Only a hash of each URL stays in memory, to put every URL in once.
"""

from __future__ import annotations

import tempfile


class Frontier:
    """A FIFO of URLs kept in a temporary file (deleted when closed or collected)."""

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile(mode="w+b")
        self._read_at = 0
        self._write_at = 0
        self._count = 0
        self._known: set[int] = set()

    def add(self, url: str) -> bool:
        """Queue `url` unless it was queued before; True when queued now."""
        key = hash(url)
        if key in self._known:
            return False
        self._known.add(key)
        self._file.seek(self._write_at)
        self._file.write(url.encode("utf-8") + b"\n")
        self._write_at = self._file.tell()
        self._count += 1
        return True

    def take(self, limit: int) -> list[str]:
        """Up to `limit` URLs, oldest first."""
        out: list[str] = []
        self._file.seek(self._read_at)
        while self._count and len(out) < limit:
            line = self._file.readline()
            out.append(line.rstrip(b"\n").decode("utf-8"))
            self._count -= 1
        self._read_at = self._file.tell()
        return out

    def __len__(self) -> int:
        return self._count

    def close(self) -> None:
        self._file.close()
