"""Pelican wiring: validate DECAP_ADMIN, note the categories and portals in use, and write
/admin/ (the page, config.yml, Decap's prebuilt scripts copied from the pinned npm package, and
our own scripts) at the end of the build."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from pathlib import Path

from pelican import signals

from plugins.replay_page.files import place_files

from .config import admin_page, build_config, config_text
from .settings import resolve_settings

logger = logging.getLogger(__name__)

PROJECT_ROOT = Path(__file__).resolve().parents[2]
STATIC = Path(__file__).with_name("static")
OUR_FILES = ("manual-init.js", "archive-format.js", "archive-cms.js")

# output folder -> (categories, portals) seen by the article generator.
_SEEN: dict[str, tuple[set[str], set[str]]] = {}


def _project_path(value: str) -> Path:
    path = Path(value)
    return path if path.is_absolute() else PROJECT_ROOT / path


def decap_files(dist: Path) -> dict[str, Path]:
    """Output name -> file of Decap's prebuilt bundle: the entry script, its chunks, its
    WebAssembly modules and its licence notice (no source maps)."""
    found = {}
    for path in sorted(dist.iterdir()):
        name = path.name
        if name == "decap-cms.js" or name.endswith((".decap-cms.js", ".wasm")):
            found[name] = path
    licence = dist / "decap-cms.js.LICENSE.txt"
    if licence.is_file():
        found[licence.name] = licence
    return found


def on_initialized(pelican) -> None:
    """Validate DECAP_ADMIN; `make edit` points it at its decap-server with ARCHIVE_CMS_URL."""
    user = pelican.settings.get("DECAP_ADMIN")
    override = os.environ.get("ARCHIVE_CMS_URL", "").strip()
    if override and (user is None or isinstance(user, Mapping)):
        user = {**(user or {}), "local_backend_url": override}
    pelican.settings["DECAP_ADMIN"] = resolve_settings(user)


def on_articles(generator) -> None:
    categories: set[str] = set()
    portals: set[str] = set()
    for article in [*generator.articles, *getattr(generator, "drafts", [])]:
        if getattr(article, "category", None) is not None:
            categories.add(str(article.category))
        portal = article.metadata.get("portal")
        if isinstance(portal, str) and portal.strip():
            portals.add(portal.strip())
    _SEEN[generator.output_path] = (categories, portals)


def on_finalized(pelican) -> None:
    settings = pelican.settings["DECAP_ADMIN"]
    if not settings["enabled"]:
        return
    dist = _project_path(settings["decap_cms_path"])
    if not (dist / "decap-cms.js").is_file():
        logger.error(
            "decap_admin: %s/decap-cms.js is missing: run `make node`; /admin/ not written",
            dist,
        )
        return
    categories, portals = _SEEN.pop(pelican.output_path, (set(), set()))
    known = pelican.settings.get("KNOWN_CATEGORIES")
    if known:
        categories |= set(known)
    names = dict(pelican.settings.get("PORTAL_NAMES", {}))
    for portal in portals:
        names.setdefault(portal, portal)
    if not settings["content_folder"]:
        # decap-server's working copy is the content folder's parent (`make edit`).
        settings = {**settings, "content_folder": Path(pelican.settings["PATH"]).name}
    config = build_config(
        settings,
        categories=categories,
        portals=names,
        page_paths=pelican.settings.get("PAGE_PATHS", ["pages"]),
    )
    folder = Path(pelican.output_path) / settings["path"]
    folder.mkdir(parents=True, exist_ok=True)
    _write(folder / "index.html", admin_page(settings, pelican.settings.get("SITENAME", "")))
    _write(folder / "config.yml", config_text(config))
    wanted = {folder / name: source for name, source in decap_files(dist).items()}
    wanted.update({folder / name: STATIC / name for name in OUR_FILES})
    owned = [p for p in folder.iterdir() if p.suffix in (".js", ".wasm", ".txt")]
    written, removed = place_files(wanted, owned)
    logger.info(
        "decap_admin: /%s/ written (%d file(s) copied, %d removed; %d categories, %d portals)",
        settings["path"],
        written,
        removed,
        len(categories),
        len(names),
    )


def _write(path: Path, text: str) -> None:
    """Write unless the same text is there (keeps the mtime for rsync), atomically."""
    data = text.encode("utf-8")
    if path.is_file() and path.read_bytes() == data:
        return
    partial = path.with_name(f".{path.name}.partial")
    partial.write_bytes(data)
    partial.replace(path)


def register() -> None:
    signals.initialized.connect(on_initialized)
    signals.article_generator_finalized.connect(on_articles)
    signals.finalized.connect(on_finalized)
