"""Pelican wiring: Jinja filters (Vietnamese dates, JSON-LD), python-slugify slugs, prev/next."""

from __future__ import annotations

from pelican import signals

from .formatting import format_vn_date, format_vn_month, url_host, vn_slugify
from .jsonld import article_json_ld, script_json
from .neighbours import chronological_neighbours

FILTERS = {
    "vn_date": format_vn_date,
    "vn_datetime": lambda value: format_vn_date(value, time=True),
    "vn_short_date": lambda value: format_vn_date(value, weekday=False),
    "vn_month": format_vn_month,
    "url_host": url_host,
    "script_json": script_json,
    "article_json_ld": article_json_ld,
}


def add_filters(generator) -> None:
    generator.env.filters.update(FILTERS)


def slug_with_python_slugify(content) -> None:
    """Content without an explicit Slug gets python-slugify's ASCII slug of its title."""
    if "slug" in content.metadata or not getattr(content, "title", None):
        return
    content.slug = vn_slugify(content.title)


def link_neighbours(generator) -> None:
    """Set `older_article` / `newer_article` on every published article (theme: prev/next)."""
    articles = list(generator.articles)
    pairs = chronological_neighbours(articles, key=lambda a: (a.date, a.slug))
    for article in articles:
        article.older_article, article.newer_article = pairs[id(article)]


def register() -> None:
    signals.generator_init.connect(add_filters)
    signals.content_object_init.connect(slug_with_python_slugify)
    signals.article_generator_finalized.connect(link_neighbours)
