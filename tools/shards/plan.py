"""The shard plan: which article file belongs to which shard, and each shard's content hash.

A shard is a portal (the article's `Portal:` line; articles without one form the shard
`_none`), or a portal-year (`longan.2025`) for a portal with more articles than
`split_years_over`. Only the articles' headers are read to place them; every file's bytes are
hashed. A shard's hash covers its files (paths and bytes) and everything its pages depend on
besides them (`shared_inputs`: settings, theme, plugins, pages, the names of static files, the
capture packages' names and sizes, this code, the Python and dependency versions), so an
unchanged hash means an unchanged shard build. No modification time counts: a fresh checkout
(another CI job, another machine) gives the same hashes.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from plugins.shards.settings import KEY_RE
from plugins.shards.summary import raw_meta

PLAN_VERSION = 1
NO_PORTAL = "_none"
MARKDOWN_EXTENSIONS = ("md", "markdown", "mkd", "mdown")
PROJECT = Path(__file__).resolve().parents[2]
SHARED_FOLDERS = ("theme", "plugins", "tools/shards")
SHARED_FILES = ("requirements.lock",)


class PlanError(ValueError):
    """The content cannot be split into shards; the message names the file and the fix."""


@dataclass
class Shard:
    key: str
    files: list[str] = field(default_factory=list)  # relative to the content folder, sorted
    digests: dict[str, str] = field(default_factory=dict)

    def content_hash(self, shared: str) -> str:
        h = hashlib.sha256(shared.encode())
        for name in self.files:
            h.update(f"\0{name}\0{self.digests[name]}".encode())
        return h.hexdigest()


def shard_key(portal: str | None, year: str | None, *, split: bool, where: str) -> str:
    """The shard of an article with this `Portal:` value and year."""
    if not portal:
        return NO_PORTAL
    key = portal.strip().lower()
    if not KEY_RE.match(key) or key == NO_PORTAL:
        raise PlanError(
            f"{where}: Portal: {portal!r} cannot name a shard (use lower-case letters, digits, "
            "'_', '-' or '.', as profile names do); fix the Portal line"
        )
    if split:
        if not (year and year.isdigit()):
            raise PlanError(f"{where}: no Date year to place it in a portal-year shard")
        key = f"{key}.{year}"
    return key


def _ignored(name: str, patterns: Iterable[str]) -> bool:
    return any(fnmatch.fnmatch(name, pattern) for pattern in patterns)


def article_files(content: Path, settings: dict[str, Any]) -> Iterator[str]:
    """Article files as Pelican's ArticlesGenerator finds them (ARTICLE_PATHS without
    ARTICLE_EXCLUDES and ignored names), relative to `content`, in walk order."""
    exclusions: dict[str, set[str]] = {}
    for excluded in [*settings["ARTICLE_EXCLUDES"], *settings.get("PAGE_PATHS", [])]:
        parent, name = os.path.split(os.path.join(str(content), excluded))
        exclusions.setdefault(parent, set()).add(name)
    ignores = settings.get("IGNORE_FILES", [])
    for path in settings["ARTICLE_PATHS"]:
        root = os.path.join(str(content), path) if path else str(content)
        for folder, dirs, files in os.walk(root, topdown=True, followlinks=True):
            excluded = exclusions.get(folder, ())
            dirs[:] = sorted(d for d in dirs if d not in excluded and not _ignored(d, ignores))
            for name in sorted(files):
                if _ignored(name, ignores):
                    continue
                relative = os.path.relpath(os.path.join(folder, name), str(content))
                extension = name.rsplit(".", 1)[-1] if "." in name else ""
                if extension in MARKDOWN_EXTENSIONS:
                    yield relative
                elif extension in ("html", "htm"):
                    raise PlanError(
                        f"{relative}: shard builds read Markdown articles only; convert it to "
                        "Markdown or move it out of the article folders"
                    )


def _digest_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def shared_inputs(content: Path, settings_file: Path, articles: set[str], extra: dict) -> str:
    """The hash of what every shard's pages depend on besides its own articles."""
    h = hashlib.sha256()
    h.update(f"plan {PLAN_VERSION}\0python {sys.version}\0".encode())
    h.update(json.dumps(extra, sort_keys=True).encode())
    h.update(settings_file.read_bytes())
    for folder in SHARED_FOLDERS:
        for path in sorted((PROJECT / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                h.update(f"\0{path.relative_to(PROJECT)}\0{_digest_file(path)}".encode())
    for name in SHARED_FILES:
        if (PROJECT / name).is_file():
            h.update(f"\0{name}\0{_digest_file(PROJECT / name)}".encode())
    for folder, dirs, files in os.walk(content):
        dirs.sort()
        for name in sorted(files):
            path = Path(folder) / name
            relative = str(path.relative_to(content))
            if relative in articles:
                continue
            if name.rsplit(".", 1)[-1] in MARKDOWN_EXTENSIONS:  # pages: their text shows
                h.update(f"\0{relative}\0{_digest_file(path)}".encode())
            else:  # static files: only their names count (pages link to them by name)
                h.update(f"\0{relative}".encode())
    packages = PROJECT / "captures" / "packages"
    if packages.is_dir():
        for path in sorted(packages.iterdir()):
            # what a package holds decides the replay links; its size stands for it (no
            # modification times: a fresh checkout in another CI job must give the same hash)
            h.update(f"\0{path.name}\0{path.stat().st_size}".encode())
    return h.hexdigest()


def make_plan(
    content: Path,
    settings_file: Path,
    pelican_settings: dict[str, Any],
    *,
    split_years_over: int = 0,
    extra: dict | None = None,
) -> dict[str, Any]:
    """The plan for `content` (see the module docstring)."""
    placed: list[tuple[str, str | None, str | None, str]] = []  # (file, portal, year, digest)
    for relative in article_files(content, pelican_settings):
        data = (content / relative).read_bytes()
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise PlanError(f"{relative}: not UTF-8 ({error}); save it as UTF-8") from error
        meta = raw_meta(text)
        portal = (meta.get("portal") or [None])[0]
        year = ((meta.get("date") or [""])[0] or "")[:4] or None
        placed.append((relative, portal, year, hashlib.sha256(data).hexdigest()))
    counts: dict[str, int] = {}
    for _, portal, _, _ in placed:
        counts[portal or ""] = counts.get(portal or "", 0) + 1
    shards: dict[str, Shard] = {}
    for relative, portal, year, digest in placed:
        split = bool(split_years_over) and bool(portal) and counts[portal] > split_years_over
        key = shard_key(portal, year, split=split, where=relative)
        shard = shards.setdefault(key, Shard(key))
        shard.files.append(relative)
        shard.digests[relative] = digest
    shared = shared_inputs(content, settings_file, {p[0] for p in placed}, extra or {})
    return {
        "version": PLAN_VERSION,
        "content": str(content),
        "settings": str(settings_file),
        "shared": shared,
        "split_years_over": split_years_over,
        "shards": {
            key: {
                "hash": shard.content_hash(shared),
                "articles": len(shard.files),
                "files": sorted(shard.files),
            }
            for key, shard in sorted(shards.items())
        },
    }
