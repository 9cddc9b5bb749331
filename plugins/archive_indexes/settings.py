"""The ARCHIVE_INDEXES setting: defaults, merge, validation (every key documented in README)."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

BUNDLED_VOCABULARY = Path(__file__).resolve().parent / "topics.toml"

DEFAULTS: dict[str, Any] = {
    "vocabulary": str(BUNDLED_VOCABULARY),
    "topics_per_article": 3,
    "min_score": 3,
    "body_cap": 5,
    "body_chars": 2000,
    "weights": {"tags": 6, "category": 4, "title": 4, "summary": 2, "body": 1},
    "fixed_metadata": "topics",
    "exclude_metadata": "topics_exclude",
    "topic_url": "chu-de/{slug}/",
    "topic_save_as": "chu-de/{slug}/index.html",
    "topics_url": "chu-de/",
    "topics_save_as": "chu-de/index.html",
    "topic_pagination": 50,
    "day_archives": False,
    "day_url": "{date:%Y}/{date:%m}/{date:%d}/",
    "day_save_as": "{date:%Y}/{date:%m}/{date:%d}/index.html",
    "chart": {"width": 640, "height": 200, "bar_gap": 6},
    "topics_json": "topics.json",
    "dates_json": "dates.json",
}


class SettingsError(ValueError):
    """ARCHIVE_INDEXES holds an unknown key or a bad value; the message names it."""


def merge_settings(user: dict | None) -> dict[str, Any]:
    """ARCHIVE_INDEXES merged over DEFAULTS (nested dicts merged key by key), validated."""
    if user is None:
        user = {}
    if not isinstance(user, dict):
        raise SettingsError(f"ARCHIVE_INDEXES must be a dict, got {type(user).__name__}")
    merged = copy.deepcopy(DEFAULTS)
    for key, value in user.items():
        if key not in DEFAULTS:
            raise SettingsError(
                f"ARCHIVE_INDEXES[{key!r}] is not a known key; known: {sorted(DEFAULTS)}"
            )
        if isinstance(DEFAULTS[key], dict):
            if not isinstance(value, dict):
                raise SettingsError(f"ARCHIVE_INDEXES[{key!r}] must be a dict")
            unknown = sorted(set(value) - set(DEFAULTS[key]))
            if unknown:
                raise SettingsError(
                    f"ARCHIVE_INDEXES[{key!r}] has unknown key(s) {unknown}; "
                    f"known: {sorted(DEFAULTS[key])}"
                )
            merged[key].update(value)
        else:
            merged[key] = value
    _validate(merged)
    return merged


def _validate(s: dict[str, Any]) -> None:
    def fail(key: str, what: str) -> None:
        raise SettingsError(f"ARCHIVE_INDEXES[{key!r}] = {s[key]!r}: {what}")

    if not isinstance(s["vocabulary"], str | Path) or not str(s["vocabulary"]):
        fail("vocabulary", "give the path of the topic vocabulary (TOML)")
    for key, low in (
        ("topics_per_article", 1),
        ("min_score", 1),
        ("body_cap", 0),
        ("body_chars", 0),
    ):
        if not _is_int(s[key]) or s[key] < low:
            fail(key, f"must be an integer >= {low}")
    weights = s["weights"]
    for name, value in weights.items():
        if not _is_int(value) or value < 0:
            raise SettingsError(
                f"ARCHIVE_INDEXES['weights'][{name!r}] = {value!r}: must be an integer >= 0"
            )
    for key in ("fixed_metadata", "exclude_metadata"):
        if not isinstance(s[key], str) or not s[key] or s[key] != s[key].lower():
            fail(key, "must be a lower-case metadata key (Pelican lower-cases them)")
    for key in ("topic_url", "topic_save_as"):
        if not isinstance(s[key], str) or "{slug}" not in s[key]:
            fail(key, "must be text containing {slug}")
    for key in ("topics_url", "topics_save_as"):
        if not isinstance(s[key], str) or not s[key]:
            fail(key, "must be a non-empty path")
    if s["topic_pagination"] is not None and (
        not _is_int(s["topic_pagination"]) or s["topic_pagination"] < 1
    ):
        fail("topic_pagination", "must be an integer >= 1, or None for DEFAULT_PAGINATION")
    if not isinstance(s["day_archives"], bool):
        fail("day_archives", "must be True or False")
    for key in ("day_url", "day_save_as"):
        if not isinstance(s[key], str) or "{date" not in s[key]:
            fail(key, "must be a date pattern such as '{date:%Y}/{date:%m}/{date:%d}/'")
    for name, value in s["chart"].items():
        if not _is_int(value) or value < (0 if name == "bar_gap" else 50):
            raise SettingsError(
                f"ARCHIVE_INDEXES['chart'][{name!r}] = {value!r}: must be a positive integer"
            )
    for key in ("topics_json", "dates_json"):
        value = s[key]
        if not isinstance(value, str) or value.startswith("/") or ".." in value.split("/"):
            fail(key, "must be a path inside the output folder, or '' to skip the file")


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
