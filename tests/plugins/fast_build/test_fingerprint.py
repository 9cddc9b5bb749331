"""Page fingerprints: which template values count, and stability across runs."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from jinja2 import DictLoader, Environment
from pelican.contents import Article
from pelican.settings import DEFAULT_CONFIG

from plugins.fast_build.fingerprint import (
    LONG_LIST,
    SOURCE_DIGESTS,
    TRUTH,
    describe,
    digest,
    template_variables,
)


def env(templates: dict[str, str]) -> Environment:
    return Environment(loader=DictLoader(templates))


def test_attribute_only_use_records_the_attributes() -> None:
    templates = {
        "base.html": "{{ SITENAME }}{% block content %}{% endblock %}",
        "article.html": (
            '{% extends "base.html" %}{% block content %}'
            "{{ article.title }}{{ idx.topics_url }}{% include 'nav.html' %}{% endblock %}"
        ),
        "nav.html": "{% for c in categories %}{{ c }}{% endfor %}",
    }
    used = template_variables(env(templates), "article.html")
    assert used["idx"] == {"topics_url"}
    assert used["SITENAME"] is None
    assert used["categories"] is None  # iterated: the whole value counts
    assert used["article"] == {"title"}


def test_bare_use_anywhere_makes_the_whole_value_count() -> None:
    templates = {"a.html": "{{ idx.url }}{% include 'b.html' %}", "b.html": "{{ idx }}"}
    assert template_variables(env(templates), "a.html")["idx"] is None


@dataclass
class Item:
    title: str
    children: list


class Opaque:
    def __init__(self) -> None:
        self.inner = Opaque.__new__(Opaque)


def test_descriptions_hold_no_memory_addresses() -> None:
    value = {"items": [Item("Đảng bộ", [Opaque()])], "set": {3, 1, 2}}
    text = repr(describe(value))
    assert not re.search(r"0x[0-9a-f]{6,}", text)
    assert digest(describe(value)) == digest(describe(value))


def test_description_changes_with_content() -> None:
    assert digest(describe([Item("a", [])])) != digest(describe([Item("b", [])]))


def test_is_defined_reads_presence_not_the_whole_value() -> None:
    """`{% if x is defined %}` must not make every page depend on all of x (a plugin's data
    holding every article would make one edit re-render the whole site)."""
    env = Environment(
        loader=DictLoader(
            {"page.html": "{% if index is defined and index.url %}{{ index.url }}{% endif %}"}
        )
    )
    assert template_variables(env, "page.html") == {"index": {"url"}}


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("{% if p %}<a href='{{ p.url }}'>→</a>{% endif %}", {"p": {TRUTH, "url"}}),
        ("{% if p and p.n > 1 %}{{ p.n }}{% endif %}", {"p": {TRUTH, "n"}}),
        ("{% if not p %}-{% endif %}{{ 'a' if p else 'b' }}", {"p": {TRUTH}}),
        ("{% if p %}{{ p }}{% endif %}", {"p": None}),  # printed: all of it
        ("{% if p.url %}{{ p.url }}{% endif %}", {"p": {"url"}}),
    ],
)
def test_a_condition_reads_truth_not_the_whole_value(source: str, expected: dict) -> None:
    """`{% if next_page %}` must not make a listing page depend on every article of the next
    page (adding one article would re-render every page of every listing holding it)."""
    env = Environment(loader=DictLoader({"page.html": source}))
    assert template_variables(env, "page.html") == expected


@dataclass(frozen=True)
class Shared:
    """Like an other-news item: frozen, shared between articles."""

    title: str
    when: object = None


def test_shared_frozen_items_describe_like_fresh_ones() -> None:
    import datetime as dt

    from plugins.fast_build.fingerprint import forget

    item = Shared("Tin một", dt.datetime(2025, 5, 28, tzinfo=dt.UTC))
    first = describe([item, item])
    forget()
    assert describe([Shared("Tin một", dt.datetime(2025, 5, 28, tzinfo=dt.UTC))] * 2) == first
    assert describe([Shared("Tin hai")]) != describe([Shared("Tin một")])


def _articles(count: int, without_source: int | None = None) -> list:
    made = []
    for number in range(count):
        path = f"/noi-dung/bai-{number}.md"
        made.append(
            Article(
                f"<p>{number}</p>",
                metadata={"title": f"Bài {number}"},
                settings=dict(DEFAULT_CONFIG),
                source_path=path,
            )
        )
        if number != without_source:
            SOURCE_DIGESTS[path] = f"digest-{number}"
        else:
            SOURCE_DIGESTS.pop(path, None)
    return made


def test_a_long_list_of_articles_follows_each_source_and_the_order() -> None:
    """The sitemap and listing pages read lists of every article: each article counts by its
    source, its place in the list counts, and an article without a known source still counts
    by what it holds."""
    articles = _articles(LONG_LIST + 4)
    first = describe(articles, 1)
    assert describe(list(articles), 1) == first
    SOURCE_DIGESTS[articles[7].source_path] = "edited"
    edited = describe(articles, 1)
    assert edited != first
    assert describe([articles[1], articles[0], *articles[2:]], 1) != edited
    unknown = _articles(LONG_LIST + 4, without_source=3)
    before = describe(unknown, 1)
    unknown[3].title = "Tiêu đề khác"
    assert describe(unknown, 1) != before


def test_metadata_counts_only_where_the_source_does_not_stand_for_it() -> None:
    """An article page's description leaves out the metadata its source file determines (each
    entry is also the article's attribute of that name, the very same object), and keeps what a
    plugin added or replaced, and the date (which may come from the file's mtime)."""
    (article,) = _articles(1)
    article.metadata["date"] = article.date = "2025-05-28"
    article.metadata["tags"] = article.tags = ["a", "b"]
    base = describe(article)
    same_values = dict(article.metadata)  # equal values, other dict: nothing changes
    article.metadata = same_values
    assert describe(article) == base
    article.metadata["tags"] = ["a", "b", "c"]  # replaced in metadata only: counts
    replaced = describe(article)
    assert replaced != base
    article.metadata["tags"] = article.tags
    article.metadata["topic"] = "đầu tư công"  # added by a plugin: counts
    assert describe(article) not in (base, replaced)
    del article.metadata["topic"]
    assert describe(article) == base
    article.metadata["date"] = "2025-05-29"  # the date always counts, even as read
    article.date = article.metadata["date"]
    assert describe(article) != base
