"""archive_core/listing.py: one listing line -> title, date, URL, and back."""

from __future__ import annotations

import unicodedata
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from archive_core.listing import (
    UnparseableLine,
    format_listing_line,
    metadata_lines,
    parse_listing_line,
)
from archive_core.models import OtherNewsItem

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def vn(day: int, month: int, year: int) -> datetime:
    return datetime(year, month, day, tzinfo=VN)


@pytest.mark.parametrize(
    ("line", "title", "date", "url"),
    [
        ("Tin A (28/05/2025)", "Tin A", vn(28, 5, 2025), None),
        ("Tin A (2/9/2022)", "Tin A", vn(2, 9, 2022), None),
        ("- Tin A (28/05/2025)", "Tin A", vn(28, 5, 2025), None),
        ("* Tin A", "Tin A", None, None),
        ("Tin A", "Tin A", None, None),
        ("   Tin   A\u00a0 (28/05/2025)  ", "Tin A", vn(28, 5, 2025), None),
        (
            "Tin A (28/05/2025) <https://portal.example.vn/tin-a.html>",
            "Tin A",
            vn(28, 5, 2025),
            "https://portal.example.vn/tin-a.html",
        ),
        ("Tin A <http://portal.example.vn/a>", "Tin A", None, "http://portal.example.vn/a"),
        ("Tin A (28/05/2025) </2025/05/tin-a/>", "Tin A", vn(28, 5, 2025), "/2025/05/tin-a/"),
        # A parenthesis that belongs to the title stays in it.
        (
            "Quốc khánh (02/9/1945 - 02/9/2022)",
            "Quốc khánh (02/9/1945 - 02/9/2022)",
            None,
            None,
        ),
        (
            "Quốc khánh (02/9/1945 - 02/9/2022) (01/09/2022)",
            "Quốc khánh (02/9/1945 - 02/9/2022)",
            vn(1, 9, 2022),
            None,
        ),
        ("Ngày Quốc tế Lao động 1/5", "Ngày Quốc tế Lao động 1/5", None, None),
        ("Đại hội (khóa XI)", "Đại hội (khóa XI)", None, None),
        ("Tin (28/05/2025) giữa dòng", "Tin (28/05/2025) giữa dòng", None, None),
        # The scraper writes &, <, > in header values as entities: titles are plain text.
        ("Tin A &amp; B (28/05/2025)", "Tin A & B", vn(28, 5, 2025), None),
        ("Tin &lt;b&gt; <https://p.vn/?a=1&amp;b=2>", "Tin <b>", None, "https://p.vn/?a=1&b=2"),
        ("Tin &lt;A&gt;", "Tin <A>", None, None),
        # NFD input comes out NFC.
        (unicodedata.normalize("NFD", "Đảng bộ tỉnh"), "Đảng bộ tỉnh", None, None),
    ],
)
def test_parse_listing_line(line, title, date, url):
    item = parse_listing_line(line)
    assert (item.title, item.date, item.url) == (title, date, url)
    assert unicodedata.is_normalized("NFC", item.title)


def test_dates_are_aware_in_vietnam_time():
    item = parse_listing_line("Tin A (28/05/2025)")
    assert item.date.utcoffset().total_seconds() == 7 * 3600


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Tin A (31/02/2025)", "impossible date"),
        ("Tin A <https://portal.example.vn/a", "no closing"),
        ("Tin A https://portal.example.vn/a>", "no opening"),
        ("Tin A <>", "empty"),
        ("Tin A <javascript:alert(1)>", "not http"),
        ("Tin A <https://a.vn/x y>", "spaces"),
        ("(28/05/2025)", "no title"),
        ("- <https://portal.example.vn/a>", "no title"),
    ],
)
def test_malformed_lines_are_kept_as_plain_titles(line, reason):
    with pytest.raises(UnparseableLine) as caught:
        parse_listing_line(line)
    assert reason in caught.value.reason
    kept = caught.value.item
    assert kept.title and kept.date is None and kept.url is None
    assert kept.title == " ".join(line.split()).removeprefix("- ")


def test_blank_line_is_not_an_item():
    with pytest.raises(ValueError):
        parse_listing_line("  \u00a0 ")


@pytest.mark.parametrize(
    ("value", "lines"),
    [
        (None, []),
        ("Tin A (28/05/2025)", ["Tin A (28/05/2025)"]),
        ("Tin A\nTin B", ["Tin A", "Tin B"]),
        (["", "Tin A", "Tin B"], ["", "Tin A", "Tin B"]),
        (("Tin A\nTin B", "Tin C"), ["Tin A", "Tin B", "Tin C"]),
    ],
)
def test_metadata_lines_accepts_string_or_list(value, lines):
    assert metadata_lines(value) == lines


@pytest.mark.parametrize(
    ("item", "line"),
    [
        (OtherNewsItem("Tin A"), "Tin A"),
        (OtherNewsItem("Tin A", vn(2, 9, 2022)), "Tin A (02/09/2022)"),
        (
            OtherNewsItem("A & B <c>", vn(28, 5, 2025), "https://x.vn/a b"),
            "A &amp; B &lt;c&gt; (28/05/2025) <https://x.vn/a%20b>",
        ),
        (OtherNewsItem("Kỷ niệm (02/9/1945 - 02/9/2022)"), "Kỷ niệm (02/9/1945 - 02/9/2022)"),
    ],
)
def test_format_listing_line_is_read_back(item: OtherNewsItem, line: str) -> None:
    assert format_listing_line(item) == line
    back = parse_listing_line(line)
    assert (back.title, back.date) == (item.title, item.date)
    assert back.url == (item.url.replace(" ", "%20") if item.url else None)
