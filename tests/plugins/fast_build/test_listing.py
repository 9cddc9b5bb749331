"""Listing-page fingerprints: stable from run to run and across worker counts."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from jinja2 import DictLoader, Environment

from plugins.fast_build.fingerprint import describe
from plugins.fast_build.listing import (
    length_only_names,
    listing_attributes,
    page_links_only,
    theme_attributes,
)
from tests.support.paths import PROJECT_ROOT
from tests.support.site import build_site


def test_theme_attributes_come_from_expressions_and_attribute_arguments() -> None:
    env = Environment(
        loader=DictLoader(
            {
                "a.html": "{{ article.title }}"
                "{% for g in dates|groupby('date.year') %}{% endfor %}",
                "b.html": "{{ page.object_list|map(attribute='locale_date')|list }}",
            }
        )
    )
    found = theme_attributes(env)
    assert {"title", "date", "year", "object_list", "locale_date"} <= set(found)
    assert "content" not in found  # covered by the source file's digest


_THEME = {
    "card.html": "{{ article.title }} {{ article.date|vn_date }}",
    "byline.html": "{{ article.author }}",
    "article.html": '{% extends "base.html" %}{% include "byline.html" %}'
    "{{ article.other_news_items }} {{ article.newer_article.url }}",
    "page.html": '{% extends "base.html" %}{{ page.portal }}',
    "base.html": "{% block body %}{% endblock %}{{ SITENAME.lower() }}",
    # Pelican's loader offers each template again under a prefix; only plain names are pages
    "!theme/article.html": "{{ article.other_news_items }}",
}


@pytest.mark.parametrize(
    ("listing", "expected"),
    [
        ('{% extends "base.html" %}{% include "card.html" %}', {"title", "date", "lower"}),
        ("{{ page.object_list|map(attribute='url')|list }}", {"object_list", "url"}),
        # a partial the article page shares with a listing counts
        ('{% include "byline.html" %}', {"author"}),
        # which template an expression names is not known: every attribute the theme reads
        ("{% include kind ~ '.html' %}", {"title", "other_news_items", "newer_article", "portal"}),
    ],
)
def test_listing_attributes_are_those_a_listing_can_show(listing: str, expected: set) -> None:
    """Cards describe only what pages other than articles and pages can read, so a change to
    what only the article page shows (its other news, its neighbours) re-renders no listing."""
    env = Environment(loader=DictLoader({**_THEME, "index.html": listing}))
    found = set(listing_attributes(env))
    assert expected <= found
    if "kind" not in listing:
        assert not {"other_news_items", "newer_article", "portal"} & found


@pytest.mark.parametrize(
    ("source", "links_only"),
    [
        ("{{ p.page(1).url }} {{ p.page(p.num_pages).save_as }} {{ p.page(2).number }}", {"p"}),
        ('{% include "links.html" %}', {"p"}),  # what an included template does counts
        ("{{ p.page(1).url }} {{ p.page(2).object_list[0].title }}", set()),  # another page's
        ("{% set second = p.page(2) %}{{ second.url }}", set()),  # kept for later: unknown use
        ("{{ p.page }}", set()),
        ("{{ p.num_pages }}", set()),  # no page links at all: nothing to relax
    ],
)
def test_page_links_only_when_every_page_call_is_a_link(source: str, links_only: set) -> None:
    """A listing page that only links to its other pages depends on how many there are, not on
    which articles they hold (adding an article then re-renders only the pages that shift)."""
    env = Environment(loader=DictLoader({"list.html": source, "links.html": "{{ p.page(3).url }}"}))
    assert page_links_only(env, "list.html") == links_only


@pytest.mark.parametrize("method", ["{date}/".format, "x".upper, len])
def test_bound_and_builtin_methods_are_described_without_memory_addresses(method) -> None:
    assert " at 0x" not in repr(describe(method, 1))
    assert describe(method, 1) == describe(method, 1)


def _fingerprints(content: Path, output: Path, cache: Path, workers: int) -> dict[str, str]:
    build_site(content, output, extra={"FAST_BUILD": {"workers": workers, "cache_dir": str(cache)}})
    found: dict[str, str] = {}
    for part in sorted(cache.rglob("pages-*.json")):
        found.update(json.loads(part.read_text(encoding="utf-8")))
    return found


def test_page_fingerprints_do_not_depend_on_the_run_or_the_worker_count(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(PROJECT_ROOT / "content", content)
    first = _fingerprints(content, tmp_path / "out", tmp_path / "cache", 2)
    assert any(name.startswith("luu-tru/") for name in first)  # listing pages are fingerprinted
    again = _fingerprints(content, tmp_path / "out", tmp_path / "cache", 2)
    single = _fingerprints(content, tmp_path / "out", tmp_path / "cache", 1)
    assert first == again == single


def test_values_only_measured_with_length_are_told_apart_from_values_shown() -> None:
    env = Environment(
        loader=DictLoader(
            {
                "tag.html": "{% extends 'base.html' %}{{ articles|length }}{{ dates|count }}",
                "base.html": "{% for d in dates %}{{ d.title }}{% endfor %}{{ tags|length }}",
            }
        )
    )
    assert length_only_names(env, "tag.html") == {"articles", "tags"}


def test_sites_sharing_a_cache_never_remove_each_others_pages(tmp_path: Path) -> None:
    """Page lists are kept per output folder: building another site with the same cache, then
    this one again, leaves every page of this one in place."""
    content = tmp_path / "content"
    shutil.copytree(PROJECT_ROOT / "content", content)
    other = tmp_path / "other"
    (other / "tin").mkdir(parents=True)
    (other / "tin" / "mot.md").write_text(
        "Title: Một bản tin khác\nDate: 2024-01-02 08:00\nCategory: Tin tức\n\nNội dung.\n",
        encoding="utf-8",
    )
    extra = {"FAST_BUILD": {"cache_dir": str(tmp_path / "cache")}}
    build_site(content, tmp_path / "out", extra=extra)
    before = sorted(p.relative_to(tmp_path / "out") for p in (tmp_path / "out").rglob("*.html"))
    build_site(other, tmp_path / "out-other", extra=extra)
    build_site(content, tmp_path / "out", extra=extra)
    after = sorted(p.relative_to(tmp_path / "out") for p in (tmp_path / "out").rglob("*.html"))
    assert after == before
