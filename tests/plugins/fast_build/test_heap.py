"""fast_build.heap: articles get attribute tables with room before plugins add theirs."""

from __future__ import annotations

import sys

from plugins.fast_build.heap import compact_attributes


class Article:
    """Like Pelican's: a plain class whose instances get ~26 attributes when read."""


def read_articles(count: int) -> list[Article]:
    articles = []
    for number in range(count):
        article = Article()
        for key in range(26):
            setattr(article, f"field_{key}", f"giá trị {number}-{key}")
        articles.append(article)
    return articles


def add_plugin_attributes(articles: list[Article]) -> None:
    for article in articles:
        article.older_article = article.newer_article = None
        article.other_news_items = []
        article.archive_topics = []


def table_bytes(articles: list[Article]) -> int:
    return sum(sys.getsizeof(vars(article)) for article in articles)


def test_attributes_are_kept_and_plugins_attributes_cost_less() -> None:
    plain, compacted = read_articles(50), read_articles(50)
    before = [dict(vars(article)) for article in compacted]
    identities = [id(article) for article in compacted]
    compact_attributes(compacted)
    assert [dict(vars(article)) for article in compacted] == before
    assert [id(article) for article in compacted] == identities
    add_plugin_attributes(plain)
    add_plugin_attributes(compacted)
    assert [vars(a).keys() for a in compacted] == [vars(a).keys() for a in plain]
    assert table_bytes(compacted) < table_bytes(plain) * 0.6
