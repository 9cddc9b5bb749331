"""The PAGEFIND setting: defaults, merge, validation (every key documented in README.md)."""

from __future__ import annotations

import copy
from typing import Any

FILTERS = ("topic", "category", "year")

DEFAULTS: dict[str, Any] = {
    "enabled": True,
    "search_url": "tim-kiem/",
    "search_save_as": "tim-kiem/index.html",
    "output_path": "pagefind",
    "language": "vi",
    "pairs": True,
    "repeat_cap": 1,
    "excerpt_source_chars": 3000,
    "results_per_page": 10,
    "filters": list(FILTERS),
    "topic_fallback_to_tags": True,
    "binary": "",
    "timeout_seconds": 900,
}


class SettingsError(ValueError):
    """PAGEFIND holds an unknown key or a bad value; the message names it."""


def merge_settings(user: dict | None) -> dict[str, Any]:
    """PAGEFIND merged over DEFAULTS, validated. Raises SettingsError naming the bad key."""
    if user is None:
        user = {}
    if not isinstance(user, dict):
        raise SettingsError(f"PAGEFIND must be a dict, got {type(user).__name__}")
    unknown = sorted(set(user) - set(DEFAULTS))
    if unknown:
        raise SettingsError(f"PAGEFIND has unknown key(s) {unknown}; known: {sorted(DEFAULTS)}")
    merged = copy.deepcopy(DEFAULTS)
    merged.update(copy.deepcopy(user))
    _validate(merged)
    return merged


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _validate(s: dict[str, Any]) -> None:
    def fail(key: str, what: str) -> None:
        raise SettingsError(f"PAGEFIND[{key!r}] = {s[key]!r}: {what}")

    for key in ("enabled", "pairs", "topic_fallback_to_tags"):
        if not isinstance(s[key], bool):
            fail(key, "must be True or False")
    for key in ("search_url", "search_save_as", "output_path", "language"):
        if not isinstance(s[key], str) or not s[key].strip():
            fail(key, "must be a non-empty string")
    if s["search_url"].startswith(("/", "http:", "https:")):
        fail("search_url", "must be relative to the site root, like 'tim-kiem/'")
    if not s["search_save_as"].endswith(".html"):
        fail("search_save_as", "must name an .html file, like 'tim-kiem/index.html'")
    if s["output_path"].startswith("/") or ".." in s["output_path"].split("/"):
        fail("output_path", "must be a folder inside the output, like 'pagefind'")
    for key, low in (
        ("repeat_cap", 1),
        ("excerpt_source_chars", 200),
        ("results_per_page", 1),
        ("timeout_seconds", 1),
    ):
        if not _is_int(s[key]) or s[key] < low:
            fail(key, f"must be an integer >= {low}")
    filters = s["filters"]
    if not isinstance(filters, list) or any(f not in FILTERS for f in filters):
        fail("filters", f"must be a list drawn from {list(FILTERS)}")
    if len(set(filters)) != len(filters):
        fail("filters", "lists a filter twice")
    if not isinstance(s["binary"], str):
        fail("binary", "must be a path to a Pagefind executable, or '' for pagefind[bin]")
