"""The plugin's one setting, `SHARDS`: merged over the defaults and validated. Pure."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

MODES = ("off", "shard", "merge")
KEY_RE = re.compile(r"^[a-z0-9_][a-z0-9_.-]{0,79}$")

DEFAULTS: dict[str, Any] = {
    "mode": "off",
    "key": "",
    "dir": "var/shards",
}


class SettingsError(ValueError):
    """SHARDS holds an unknown key or a bad value; the message names it."""


def resolve_settings(user: Mapping[str, Any] | None) -> dict[str, Any]:
    """SHARDS merged over DEFAULTS, validated; SettingsError says what to fix."""
    if user is None:
        user = {}
    if not isinstance(user, Mapping):
        raise SettingsError(f"SHARDS must be a dict, got {type(user).__name__}")
    unknown = sorted(set(user) - set(DEFAULTS))
    if unknown:
        raise SettingsError(
            f"SHARDS has unknown key(s) {', '.join(map(repr, unknown))}; known: {sorted(DEFAULTS)}"
        )
    merged = {**DEFAULTS, **user}
    if merged["mode"] not in MODES:
        raise SettingsError(f"SHARDS['mode'] = {merged['mode']!r}: must be one of {list(MODES)}")
    if not isinstance(merged["dir"], str) or not merged["dir"].strip():
        raise SettingsError(f"SHARDS['dir'] = {merged['dir']!r}: must be a non-empty path")
    key = merged["key"]
    if merged["mode"] == "shard" and not (isinstance(key, str) and KEY_RE.match(key)):
        raise SettingsError(
            f"SHARDS['key'] = {key!r}: shard mode needs the shard's key (lower-case letters, "
            "digits, '_', '-', '.'; at most 80 characters)"
        )
    return merged
