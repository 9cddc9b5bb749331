"""Pelican wiring: settings and portals.toml at start-up, the portal index once the articles are
read, the portal pages once the articles are written. The work is done in the pure modules.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pelican import signals

from .portals import Link, PortalIndex, Urls, build_portal_index, dated_after_closing
from .registry import Registry, load_registry
from .settings import merge_settings

logger = logging.getLogger(__name__)
STATE_KEY = "_PORTAL_PAGES_STATE"


@dataclass
class State:
    settings: dict[str, Any]
    registry: Registry
    path: Path


@dataclass(frozen=True)
class TemplateData:
    """`portal_pages` in the templates (a page that shows one portal gets it as `portal`)."""

    index: PortalIndex
    index_url: str
    settings: dict[str, Any]


def portals_path(settings: dict[str, Any]) -> Path:
    """portals_file, a relative path taken from the directory Pelican runs in."""
    path = Path(os.path.expanduser(settings["portals_file"]))
    return path if path.is_absolute() else Path.cwd() / path


def search_portals(registry) -> dict[str, dict[str, str]]:
    """portals.toml as the search index's PORTALS hook: key -> name, level (its Vietnamese
    name) and today's province."""
    return {
        key: {
            "name": portal.name,
            "level": portal.level_name if portal.level else "",
            "province": portal.province or "",
        }
        for key, portal in sorted(registry.portals.items())
    }


def configure(pelican) -> None:
    """Validate PORTAL_PAGES, load portals.toml, set up pagination of the portal pages."""
    settings = merge_settings(pelican.settings.get("PORTAL_PAGES"))
    path = portals_path(settings)
    registry = load_registry(path)  # a PortalsError stops the build naming file and field
    pelican.settings[STATE_KEY] = State(settings, registry, path)
    # The search index's portal facet reads names, levels and provinces from the PORTALS hook
    # (plugins/search_index/README.md); a site that sets PORTALS itself keeps its own.
    pelican.settings.setdefault("PORTALS", search_portals(registry))
    paginated = pelican.settings.setdefault("PAGINATED_TEMPLATES", {})
    for template in ("portal", "portal_category", "portal_month"):
        paginated[template] = settings["pagination"]
    logger.debug("portal_pages: %d portals from %s", len(registry.portals), path)


def _urls(settings: dict[str, Any]) -> Urls:
    return Urls(
        portal=settings["portal_url"],
        portal_save_as=settings["portal_save_as"],
        category=settings["category_url"],
        category_save_as=settings["category_save_as"],
        month=settings["month_url"],
        month_save_as=settings["month_save_as"],
    )


def index_portals(generator) -> None:
    """Give every article its portal (`portal_info`, `portal_category`); build the index."""
    state: State | None = generator.settings.get(STATE_KEY)
    if state is None:
        return
    from pelican.utils import slugify

    regex = generator.settings.get("SLUG_REGEX_SUBSTITUTIONS", [])
    index = build_portal_index(
        generator.articles,
        state.registry,
        names=generator.settings.get("PORTAL_NAMES") or {},
        urls=_urls(state.settings),
        category_pages=state.settings["category_pages"],
        list_empty=state.settings["list_empty"],
        slugify=lambda text: slugify(text, regex_subs=regex),
    )
    if state.path.exists():
        for key, first_file, count in index.unknown:
            logger.warning(
                "portal_pages: %s: Portal %r is not in %s (%d article(s)); its page shows what"
                " the articles say. Add [portals.%s] with name, level and province to that file",
                first_file,
                key,
                state.path,
                count,
                key,
            )
    for entry in index.portals:
        late = dated_after_closing(entry)
        if late:
            logger.warning(
                "portal_pages: %s: %d article(s) of portal %r are dated after its closed_on (%s)",
                state.path,
                late,
                entry.key,
                entry.portal.closed_on,
            )
    infos = {entry.key: entry for entry in index.portals}
    others = [
        *generator.translations,
        *getattr(generator, "hidden_articles", []),
        *getattr(generator, "hidden_translations", []),
        *getattr(generator, "drafts", []),
    ]
    for article in [*generator.articles, *others]:
        key = article.metadata.get("portal")
        entry = infos.get(str(key).strip()) if key else None
        article.portal_info = entry.info if entry else None
        article.portal_category = _category_link(entry, article)
    generator.context["portal_pages"] = TemplateData(
        index=index, index_url=state.settings["index_url"], settings=state.settings
    )


def _category_link(entry, article) -> Link | None:
    """Where the article's category is listed for its portal (breadcrumbs)."""
    category = getattr(article, "category", None)
    if category is None:
        return None
    if entry is not None:
        for listing in entry.categories:
            if listing.name == str(category):
                return Link(listing.name, listing.url, internal=True)
    return Link(str(category), str(category.url), internal=True)


def write_pages(generator, writer) -> None:
    """The portal index, each portal's front page and its category and month pages."""
    state: State | None = generator.settings.get(STATE_KEY)
    data: TemplateData | None = generator.context.get("portal_pages")
    if state is None or data is None:
        return
    settings = state.settings
    relative = generator.settings.get("RELATIVE_URLS", False)
    writer.write_file(
        settings["index_save_as"],
        generator.get_template("portals"),
        generator.context,
        relative_urls=relative,
        template_name="portals",
        url=settings["index_url"],
        groups=data.index.groups,
    )
    portal_template = generator.get_template("portal")
    listing_template = generator.get_template("portal_listing")
    written = 0
    for entry in data.index.portals:
        articles = list(entry.articles)
        writer.write_file(
            entry.save_as,
            portal_template,
            generator.context,
            relative_urls=relative,
            paginated={"articles": articles},
            template_name="portal",
            url=entry.url,
            portal=entry,
            articles=articles,
        )
        written += 1
        listings = [(c, "category") for c in entry.categories if c.save_as]
        listings += [(m, "month") for year in entry.years for m in year.months]
        for listing, kind in listings:
            items = list(listing.articles)
            writer.write_file(
                listing.save_as,
                listing_template,
                generator.context,
                relative_urls=relative,
                paginated={"articles": items},
                template_name="portal_category" if kind == "category" else "portal_month",
                url=listing.url,
                portal=entry,
                listing=listing,
                listing_kind=kind,
                articles=items,
            )
            written += 1
    logger.info("portal_pages: %d portals, %d pages", len(data.index.portals), written + 1)


def register() -> None:
    signals.initialized.connect(configure)
    signals.article_generator_finalized.connect(index_portals)
    signals.article_writer_finalized.connect(write_pages)
