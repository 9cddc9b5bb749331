"""The plugin's one setting, `DECAP_ADMIN`: merged over the defaults and validated. Pure."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

DEFAULTS: dict[str, Any] = {
    "enabled": True,
    "path": "admin",
    "decap_cms_path": "node_modules/decap-cms/dist",
    "local_backend_url": "http://127.0.0.1:8081/api/v1",
    "backend": {"name": "git-gateway", "branch": "main"},
    "connect_src": [],
    "locale": "vi",
    "content_folder": "",
}


class SettingsError(ValueError):
    """DECAP_ADMIN holds an unknown key or a value of the wrong kind."""


def _fail(key: str, value: Any, what: str) -> None:
    raise SettingsError(
        f"DECAP_ADMIN[{key!r}] = {value!r}: {what} (see plugins/decap_admin/README.md)"
    )


def _origin(url: str) -> str | None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return f"{parts.scheme}://{parts.netloc}"


def resolve_settings(user: Mapping[str, Any] | None) -> dict[str, Any]:
    """Return DEFAULTS updated with `user`, or raise SettingsError saying what to fix."""
    if user is None:
        user = {}
    if not isinstance(user, Mapping):
        raise SettingsError(f"DECAP_ADMIN must be a dict, got {type(user).__name__}")
    unknown = sorted(set(user) - set(DEFAULTS))
    if unknown:
        raise SettingsError(
            f"DECAP_ADMIN has unknown key(s) {', '.join(map(repr, unknown))}; "
            f"known keys: {', '.join(DEFAULTS)} (see plugins/decap_admin/README.md)"
        )
    merged = {**DEFAULTS, **user}
    if not isinstance(merged["enabled"], bool):
        _fail("enabled", merged["enabled"], "must be True or False")
    path = merged["path"]
    if (
        not isinstance(path, str)
        or not path.strip("/")
        or path.startswith("/")
        or any(p in ("", ".", "..") for p in path.strip("/").split("/"))
    ):
        _fail("path", path, "must be a folder inside the output folder (relative, no '..')")
    merged["path"] = path.strip("/")
    for key in ("decap_cms_path", "locale"):
        if not isinstance(merged[key], str) or not merged[key].strip():
            _fail(key, merged[key], "must be a non-empty string")
    folder = merged["content_folder"]
    if not isinstance(folder, str) or folder.startswith("/") or ".." in folder.split("/"):
        _fail("content_folder", folder, "must be a folder relative to decap-server's working copy")
    url = merged["local_backend_url"]
    if not isinstance(url, str) or _origin(url) is None:
        _fail("local_backend_url", url, "must be an http(s) address such as "
              "http://127.0.0.1:8081/api/v1")  # fmt: skip
    backend = merged["backend"]
    if not isinstance(backend, Mapping) or not isinstance(backend.get("name"), str):
        _fail("backend", backend, "must be a dict with at least a 'name' (Decap's backend)")
    extra = merged["connect_src"]
    if not isinstance(extra, list | tuple) or any(
        not isinstance(o, str) or _origin(o) != o.rstrip("/") for o in extra
    ):
        _fail("connect_src", extra, "must be a list of origins such as 'https://api.github.com'")
    merged["connect_src"] = [o.rstrip("/") for o in extra]
    return merged


def local_backend_origin(settings: Mapping[str, Any]) -> str:
    """The origin of decap-server (scheme://host:port), the one address /admin/ may call."""
    return _origin(settings["local_backend_url"]) or ""
