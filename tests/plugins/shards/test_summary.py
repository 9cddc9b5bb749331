"""plugins/shards/summary.py: the header as Markdown reads it, feed candidates, tail values."""

from __future__ import annotations

from types import SimpleNamespace

import markdown
import pytest
from hypothesis import given
from hypothesis import strategies as st

from plugins.shards.summary import (
    feed_candidates,
    raw_meta,
    tail_from_json,
    tail_to_json,
    tail_values,
)
from tests.support.paths import PROJECT_ROOT


def markdown_meta(text: str) -> dict:
    md = markdown.Markdown(extensions=["meta"])
    md.convert(text)
    return md.Meta


@pytest.mark.parametrize(
    "path",
    sorted(str(p.relative_to(PROJECT_ROOT)) for p in (PROJECT_ROOT / "content").rglob("*.md")),
)
def test_the_header_is_what_markdown_reads_from_the_whole_file(path):
    text = (PROJECT_ROOT / path).read_text(encoding="utf-8")
    assert raw_meta(text) == markdown_meta(text)


@pytest.mark.parametrize(
    "text",
    [
        "Title: a\r\nTags: x, y\r\n\r\nbody",
        "Title: a\n  \nDate: 2025-01-01\n",  # a line of spaces ends the header
        "Other_news: one\n    two\n\tthree\nPortal: p\n\nbody",
        "---\nTitle: a\n---\nbody",
        "no header at all\n\nTitle: not meta",
    ],
)
def test_odd_headers_too(text):
    assert raw_meta(text) == markdown_meta(text)


line = st.text(alphabet="Tt: \t\r\n-a", max_size=40)


@given(st.lists(line, max_size=6))
def test_any_header_like_text(lines):
    text = "\n".join(lines)
    assert raw_meta(text) == markdown_meta(text)


def test_feed_candidates_are_the_first_of_each_list():
    a, b, c, d = (SimpleNamespace(n=i) for i in range(4))
    assert feed_candidates([[a, b, c], [d, c]], 1) == {id(a), id(d)}
    assert feed_candidates([[a, b, c], [d, c]], None) == {id(a), id(b), id(c), id(d)}


def test_tail_values_round_trip_through_json():
    older = SimpleNamespace(url="2025/01/a/", title="A")
    item = SimpleNamespace(kind="internal", href="2025/01/b/", title="B", date_iso="", date_text="")
    article = SimpleNamespace(older_article=older, newer_article=None, other_news_items=[item])
    values = tail_values(article)
    assert values == (("2025/01/a/", "A"), None, (("internal", "2025/01/b/", "B", "", ""),))
    assert tail_from_json(tail_to_json(values)) == values
    assert tail_values(SimpleNamespace()) == (None, None, ())
