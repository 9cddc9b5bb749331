"""Previous/next (older/newer) ordering used by the article page."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from plugins.vietnamese.neighbours import chronological_neighbours


def _key(item):
    return (item.date, item.slug)


def test_older_and_newer_follow_the_dates_not_the_input_order():
    b = SimpleNamespace(date=date(2025, 5, 2), slug="b")
    a = SimpleNamespace(date=date(2025, 5, 1), slug="a")
    c = SimpleNamespace(date=date(2026, 1, 1), slug="c")
    pairs = chronological_neighbours([c, a, b], key=_key)
    assert pairs[id(a)] == (None, b)
    assert pairs[id(b)] == (a, c)
    assert pairs[id(c)] == (b, None)


def test_same_day_articles_are_ordered_by_slug():
    x = SimpleNamespace(date=date(2025, 5, 1), slug="x")
    y = SimpleNamespace(date=date(2025, 5, 1), slug="y")
    assert chronological_neighbours([y, x], key=_key)[id(x)] == (None, y)


def test_no_articles():
    assert chronological_neighbours([], key=_key) == {}


@given(st.lists(st.tuples(st.dates(), st.text(max_size=3)), max_size=12), st.randoms())
def test_following_newer_links_visits_every_article_once(rows, rnd):
    items = [SimpleNamespace(date=d, slug=s) for d, s in rows]
    shuffled = list(items)
    rnd.shuffle(shuffled)
    pairs = chronological_neighbours(shuffled, key=_key)
    starts = [item for item in items if pairs[id(item)][0] is None]
    if not items:
        assert starts == []
        return
    assert len(starts) == 1
    seen, current = [], starts[0]
    while current is not None:
        seen.append(current)
        current = pairs[id(current)][1]
    assert sorted(map(id, seen)) == sorted(map(id, items))
    assert [_key(i) for i in seen] == sorted(_key(i) for i in items)
