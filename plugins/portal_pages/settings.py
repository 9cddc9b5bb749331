"""The PORTAL_PAGES setting: defaults, merge, validation (every key documented in README)."""

from __future__ import annotations

import copy
from typing import Any

DEFAULTS: dict[str, Any] = {
    "portals_file": "portals.toml",
    "index_url": "cong-thong-tin/",
    "index_save_as": "cong-thong-tin/index.html",
    "portal_url": "cong-thong-tin/{key}/",
    "portal_save_as": "cong-thong-tin/{key}/index.html",
    "category_url": "cong-thong-tin/{key}/chuyen-muc/{slug}/",
    "category_save_as": "cong-thong-tin/{key}/chuyen-muc/{slug}/index.html",
    "month_url": "cong-thong-tin/{key}/{year}/{month:02d}/",
    "month_save_as": "cong-thong-tin/{key}/{year}/{month:02d}/index.html",
    "category_pages": "all",
    "pagination": 50,
    "list_empty": False,
}
CATEGORY_PAGES = ("shared", "all", "none")
# setting -> the fields its pattern must name
PATTERNS = {
    "portal_url": ("key",),
    "portal_save_as": ("key",),
    "category_url": ("key", "slug"),
    "category_save_as": ("key", "slug"),
    "month_url": ("key", "year", "month"),
    "month_save_as": ("key", "year", "month"),
}


class SettingsError(ValueError):
    """PORTAL_PAGES holds an unknown key or a bad value; the message names it."""


def merge_settings(user: dict | None) -> dict[str, Any]:
    """PORTAL_PAGES merged over DEFAULTS, validated."""
    if user is None:
        user = {}
    if not isinstance(user, dict):
        raise SettingsError(f"PORTAL_PAGES must be a dict, got {type(user).__name__}")
    merged = copy.deepcopy(DEFAULTS)
    for key, value in user.items():
        if key not in DEFAULTS:
            raise SettingsError(
                f"PORTAL_PAGES[{key!r}] is not a known key; known: {sorted(DEFAULTS)}"
            )
        merged[key] = value
    _validate(merged)
    return merged


def _validate(s: dict[str, Any]) -> None:
    def fail(key: str, what: str) -> None:
        raise SettingsError(f"PORTAL_PAGES[{key!r}] = {s[key]!r}: {what}")

    if not isinstance(s["portals_file"], str) or not s["portals_file"]:
        fail("portals_file", "give the path of portals.toml")
    for key in ("index_url", "index_save_as"):
        if not isinstance(s[key], str) or not s[key] or s[key].startswith("/"):
            fail(key, "must be a non-empty path inside the site")
    for key, fields in PATTERNS.items():
        value = s[key]
        if not isinstance(value, str) or value.startswith("/"):
            fail(key, "must be a path inside the site")
        missing = [field for field in fields if "{" + field not in value]
        if missing:
            fail(key, f"must contain {', '.join('{' + f + '}' for f in missing)}")
        try:
            value.format(key="k", slug="s", year=2025, month=7)
        except (KeyError, IndexError, ValueError) as error:
            fail(key, f"is not a valid pattern ({error})")
    if s["category_pages"] not in CATEGORY_PAGES:
        fail("category_pages", f"must be one of {', '.join(CATEGORY_PAGES)}")
    if s["pagination"] is not None and (
        not isinstance(s["pagination"], int)
        or isinstance(s["pagination"], bool)
        or s["pagination"] < 1
    ):
        fail("pagination", "must be an integer >= 1, or None for DEFAULT_PAGINATION")
    if not isinstance(s["list_empty"], bool):
        fail("list_empty", "must be True or False")
