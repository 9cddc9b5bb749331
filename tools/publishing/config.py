"""Publishing settings: the `PUBLISH = {...}` dict in publishconf.py, overridable by environment.

Every key can be overridden with an environment variable `ARCHIVE_PUBLISH_<KEY>` (upper case),
e.g. `ARCHIVE_PUBLISH_TARGET=ghpages`, `ARCHIVE_PUBLISH_DEST=deploy@host:/srv/archive`,
`ARCHIVE_PUBLISH_KEEP=10`, `ARCHIVE_PUBLISH_RSYNC_OPTIONS="--bwlimit=500"` (lists are split
like a shell would). The site's URL comes from publishconf.py's SITEURL (env ARCHIVE_SITEURL).
"""

from __future__ import annotations

import os
import shlex
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .size import parse_size

ENV_PREFIX = "ARCHIVE_PUBLISH_"

DEFAULTS: dict[str, Any] = {
    "target": "rsync",  # "rsync" (local path or SSH) or "ghpages"
    "dest": "",  # rsync: /srv/archive or [user@]host:/srv/archive (releases/ + current live here)
    "keep": 5,  # releases kept on an rsync target (the current one is never removed)
    "ssh": "ssh",  # remote shell for an SSH destination (also given to rsync -e)
    "rsync_options": [],  # extra rsync options, e.g. ["--bwlimit=500"]
    "ghpages_repo": ".publish/gh-pages",  # local git repository ghp-import commits in
    "ghpages_remote": "",  # URL or path of the repository to push the branch to
    "ghpages_branch": "gh-pages",
    "ghpages_cname": "",  # written to CNAME when set
    "public_url": "",  # where verification fetches the site; default SITEURL
    "verify": True,  # fetch the deployed site over HTTP and roll back when it differs
    "verify_attempts": 3,  # a CDN may need a moment: tries before verification fails
    "verify_delay": 5.0,  # seconds between tries
    "lock_file": ".publish.lock",  # one publish/rollback at a time (relative to publishconf.py)
    "captures": False,  # publish the WACZ packages beside the site (PUBLISH_CAPTURES)
    "captures_dir": "captures",  # its packages/ folder holds them (relative to publishconf.py)
    "size_limit": "",  # refuse a site bigger than this ("1GB", "750MB"; "": none); size.py
}
TARGETS = ("rsync", "ghpages")
# GitHub Pages takes a minute or two to serve a push: wait longer unless told otherwise.
# GitHub Pages serves sites of at most 1 GB.
GHPAGES_DEFAULTS = {"verify_attempts": 20, "verify_delay": 15.0, "size_limit": "1GB"}


class ConfigError(ValueError):
    """A publishing setting is missing or wrong; the message says which and how to fix it."""


@dataclass(frozen=True)
class PublishConfig:
    conf_file: Path
    site_url: str
    feeds: tuple[str, ...]  # output-relative feed files (FEED_ALL_ATOM first when set)
    options: Mapping[str, Any]

    def __getitem__(self, key: str) -> Any:
        return self.options[key]

    @property
    def public_url(self) -> str:
        return (self.options["public_url"] or self.site_url).rstrip("/")

    def resolve(self, path: str) -> Path:
        """A path setting relative to the folder of publishconf.py."""
        return (self.conf_file.parent / path).resolve()


def _coerce(key: str, raw: str, default: Any) -> Any:
    if isinstance(default, bool):
        lowered = raw.strip().lower()
        if lowered in ("1", "true", "yes", "on"):
            return True
        if lowered in ("0", "false", "no", "off", ""):
            return False
        raise ConfigError(f"{ENV_PREFIX}{key.upper()}={raw!r}: expected 1/0, true/false")
    if isinstance(default, int | float):
        try:
            return type(default)(raw)
        except ValueError:
            raise ConfigError(
                f"{ENV_PREFIX}{key.upper()}={raw!r}: expected a {type(default).__name__}"
            ) from None
    if isinstance(default, list):
        return shlex.split(raw)
    return raw


def merge_options(file_options: Mapping[str, Any], env: Mapping[str, str]) -> dict[str, Any]:
    """Defaults, then publishconf.py's PUBLISH, then ARCHIVE_PUBLISH_* variables; validated."""
    unknown = sorted(set(file_options) - set(DEFAULTS))
    if unknown:
        raise ConfigError(
            f"PUBLISH has unknown key(s) {', '.join(unknown)}; known: {', '.join(DEFAULTS)}"
        )
    options = {**DEFAULTS, **file_options}
    for key, default in DEFAULTS.items():
        name = ENV_PREFIX + key.upper()
        if name in env:
            options[key] = _coerce(key, env[name], default)
    for key, default in DEFAULTS.items():
        value = options[key]
        expected = (int, float) if isinstance(default, float) else type(default)
        if isinstance(value, bool) != isinstance(default, bool) or not isinstance(value, expected):
            raise ConfigError(
                f"PUBLISH[{key!r}] = {value!r}: expected a {type(default).__name__} "
                f"like {default!r}"
            )
    if options["target"] == "ghpages":
        for key, value in GHPAGES_DEFAULTS.items():
            if key not in file_options and ENV_PREFIX + key.upper() not in env:
                options[key] = value
    if options["target"] not in TARGETS:
        raise ConfigError(
            f"PUBLISH['target'] = {options['target']!r}: choose one of {', '.join(TARGETS)}"
        )
    if options["keep"] < 2:
        raise ConfigError("PUBLISH['keep'] must be at least 2 so that rollback has a release")
    if options["verify_attempts"] < 1:
        raise ConfigError("PUBLISH['verify_attempts'] must be at least 1")
    try:
        parse_size(options["size_limit"])
    except ValueError as error:
        raise ConfigError(f"PUBLISH['size_limit']: {error}") from None
    return options


def load_config(conf_file: Path, env: Mapping[str, str] | None = None) -> PublishConfig:
    """Read publishconf.py (as Pelican would) and merge its PUBLISH dict with the environment."""
    from pelican.settings import get_settings_from_file

    env = os.environ if env is None else env
    conf_file = Path(conf_file).resolve()
    if not conf_file.is_file():
        raise ConfigError(f"{conf_file}: no such settings file (pass --conf publishconf.py)")
    if str(conf_file.parent) not in sys.path:
        sys.path.insert(0, str(conf_file.parent))  # publishconf.py imports pelicanconf
    try:
        settings = get_settings_from_file(str(conf_file))
    except SystemExit as stop:  # publishconf.py refuses to load, e.g. without ARCHIVE_SITEURL
        raise ConfigError(f"{conf_file}: {stop}") from None
    file_options = settings.get("PUBLISH", {})
    if not isinstance(file_options, Mapping):
        raise ConfigError(f"{conf_file}: PUBLISH must be a dict, got {type(file_options)}")
    if "PUBLISH_CAPTURES" in settings:  # the top-level name of the setting, as documented
        if "captures" in file_options and file_options["captures"] != settings["PUBLISH_CAPTURES"]:
            raise ConfigError(
                f"{conf_file}: PUBLISH_CAPTURES and PUBLISH['captures'] disagree; keep one"
            )
        file_options = {**file_options, "captures": settings["PUBLISH_CAPTURES"]}
    feeds = tuple(
        settings[name]
        for name in ("FEED_ALL_ATOM", "FEED_ALL_RSS", "FEED_ATOM", "FEED_RSS")
        if settings.get(name)
    )
    return PublishConfig(
        conf_file=conf_file,
        site_url=str(settings.get("SITEURL") or ""),
        feeds=feeds,
        options=merge_options(file_options, env),
    )
