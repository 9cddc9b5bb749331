"""Date indexes (year, month, day counts, neighbours) and the SVG bar chart. Pure functions.

The chart is plain SVG markup built at build time: no JavaScript, `role="img"` with a <title> and
a <desc> that spells out every number, and colours from CSS classes (theme/static/css/main.css,
section "archive_indexes") with presentation-attribute fallbacks, so no inline style is needed.
"""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from html import escape


@dataclass(frozen=True)
class DayEntry:
    year: int
    month: int
    day: int
    count: int
    url: str

    @property
    def date(self) -> date:
        return date(self.year, self.month, self.day)


@dataclass(frozen=True)
class MonthEntry:
    year: int
    month: int
    count: int
    url: str
    days: tuple[DayEntry, ...] = ()

    @property
    def label(self) -> str:
        return f"Tháng {self.month}/{self.year}"

    @property
    def key(self) -> tuple[int, int]:
        return (self.year, self.month)


@dataclass(frozen=True)
class YearEntry:
    year: int
    count: int
    url: str
    months: tuple[MonthEntry, ...]  # months with articles, January first
    month_counts: tuple[int, ...]  # twelve numbers, January first
    chart_svg: str = ""

    @property
    def label(self) -> str:
        return f"Năm {self.year}"


@dataclass(frozen=True)
class DateIndex:
    years: tuple[YearEntry, ...]  # newest first
    total: int
    _months: dict[tuple[int, int], MonthEntry] = field(default_factory=dict, repr=False)
    _month_order: tuple[tuple[int, int], ...] = field(default=(), repr=False)
    _days: dict[date, DayEntry] = field(default_factory=dict, repr=False)

    def year(self, year: int) -> YearEntry | None:
        return next((entry for entry in self.years if entry.year == year), None)

    def month(self, year: int, month: int) -> MonthEntry | None:
        return self._months.get((year, month))

    def month_neighbours(self, year: int, month: int) -> tuple[MonthEntry | None, ...]:
        """(previous, next) months that have articles, around (year, month)."""
        return _neighbours(self._month_order, (year, month), self._months)

    def year_neighbours(self, year: int) -> tuple[YearEntry | None, ...]:
        """(previous, next) years that have articles, around `year`."""
        by_year = {entry.year: entry for entry in self.years}
        return _neighbours(tuple(sorted(by_year)), year, by_year)

    def neighbours(self, period_num: Sequence[int]) -> tuple[object | None, ...]:
        """For a Pelican period archive (`period_num` is (y,), (y, m) or (y, m, d))."""
        if len(period_num) == 1:
            return self.year_neighbours(period_num[0])
        if len(period_num) == 2:
            return self.month_neighbours(period_num[0], period_num[1])
        return _neighbours(tuple(sorted(self._days)), date(*period_num[:3]), self._days)

    def page_view(self, page: Mapping) -> object:
        """What a page can read from the index (fast_build describes a page by it).

        A period archive page (Pelican's `period_num`) shows the links to the periods before
        and after it, and its own year's entry (chart and months) or month's entry (days); any
        other page, the whole index. So adding an article re-renders the pages of its year and
        month, not every period page. theme/templates/period_archives.html reads nothing else.
        """
        period = page.get("period_num")
        if not period:
            return self
        links = tuple(_link(entry) for entry in self.neighbours(period))
        if len(period) == 1:
            return ("year", links, self.year(period[0]))
        if len(period) == 2:
            return ("month", links, self.month(period[0], period[1]))
        return ("day", links)


def _link(entry) -> tuple | None:
    """What a link to a neighbouring period shows (not its counts)."""
    if entry is None:
        return None
    shown = ("url", "year", "label", "date")
    return tuple((name, getattr(entry, name)) for name in shown if hasattr(entry, name))


def _neighbours(order: Sequence, key, lookup: dict) -> tuple:
    position = bisect.bisect_left(order, key)
    previous = lookup[order[position - 1]] if position > 0 else None
    following_at = position + 1 if position < len(order) and order[position] == key else position
    following = lookup[order[following_at]] if following_at < len(order) else None
    return previous, following


