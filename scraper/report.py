"""What a crawl or a replay did, page by page, and the summary printed at the end."""

from __future__ import annotations

import collections
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

OUTCOMES = ("new", "updated", "unchanged", "skipped", "conflicts", "failed")


@dataclass
class Report:
    new: list[Path] = field(default_factory=list)
    updated: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    conflicts: list[tuple[Path, Path]] = field(default_factory=list)  # (editor's file, scraped)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (url, reason)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (url, reason)
    removed: collections.Counter[str] = field(default_factory=collections.Counter)
    images_saved: int = 0
    images_failed: list[tuple[str, str]] = field(default_factory=list)
    pages_fetched: int = 0
    listings: int = 0
    # Fields an article was written without (not found with confidence: left empty, never
    # guessed): field -> number of pages. `make check` lists them per file for editors.
    missing: collections.Counter[str] = field(default_factory=collections.Counter)
    # (url, why) of the pages that are no article: address crawls, import-warc without a profile
    not_articles: list[tuple[str, str]] = field(default_factory=list)
    discovery: Any = None  # scraper.discovery.crawling.Discovery, for a crawl
    # Article file -> the capture it was made from: (capture file, WARC-Record-ID); kept by
    # import-warc, whose captures were made by other tools.
    captures: dict[Path, tuple[str, str]] = field(default_factory=dict)

    def record_missing(self, article) -> None:
        """Count the optional fields an extracted article has no value for."""
        for name, value in (
            ("authors", article.authors),
            ("lead", article.summary),
            ("category", article.category),
        ):
            if not value:
                self.missing[name] += 1

    def record_write(self, status: str, path: Path, scraped: Path | None = None) -> None:
        if status == "conflict":
            assert scraped is not None
            self.conflicts.append((path, scraped))
        else:
            getattr(self, status).append(path)

    def counts(self) -> dict[str, int]:
        return {name: len(getattr(self, name)) for name in OUTCOMES}

    def exit_code(self) -> int:
        return 1 if self.failed else 0

    def summary(self, root: Path | None = None) -> str:
        def show(path: Path) -> str:
            if root is not None:
                try:
                    return str(path.relative_to(root))
                except ValueError:
                    pass
            return str(path)

        counts = self.counts()
        lines = ["Summary: " + ", ".join(f"{name} {number}" for name, number in counts.items())]
        if self.removed:
            removed = ", ".join(f"{what} {n}" for what, n in sorted(self.removed.items()))
            lines.append(f"Sanitiser removed: {removed}")
        lines.append(f"Images saved: {self.images_saved}, not saved: {len(self.images_failed)}")
        if self.discovery is not None:
            lines += self.discovery.summary()
        if self.not_articles:
            read = " (read for their links only)" if self.discovery is not None else ""
            lines.append(f"Pages that are not articles{read}: {len(self.not_articles)}")
        if self.missing:
            found = ", ".join(
                f"{name} on {n} page{'s' if n != 1 else ''}"
                for name, n in sorted(self.missing.items())
            )
            lines.append(f"Not found, left empty: {found}")
        for path, scraped in self.conflicts:
            lines.append(
                f"  conflict: {show(path)} was edited by hand; new version in {show(scraped)}"
            )
        for url, reason in self.skipped:
            lines.append(f"  skipped: {url}: {reason}")
        for url, reason in self.failed:
            lines.append(f"  failed: {url}: {reason}")
        for url, reason in self.images_failed:
            lines.append(f"  image not saved (original linked): {url}: {reason}")
        return "\n".join(lines)
