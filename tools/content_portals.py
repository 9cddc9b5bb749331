"""`make check`'s portal rules: every article's `Portal:` is a key of portals.toml.

The registry is the one the portal_pages plugin reads (PORTAL_PAGES["portals_file"] in the
settings, default `portals.toml`, a relative path taken from the current folder). Without the
file the check is off (every portal is then derived from its articles, as the plugin does).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from plugins.portal_pages.registry import PortalsError, load_registry


@dataclass(frozen=True)
class KnownPortals:
    path: str  # the file, as shown in messages
    keys: frozenset[str]
    error: str | None = None  # the file exists but is invalid: the message naming the field


def known_portals(settings_values: dict) -> KnownPortals | None:
    """The keys of the portals file a settings file names; None when there is no such file."""
    options = settings_values.get("PORTAL_PAGES") or {}
    path = Path(options.get("portals_file") or "portals.toml").expanduser()
    if not path.is_file():
        return None
    try:
        registry = load_registry(path)
    except PortalsError as error:
        return KnownPortals(str(path), frozenset(), str(error))
    return KnownPortals(str(path), frozenset(registry.portals))


def portal_problem(value: str, known: KnownPortals) -> tuple[str, str] | None:
    """(what, fix) when `value` is not a key of the portals file, else None."""
    key = value.strip()
    if not key or key in known.keys or known.error:
        return None
    close = difflib.get_close_matches(key, sorted(known.keys), n=1, cutoff=0.6)
    hint = f"did you mean '{close[0]}'? " if close else ""
    return (
        f"Portal '{key}' is not in {Path(known.path).name}",
        f"{hint}add [portals.{key}] with name, level and province to {known.path}, or correct "
        "the Portal line",
    )
