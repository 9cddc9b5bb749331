"""The plugin's one setting, `OTHER_NEWS`: merged over the defaults and validated. Pure."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

ORDERS = ("portal", "newest")

DEFAULTS: dict[str, Any] = {
    "max_items": 30,
    "show_unarchived": True,
    "link_originals": True,
    "order": "portal",
    "report_path": "bien-tap/tin-thieu.json",
    "report_page": "bien-tap/tin-thieu/index.html",
    "report_template": "other_news_missing",
}


class SettingsError(ValueError):
    """OTHER_NEWS holds an unknown key or a value of the wrong kind."""


def _relative_path(key: str, value: Any, *, optional: bool) -> None:
    if value is None and optional:
        return
    if not isinstance(value, str) or not value.strip():
        raise SettingsError(f"OTHER_NEWS[{key!r}] must be a non-empty path string, got {value!r}")
    parts = value.replace("\\", "/").split("/")
    if value.startswith("/") or ".." in parts:
        raise SettingsError(
            f"OTHER_NEWS[{key!r}] must be a path inside the output folder "
            f"(relative, no '..'), got {value!r}"
        )


def resolve_settings(user: Mapping[str, Any] | None) -> dict[str, Any]:
    """Return DEFAULTS updated with `user`, or raise SettingsError saying what to fix."""
    if user is None:
        user = {}
    if not isinstance(user, Mapping):
        raise SettingsError(f"OTHER_NEWS must be a dict, got {type(user).__name__}")
    unknown = sorted(set(user) - set(DEFAULTS))
    if unknown:
        raise SettingsError(
            f"OTHER_NEWS has unknown key(s) {', '.join(map(repr, unknown))}; "
            f"known keys: {', '.join(DEFAULTS)} (see plugins/other_news/README.md)"
        )
    merged = {**DEFAULTS, **user}
    max_items = merged["max_items"]
    if max_items is not None and (
        isinstance(max_items, bool) or not isinstance(max_items, int) or max_items < 1
    ):
        raise SettingsError(
            f"OTHER_NEWS['max_items'] must be a positive whole number or None (no limit), "
            f"got {max_items!r}"
        )
    for key in ("show_unarchived", "link_originals"):
        if not isinstance(merged[key], bool):
            raise SettingsError(f"OTHER_NEWS[{key!r}] must be True or False, got {merged[key]!r}")
    if merged["order"] not in ORDERS:
        raise SettingsError(
            f"OTHER_NEWS['order'] must be one of {', '.join(map(repr, ORDERS))}, "
            f"got {merged['order']!r}"
        )
    _relative_path("report_path", merged["report_path"], optional=True)
    _relative_path("report_page", merged["report_page"], optional=True)
    template = merged["report_template"]
    if not isinstance(template, str) or not template.strip():
        raise SettingsError(
            f"OTHER_NEWS['report_template'] must be a template name, got {template!r}"
        )
    return merged
