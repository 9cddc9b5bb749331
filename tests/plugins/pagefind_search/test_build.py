"""The plugin in a Pelican build: what is indexed, the search page, and a clear stop on failure."""

from __future__ import annotations

import pytest

from tests.support.site import build_site

from .corpus import ARTICLES, write_corpus


def test_articles_only_are_indexed_and_search_page_written(search_site):
    fragments = list((search_site / "pagefind" / "fragment").glob("*.pf_fragment"))
    articles = [p for p in search_site.glob("20[0-9][0-9]/[01][0-9]/*/index.html")]
    assert len(fragments) == len(articles) >= len(ARTICLES)
    page = (search_site / "tim-kiem" / "index.html").read_text(encoding="utf-8")
    assert 'id="search-app"' in page and "<noscript>" in page
    assert 'type="module"' in page and "<script>" not in page.replace("<script type", "")
    assert not (search_site / "pagefind" / "playground").exists()


def test_search_box_on_every_page(search_site):
    for name in ("index.html", "404.html", "chuyen-muc/index.html", "tim-kiem/index.html"):
        html = (search_site / name).read_text(encoding="utf-8")
        assert 'role="search"' in html and 'name="q"' in html, name


@pytest.mark.parametrize(
    ("binary", "message"),
    [
        ("/nonexistent/pagefind", "Pagefind"),
        ("/bin/false", "Pagefind"),
    ],
)
def test_missing_or_failing_pagefind_stops_the_build(tmp_path, binary, message):
    content = write_corpus(tmp_path)
    output = tmp_path / "output"
    result = build_site(
        content, output, extra={"PAGEFIND": {"binary": binary, "timeout_seconds": 60}}, check=False
    )
    assert result.returncode != 0
    assert message in result.stdout and "make venv" in result.stdout
    assert not (output / "pagefind").exists()


def test_bad_setting_stops_the_build(tmp_path):
    content = write_corpus(tmp_path)
    result = build_site(content, tmp_path / "out", extra={"PAGEFIND": {"colour": 1}}, check=False)
    assert result.returncode != 0
    assert "PAGEFIND has unknown key(s) ['colour']" in result.stdout


def test_disabled_builds_no_index_and_no_search_page(tmp_path):
    content = write_corpus(tmp_path)
    output = tmp_path / "output"
    build_site(content, output, extra={"PAGEFIND": {"enabled": False}})
    assert not (output / "pagefind").exists()
    assert not (output / "tim-kiem").exists()
