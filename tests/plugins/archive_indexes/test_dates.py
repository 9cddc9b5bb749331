"""plugins/archive_indexes/dates.py: counts per period, neighbours, the SVG chart."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from plugins.archive_indexes.dates import bar_chart_svg, build_date_index, month_chart_svg

ICT = timezone(timedelta(hours=7))
DATES = [
    datetime(2025, 5, 28, 8, tzinfo=ICT),
    datetime(2025, 5, 28, 15, tzinfo=ICT),
    datetime(2025, 5, 2, 9, tzinfo=ICT),
    datetime(2025, 1, 10, tzinfo=ICT),
    datetime(2024, 12, 31, 23, tzinfo=ICT),
    datetime(2023, 3, 3, tzinfo=ICT),
]


@pytest.fixture
def index():
    return build_date_index(DATES, day_url="{date:%Y}/{date:%m}/{date:%d}/")


def test_counts_per_year_month_and_day(index):
    assert index.total == 6
    assert [(y.year, y.count) for y in index.years] == [(2025, 4), (2024, 1), (2023, 1)]
    year = index.year(2025)
    assert year.month_counts == (1, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0)
    assert [(m.month, m.count, m.url) for m in year.months] == [
        (1, 1, "2025/01/"),
        (5, 3, "2025/05/"),
    ]
    assert [(d.day, d.count, d.url) for d in index.month(2025, 5).days] == [
        (2, 1, "2025/05/02/"),
        (28, 2, "2025/05/28/"),
    ]
    assert index.month(2025, 2) is None
    assert year.url == "2025/"
    assert index.month(2025, 5).label == "Tháng 5/2025"


def test_days_are_left_out_without_a_day_url():
    assert build_date_index(DATES).month(2025, 5).days == ()


@pytest.mark.parametrize(
    ("period", "previous", "following"),
    [
        ((2025, 5), "2025/01/", None),
        ((2025, 1), "2024/12/", "2025/05/"),
        ((2024, 12), "2023/03/", "2025/01/"),
        ((2023, 3), None, "2024/12/"),
        ((2025,), "2024/", None),
        ((2024,), "2023/", "2025/"),
        ((2023,), None, "2024/"),
        ((2025, 5, 2), "2025/01/10/", "2025/05/28/"),
        ((2025, 5, 28), "2025/05/02/", None),
    ],
)
def test_neighbours_skip_empty_periods(index, period, previous, following):
    before, after = index.neighbours(period)
    assert (before.url if before else None) == previous
    assert (after.url if after else None) == following


def test_empty_input():
    empty = build_date_index([])
    assert empty.years == () and empty.total == 0
    assert empty.neighbours((2025, 5)) == (None, None)


def test_the_chart_is_accessible_svg_with_every_number():
    counts = (3, 0, 0, 0, 12, 0, 0, 0, 0, 0, 0, 7)
    soup = BeautifulSoup(month_chart_svg(2025, counts), "html.parser")
    svg = soup.find("svg")
    assert svg["role"] == "img"
    title_id, desc_id = svg["aria-labelledby"].split()
    title, desc = soup.find(id=title_id), soup.find(id=desc_id)
    assert title.name == "title" and "2025" in title.text
    assert desc.name == "desc"
    for month, count in enumerate(counts, start=1):
        assert f"Tháng {month}/2025: {count} bài" in desc.text
    assert "Cả năm: 22 bài" in desc.text
    bars = soup.find_all("rect", class_="ai-chart__bar")
    assert len(bars) == 12
    heights = [float(bar["height"]) for bar in bars]
    assert heights[4] == max(heights) and heights[1] == 0
    assert heights[0] < heights[11] < heights[4]
    values = [t.text for t in soup.find_all("text", class_="ai-chart__value")]
    assert values == [str(c) for c in counts]
    assert not soup.find(attrs={"style": True}) and not soup.find("script")


def test_chart_text_is_escaped_and_output_is_stable():
    svg = bar_chart_svg([1], ["<a>"], ["x & y"], chart_id="c", title="T <b>", desc="D & E")
    assert "<a>" not in svg and "&lt;a&gt;" in svg and "T &lt;b&gt;" in svg
    assert svg == bar_chart_svg([1], ["<a>"], ["x & y"], chart_id="c", title="T <b>", desc="D & E")
    with pytest.raises(ValueError):
        bar_chart_svg([1, 2], ["a"], ["a"], chart_id="c", title="t", desc="d")


@settings(max_examples=50, deadline=None)
@given(st.lists(st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31)), max_size=60))
def test_counts_add_up(dates):
    index = build_date_index(dates, day_url="{date:%Y}/{date:%m}/{date:%d}/")
    assert index.total == len(dates) == sum(y.count for y in index.years)
    for year in index.years:
        assert year.count == sum(year.month_counts) == sum(m.count for m in year.months)
        for month in year.months:
            assert month.count == sum(d.count for d in month.days) > 0


def _view(dates, period):
    index = build_date_index(dates, day_url="{date:%Y}/{date:%m}/{date:%d}/")
    return index.page_view({"period_num": period})


@pytest.mark.parametrize(
    ("period", "added", "changes"),
    [
        ((2025,), datetime(2025, 2, 1, tzinfo=ICT), True),  # its own year's counts
        ((2023,), datetime(2025, 2, 1, tzinfo=ICT), False),  # another year's counts
        ((2024,), datetime(2025, 2, 1, tzinfo=ICT), False),  # a neighbour's counts, not links
        ((2023,), datetime(2022, 7, 1, tzinfo=ICT), True),  # a new previous year
        ((2025, 5), datetime(2025, 5, 3, tzinfo=ICT), True),  # its own month's days
        ((2025, 5), datetime(2025, 1, 3, tzinfo=ICT), False),  # another month's counts
        ((2025, 5), datetime(2025, 3, 3, tzinfo=ICT), True),  # a new previous month
        ((2025, 5, 28), datetime(2025, 5, 28, 1, tzinfo=ICT), False),  # a day: only its links
        ((2025, 5, 28), datetime(2025, 5, 20, tzinfo=ICT), True),
    ],
)
def test_a_period_page_view_changes_only_with_what_the_page_shows(period, added, changes):
    """fast_build re-renders a period page when its view changes (adding one article must not
    re-render every year and month page)."""
    assert (_view(DATES, period) != _view([*DATES, added], period)) is changes


def test_pages_other_than_period_pages_view_the_whole_index(index):
    assert index.page_view({"articles_page": None}) is index
