"""Pelican wiring: Jinja filters for Vietnamese dates, python-slugify slugs."""

from __future__ import annotations

from pelican import signals

from .formatting import format_vn_date, format_vn_month, vn_slugify

FILTERS = {
    "vn_date": format_vn_date,
    "vn_datetime": lambda value: format_vn_date(value, time=True),
    "vn_short_date": lambda value: format_vn_date(value, weekday=False),
    "vn_month": format_vn_month,
}


def add_filters(generator) -> None:
    generator.env.filters.update(FILTERS)


def slug_with_python_slugify(content) -> None:
    """Content without an explicit Slug gets python-slugify's ASCII slug of its title."""
    if "slug" in content.metadata or not getattr(content, "title", None):
        return
    content.slug = vn_slugify(content.title)


def register() -> None:
    signals.generator_init.connect(add_filters)
    signals.content_object_init.connect(slug_with_python_slugify)
