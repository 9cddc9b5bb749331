"""The SEARCH_INDEX setting: defaults, merge, validation (every key documented in README.md)."""

from __future__ import annotations

import copy
from typing import Any

FILTERS = ("portal", "level", "province", "topic", "category", "year")
# Filters whose values come from each document (the others come from its portal: its part).
DOC_FILTERS = ("topic", "category", "year")

DEFAULTS: dict[str, Any] = {
    "enabled": True,
    "search_url": "tim-kiem/",
    "search_save_as": "tim-kiem/index.html",
    "output_path": "search",
    "results_per_page": 10,
    "filters": list(FILTERS),
    "topic_fallback_to_tags": True,
    "excerpt_source_chars": 3000,
    "shard_target_bytes": 32768,
    "cache": True,
    "workers": 2,
    "parallel_min_docs": 200,
    "background": True,
}


class SettingsError(ValueError):
    """SEARCH_INDEX holds an unknown key or a bad value; the message names it."""


def merge_settings(user: dict | None) -> dict[str, Any]:
    """SEARCH_INDEX merged over DEFAULTS, validated. Raises SettingsError naming the bad key."""
    if user is None:
        user = {}
    if not isinstance(user, dict):
        raise SettingsError(f"SEARCH_INDEX must be a dict, got {type(user).__name__}")
    unknown = sorted(set(user) - set(DEFAULTS))
    if unknown:
        raise SettingsError(f"SEARCH_INDEX has unknown key(s) {unknown}; known: {sorted(DEFAULTS)}")
    merged = copy.deepcopy(DEFAULTS)
    merged.update(copy.deepcopy(user))
    _validate(merged)
    return merged


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _validate(s: dict[str, Any]) -> None:
    def fail(key: str, what: str) -> None:
        raise SettingsError(f"SEARCH_INDEX[{key!r}] = {s[key]!r}: {what}")

    for key in ("enabled", "topic_fallback_to_tags", "cache", "background"):
        if not isinstance(s[key], bool):
            fail(key, "must be True or False")
    for key in ("search_url", "search_save_as", "output_path"):
        if not isinstance(s[key], str) or not s[key].strip():
            fail(key, "must be a non-empty string")
    if s["search_url"].startswith(("/", "http:", "https:")):
        fail("search_url", "must be relative to the site root, like 'tim-kiem/'")
    if not s["search_save_as"].endswith(".html"):
        fail("search_save_as", "must name an .html file, like 'tim-kiem/index.html'")
    parts = s["output_path"].strip("/").split("/")
    if s["output_path"].startswith("/") or ".." in parts or "." in parts or "" in parts:
        fail("output_path", "must be a folder inside the output, like 'search'")
    for key, low in (
        ("results_per_page", 1),
        ("excerpt_source_chars", 200),
        ("shard_target_bytes", 256),
        ("workers", 1),
        ("parallel_min_docs", 1),
    ):
        if not _is_int(s[key]) or s[key] < low:
            fail(key, f"must be an integer >= {low}")
    filters = s["filters"]
    if not isinstance(filters, list) or any(f not in FILTERS for f in filters):
        fail("filters", f"must be a list drawn from {list(FILTERS)}")
    if len(set(filters)) != len(filters):
        fail("filters", "lists a filter twice")


def analysis_settings(settings: dict[str, Any]) -> dict[str, Any]:
    """The settings that change what one document's analysis holds (part of its cache key)."""
    return {
        "excerpt_source_chars": settings["excerpt_source_chars"],
        "topic_fallback_to_tags": settings["topic_fallback_to_tags"],
    }
