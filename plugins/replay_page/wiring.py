"""Pelican wiring: find the portals' packages and link every article to its capture (once the
articles are read), write the frame placeholder with the other pages, copy the player and the
packages into the output at the end."""

from __future__ import annotations

import logging
import os
import time
from itertools import chain
from pathlib import Path

from pelican import signals

from .files import REPLAYWEBPAGE_FILES, find_player, place_files
from .packages import Package, PackageError, load_package, package_file, replay_target, size_text
from .settings import resolve_settings

logger = logging.getLogger(__name__)

PROJECT_ROOT = Path(__file__).resolve().parents[2]  # relative paths in REPLAY_PAGE start here
FRAME_TEMPLATE = "replay_frame"

# output folder -> what `finalized` copies; handed over from the article generator.
_PENDING: dict[str, dict] = {}


def _settings(pelican_settings) -> dict:
    return resolve_settings(pelican_settings.get("REPLAY_PAGE"))


def _project_path(value: str) -> Path:
    path = Path(value)
    return path if path.is_absolute() else PROJECT_ROOT / path


def on_initialized(pelican) -> None:
    """Validate REPLAY_PAGE and add the replay page (a direct template)."""
    settings = _settings(pelican.settings)
    pelican.settings["REPLAY_PAGE"] = settings
    if not settings["enabled"]:
        return
    template = settings["template"]
    direct = list(pelican.settings.get("DIRECT_TEMPLATES", []))
    if template not in direct:
        direct.append(template)
    pelican.settings["DIRECT_TEMPLATES"] = direct
    pelican.settings[f"{template.upper()}_URL"] = settings["page_url"]
    pelican.settings[f"{template.upper()}_SAVE_AS"] = settings["page_save_as"]


def _articles(generator) -> list:
    return list(
        chain(
            generator.articles,
            generator.translations,
            getattr(generator, "hidden_articles", []),
            getattr(generator, "hidden_translations", []),
            getattr(generator, "drafts", []),
            getattr(generator, "drafts_translations", []),
        )
    )


def _packages(portals: set, folder: Path) -> dict[str, Package]:
    found = {}
    for portal in sorted(p for p in portals if isinstance(p, str)):
        path = package_file(folder, portal)
        if path is None or not path.is_file():
            continue
        try:
            found[portal] = load_package(portal, path)
        except PackageError as error:
            logger.warning(
                "replay_page: %s is not a readable WACZ (%s): not published, the portal's "
                "articles get no link to their capture",
                path,
                error,
            )
    return found


def attach_targets(generator) -> None:
    """`article_generator_finalized`: set `article.replay` (None or the link's target) on every
    article, and the replay page's values (`replay_site`) in the template context."""
    started = time.perf_counter()
    settings = _settings(generator.settings)
    if not settings["enabled"]:
        return
    articles = _articles(generator)
    published = generator.settings.get("PUBLISH_CAPTURES", True)
    folder = _project_path(settings["packages_path"])
    portals = {article.metadata.get("portal") for article in articles}
    packages = _packages(portals, folder) if published else {}
    player = find_player(_project_path(settings["replaywebpage_path"])) if packages else None
    if packages and player is None:
        logger.error(
            "replay_page: ReplayWeb.page is not installed (%s has no ui.js, sw.js, LICENSE): run "
            "`npm ci --ignore-scripts` (make html does); the packages are published for "
            "download, but no article links to its capture",
            _project_path(settings["replaywebpage_path"]),
        )
    linkable = packages if player is not None else {}
    linked = 0
    for article in articles:
        meta = article.metadata
        target = replay_target(
            linkable.get(meta.get("portal")), meta.get("source"), meta.get("captured")
        )
        if target is not None:
            target["href"] = f"{settings['page_url']}?{target['query']}"
            linked += 1
        article.replay = target
    generator.context["replay_site"] = {
        "packages": [
            {
                "portal": p.portal,
                "href": f"{settings['packages_output']}/{p.portal}.wacz",
                "version": p.version,
                "digest": p.digest,
                "size": p.size,
                "size_text": size_text(p.size),
                "captures": len(p.captures),
            }
            for p in packages.values()
        ],
        "player": None
        if player is None
        else {
            "version": player.version,
            "engine": player.engine,
            "assets_path": settings["assets_path"],
            "replayed_page_csp": settings["replayed_page_csp"],
        },
    }
    _PENDING[os.path.abspath(generator.output_path)] = {
        "settings": settings,
        "packages": packages,
        "player": player,
        "linked": linked,
        "articles": len(articles),
        "seconds": time.perf_counter() - started,
    }


def write_frame_page(generator, writer) -> None:
    """`article_writer_finalized`: the page the replay frame shows for a moment on a first visit,
    before the service worker answers for it (otherwise a 404 or a folder listing)."""
    pending = _PENDING.get(os.path.abspath(generator.output_path))
    if not pending or pending["player"] is None:
        return
    page = f"{pending['settings']['assets_path']}/index.html"
    writer.write_file(
        page,
        generator.get_template(FRAME_TEMPLATE),
        generator.context,
        relative_urls=generator.settings.get("RELATIVE_URLS", False),
        url=page.removesuffix("index.html"),
    )


def copy_files(pelican) -> None:
    """`finalized`: the player's files and the packages into the output; stale ones removed."""
    pending = _PENDING.pop(os.path.abspath(pelican.output_path), None)
    if pending is None:
        return
    started = time.perf_counter()
    settings, player, packages = pending["settings"], pending["player"], pending["packages"]
    output = Path(pelican.output_path)
    assets = output / settings["assets_path"]
    wacz = output / settings["packages_output"]
    wanted: dict[Path, Path] = {}
    if player is not None:
        for name, source in REPLAYWEBPAGE_FILES.items():
            wanted[assets / name] = player.folder / source
    for package in packages.values():
        wanted[wacz / f"{package.portal}.wacz"] = package.path
    owned = [assets / name for name in REPLAYWEBPAGE_FILES]
    if wacz.is_dir():
        owned += [path for path in wacz.iterdir() if path.suffix == ".wacz"]
    written, removed = place_files(wanted, owned)
    logger.info(
        "replay_page: %d of %d article(s) link their capture; %d package(s) published (%s); "
        "player %s; %d file(s) written, %d removed in %.0f ms",
        pending["linked"],
        pending["articles"],
        len(packages),
        ", ".join(f"{p.portal} {size_text(p.size)}" for p in packages.values()) or "none",
        f"ReplayWeb.page {player.version}" if player else "not copied",
        written,
        removed,
        (pending["seconds"] + time.perf_counter() - started) * 1000,
    )


def register() -> None:
    signals.initialized.connect(on_initialized)
    signals.article_generator_finalized.connect(attach_targets)
    signals.article_writer_finalized.connect(write_frame_page)
    signals.finalized.connect(copy_files)
