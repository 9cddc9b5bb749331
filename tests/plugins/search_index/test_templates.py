"""The search templates read SEARCH_INDEX, and tolerate it missing (plugin not loaded)."""

from __future__ import annotations

import jinja2
import pytest
from bs4 import BeautifulSoup

from tests.support.paths import PROJECT_ROOT

TEMPLATES = PROJECT_ROOT / "theme" / "templates"
BASE = {"SITEURL": "https://example.org/luu-tru", "CATEGORIES_URL": "chuyen-muc/"}


def _render(name: str, block: str | None, context: dict) -> BeautifulSoup:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True)
    template = env.get_template(name)
    if block is None:
        html = template.render(**context)
    else:
        html = "".join(template.blocks[block](template.new_context(context)))
    return BeautifulSoup(html, "html.parser")


@pytest.mark.parametrize(
    ("settings", "index", "size", "filters"),
    [
        (None, "search/", "10", "topic category year"),
        ({}, "search/", "10", "topic category year"),
        (
            {"output_path": "chi-muc", "results_per_page": 20, "filters": ["year"]},
            "chi-muc/",
            "20",
            "year",
        ),
    ],
)
def test_search_page_reads_search_index(settings, index, size, filters):
    context = dict(BASE) if settings is None else {**BASE, "SEARCH_INDEX": settings}
    app = _render("search.html", "content", context).find(id="search-app")
    assert app["data-index"] == index
    assert app["data-page-size"] == size
    assert app["data-filters"] == filters
    assert app["data-root"] == "https://example.org/luu-tru/"
    assert not app.has_attr("data-pagefind")


@pytest.mark.parametrize(
    ("settings", "action"),
    [
        (None, "https://example.org/luu-tru/tim-kiem/"),
        ({"enabled": True, "search_url": "tim/"}, "https://example.org/luu-tru/tim/"),
        ({"enabled": False, "search_url": "tim/"}, None),
    ],
)
def test_search_box_reads_search_index(settings, action):
    context = dict(BASE) if settings is None else {**BASE, "SEARCH_INDEX": settings}
    form = _render("partials/search_box.html", None, context).find("form")
    if action is None:
        assert form is None
    else:
        assert form["action"] == action and form["method"] == "get"
        assert form.find("input", attrs={"name": "q"}) is not None
