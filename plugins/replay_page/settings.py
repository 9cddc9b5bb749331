"""The plugin's one setting, `REPLAY_PAGE`: merged over the defaults and validated. Pure."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# What the replayed original may do (the Content-Security-Policy ReplayWeb.page's service worker
# puts on every page it replays): load only what the replay itself serves (everything the
# archive holds is served from this site's own origin) and data: images; run no script at all
# (neither the portal's nor the replay's in-page helper), submit no form, embed no plugin.
# Inline styles stay allowed: portals use them for layout, and CSS reaches no other host here.
REPLAYED_PAGE_CSP = (
    "default-src 'self' data:; script-src 'none'; style-src 'self' 'unsafe-inline' data:; "
    "object-src 'none'; form-action 'none'; base-uri 'self'"
)

DEFAULTS: dict[str, Any] = {
    "enabled": True,
    "page_url": "ban-goc/",
    "page_save_as": "ban-goc/index.html",
    "template": "replay",
    "assets_path": "ban-goc/replay",
    "packages_path": "captures/packages",
    "packages_output": "ban-goc/wacz",
    "replaywebpage_path": "node_modules/replaywebpage",
    "replayed_page_csp": REPLAYED_PAGE_CSP,
}


class SettingsError(ValueError):
    """REPLAY_PAGE holds an unknown key or a value of the wrong kind."""


def _fail(key: str, value: Any, what: str) -> None:
    raise SettingsError(
        f"REPLAY_PAGE[{key!r}] = {value!r}: {what} (see plugins/replay_page/README.md)"
    )


def _inside_output(key: str, value: Any) -> None:
    if not isinstance(value, str) or not value.strip():
        _fail(key, value, "must be a non-empty path string")
    parts = value.strip("/").split("/")
    if value.startswith("/") or "\\" in value or any(p in ("", ".", "..") for p in parts):
        _fail(key, value, "must be a path inside the output folder (relative, no '..')")


def resolve_settings(user: Mapping[str, Any] | None) -> dict[str, Any]:
    """Return DEFAULTS updated with `user`, or raise SettingsError saying what to fix."""
    if user is None:
        user = {}
    if not isinstance(user, Mapping):
        raise SettingsError(f"REPLAY_PAGE must be a dict, got {type(user).__name__}")
    unknown = sorted(set(user) - set(DEFAULTS))
    if unknown:
        raise SettingsError(
            f"REPLAY_PAGE has unknown key(s) {', '.join(map(repr, unknown))}; "
            f"known keys: {', '.join(DEFAULTS)} (see plugins/replay_page/README.md)"
        )
    merged = {**DEFAULTS, **user}
    if not isinstance(merged["enabled"], bool):
        _fail("enabled", merged["enabled"], "must be True or False")
    _inside_output("page_url", merged["page_url"])
    if not merged["page_url"].endswith("/"):
        _fail("page_url", merged["page_url"], "must be a folder address ending in '/'")
    _inside_output("page_save_as", merged["page_save_as"])
    if not merged["page_save_as"].endswith(".html"):
        _fail("page_save_as", merged["page_save_as"], "must name an .html file")
    for key in ("assets_path", "packages_output"):
        _inside_output(key, merged[key])
        merged[key] = merged[key].strip("/")
    for key in ("template", "packages_path", "replaywebpage_path", "replayed_page_csp"):
        if not isinstance(merged[key], str) or not merged[key].strip():
            _fail(key, merged[key], "must be a non-empty string")
    if any(c in merged["replayed_page_csp"] for c in "\r\n"):
        _fail("replayed_page_csp", merged["replayed_page_csp"], "must be one line")
    return merged
