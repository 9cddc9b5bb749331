"""The FAST_BUILD setting: defaults, merge and validation."""

from __future__ import annotations

import os
from typing import Any

DEFAULTS: dict[str, Any] = {
    # Master switch. Off gives Pelican's own (slow) path, byte for byte the same pages.
    "enabled": True,
    # Processes that convert Markdown and render pages. 0 means one per CPU core.
    "workers": 0,
    # Convert in parallel only when at least this many files miss the cache.
    "min_parallel_files": 64,
    # Folder of the Markdown cache and the page manifest; None means CACHE_PATH/fast_build.
    "cache_dir": None,
    # Re-render an article page only when what it shows changed since the last build.
    "skip_unchanged_pages": True,
    # Leave a file untouched (bytes and mtime) when the new render is identical.
    "write_only_changed": True,
    # Keep each article as read between builds; a warm build reads only changed files.
    # Off by default: measured at 10,000 articles, a rebuild is no faster than reading with the
    # Markdown cache, and the cold build is slower and peaks higher (see the README).
    "reuse_articles": False,
}


class FastBuildSettingsError(ValueError):
    pass


def resolve_settings(settings: dict) -> dict[str, Any]:
    """FAST_BUILD merged over DEFAULTS and validated; `workers` and `cache_dir` resolved."""
    given = settings.get("FAST_BUILD") or {}
    if not isinstance(given, dict):
        raise FastBuildSettingsError("FAST_BUILD must be a dict (see plugins/fast_build/README.md)")
    unknown = sorted(set(given) - set(DEFAULTS))
    if unknown:
        raise FastBuildSettingsError(
            f"FAST_BUILD: unknown key(s) {', '.join(unknown)}; known: {', '.join(DEFAULTS)}"
        )
    merged = {**DEFAULTS, **given}
    for key in ("enabled", "skip_unchanged_pages", "write_only_changed", "reuse_articles"):
        if not isinstance(merged[key], bool):
            raise FastBuildSettingsError(f"FAST_BUILD['{key}'] must be true or false")
    for key in ("workers", "min_parallel_files"):
        if not isinstance(merged[key], int) or merged[key] < 0:
            raise FastBuildSettingsError(f"FAST_BUILD['{key}'] must be a whole number >= 0")
    if merged["workers"] == 0:
        merged["workers"] = os.cpu_count() or 1
    if merged["cache_dir"] is None:
        merged["cache_dir"] = os.path.join(settings.get("CACHE_PATH", "cache"), "fast_build")
    return merged