def build_date_index(
    dates: Iterable[date | datetime],
    *,
    year_url: str = "{date:%Y}/",
    month_url: str = "{date:%Y}/{date:%m}/",
    day_url: str | None = None,
    chart: dict | None = None,
) -> DateIndex:
    """Count articles per year, month (and day when `day_url` is given); draw a chart per year."""
    day_counts: Counter[tuple[int, int, int]] = Counter(
        (value.year, value.month, value.day) for value in dates
    )
    month_counts: Counter[tuple[int, int]] = Counter()
    days_by_month: defaultdict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
    for (year, month, day), count in sorted(day_counts.items()):
        month_counts[(year, month)] += count
        days_by_month[(year, month)].append((day, count))
    months: dict[tuple[int, int], MonthEntry] = {}
    for (year, month), count in sorted(month_counts.items()):
        days: tuple[DayEntry, ...] = ()
        if day_url:
            days = tuple(
                DayEntry(year, month, day, n, day_url.format(date=date(year, month, day)))
                for day, n in days_by_month[(year, month)]
            )
        months[(year, month)] = MonthEntry(
            year, month, count, month_url.format(date=date(year, month, 1)), days
        )
    years = []
    for year in sorted({y for y, _ in months}, reverse=True):
        entries = tuple(entry for (y, _), entry in sorted(months.items()) if y == year)
        counts = tuple(month_counts.get((year, m), 0) for m in range(1, 13))
        svg = month_chart_svg(year, counts, **(chart or {}))
        years.append(
            YearEntry(
                year, sum(counts), year_url.format(date=date(year, 1, 1)), entries, counts, svg
            )
        )
    return DateIndex(
        years=tuple(years),
        total=sum(month_counts.values()),
        _months=months,
        _month_order=tuple(sorted(months)),
        _days={day.date: day for month in months.values() for day in month.days},
    )


def month_chart_svg(
    year: int,
    counts: Sequence[int],
    *,
    width: int = 640,
    height: int = 200,
    bar_gap: int = 6,
) -> str:
    """An accessible SVG bar chart of articles per month of `year` (twelve counts)."""
    labels = [f"T{month}" for month in range(1, 13)]
    names = [f"Tháng {month}/{year}" for month in range(1, 13)]
    return bar_chart_svg(
        counts,
        labels,
        names,
        chart_id=f"bieu-do-{year}",
        title=f"Số bài viết theo tháng, năm {year}",
        desc="; ".join(f"{name}: {count} bài" for name, count in zip(names, counts, strict=True))
        + f". Cả năm: {sum(counts)} bài.",
        width=width,
        height=height,
        bar_gap=bar_gap,
    )


def bar_chart_svg(
    values: Sequence[int],
    labels: Sequence[str],
    names: Sequence[str],
    *,
    chart_id: str,
    title: str,
    desc: str,
    width: int = 640,
    height: int = 200,
    bar_gap: int = 6,
) -> str:
    """Vertical bars with the value above each bar and a short label below it."""
    if not (len(values) == len(labels) == len(names)) or not values:
        raise ValueError("bar_chart_svg needs as many labels and names as values (at least one)")
    top, bottom, side = 22, 24, 4
    plot_height = height - top - bottom
    slot = (width - 2 * side) / len(values)
    bar_width = max(slot - bar_gap, 1)
    highest = max(max(values), 1)
    baseline = top + plot_height
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="ai-chart" viewBox="0 0 {width} {height}"'
        f' width="{width}" height="{height}" role="img"'
        f' aria-labelledby="{chart_id}-title {chart_id}-desc" focusable="false">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
    ]
    for index, (value, label, name) in enumerate(zip(values, labels, names, strict=True)):
        x = side + index * slot + (slot - bar_width) / 2
        bar_height = round(plot_height * value / highest, 1)
        centre = _num(x + bar_width / 2)
        parts.append(
            f'<rect class="ai-chart__bar" x="{_num(x)}" y="{_num(baseline - bar_height)}"'
            f' width="{_num(bar_width)}" height="{_num(bar_height)}" fill="#1f5fa8">'
            f"<title>{escape(name)}: {value} bài</title></rect>"
        )
        parts.append(
            f'<text class="ai-chart__value" x="{centre}" y="{_num(baseline - bar_height - 6)}"'
            f' text-anchor="middle" font-size="13" fill="#1b1b1b">{value}</text>'
        )
        parts.append(
            f'<text class="ai-chart__label" x="{centre}" y="{height - 6}"'
            f' text-anchor="middle" font-size="13" fill="#1b1b1b">{escape(label)}</text>'
        )
    parts.append(
        f'<line class="ai-chart__axis" x1="{side}" y1="{baseline}" x2="{width - side}"'
        f' y2="{baseline}" stroke="#595959" stroke-width="1"/>'
    )
    parts.append("</svg>")
    return "".join(parts)


def _num(value: float) -> str:
    """Stable short number text for SVG attributes (same input, same bytes)."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text
