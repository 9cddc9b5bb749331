from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive_core.dates import VN_TZ, format_vn_date, iso, parse_vn_date


def vn(*args: int) -> datetime:
    return datetime(*args, tzinfo=VN_TZ)


CASES = [
    ("28/05/2025", vn(2025, 5, 28)),
    ("28/5/2025 08:52", vn(2025, 5, 28, 8, 52)),
    ("Thứ Năm, 28/05/2025 - 08:52", vn(2025, 5, 28, 8, 52)),
    ("01/03/2026 · 09:51", vn(2026, 3, 1, 9, 51)),
    ("01/03/2026\n   09:51", vn(2026, 3, 1, 9, 51)),
    ("ngày 28 tháng 5 năm 2025", vn(2025, 5, 28)),
    ("30 tháng 8, 2024", vn(2024, 8, 30)),  # CKAN's Vietnamese theme
    ("20-07-2026 - 00:15 AM", vn(2026, 7, 20, 0, 15)),  # cafef prints midnight so
    ("20/07/2026 02:15 PM", vn(2026, 7, 20, 14, 15)),
    ("28 Tháng 5 2025 08:30", vn(2025, 5, 28, 8, 30)),
    ("Thứ Hai, ngày 20/07/2026 - 06:31", vn(2026, 7, 20, 6, 31)),
    ("Cập nhật: 08h52, ngày 28/05/2025", vn(2025, 5, 28, 8, 52)),
    ("08:52 28/05/2025", vn(2025, 5, 28, 8, 52)),
    ("28-05-2025", vn(2025, 5, 28)),
    ("2026-03-01T09:51:00+07:00", vn(2026, 3, 1, 9, 51)),
    ("2026-07-20T06:31:56Z", vn(2026, 7, 20, 13, 31, 56)),  # UTC converted to +07:00
    ("2026-03-01", vn(2026, 3, 1)),
    ("(02/9/1945 - 02/9/2022)", vn(1945, 9, 2)),
    # No date in the text, or an impossible one: None, never a guess.
    ("", None),
    ("Tin liên quan", None),
    ("31/02/2025", None),
    ("99/99/9999 99:99", None),
    ("28/05/2025 25:00", None),
    ("quý II năm 2025", None),
    ("tháng 5 năm 2025", None),  # a month is not a day
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_parse_vn_date(text: str, expected: datetime | None) -> None:
    result = parse_vn_date(text)
    assert result == expected
    if result is not None:
        assert result.utcoffset() == timedelta(hours=7)


def test_profile_formats_are_tried_first() -> None:
    # The US-style title attribute of a listing, only with the profile's format.
    assert parse_vn_date("3/5/2026 3:34 PM", ["%m/%d/%Y %I:%M %p"]) == vn(2026, 3, 5, 15, 34)


def test_iso_and_listing_format() -> None:
    value = vn(2025, 5, 28, 8, 52)
    assert iso(value) == "2025-05-28T08:52:00+07:00"
    assert format_vn_date(value.astimezone(UTC)) == "28/05/2025"
    assert iso(None) is None


FORMATS = [
    lambda d: f"{d:%d/%m/%Y %H:%M}",
    lambda d: f"{d.day}/{d.month}/{d.year} {d:%H:%M}",
    lambda d: f"Thứ Năm, {d:%d/%m/%Y} - {d:%H:%M}",
    lambda d: f"{d:%d/%m/%Y} · {d:%H:%M}",
    lambda d: f"{d:%H:%M} {d:%d/%m/%Y}",
    lambda d: d.isoformat(),
]
DATE_ONLY_FORMATS = [
    lambda d: f"{d:%d/%m/%Y}",
    lambda d: f"ngày {d.day} tháng {d.month} năm {d.year}",
]

dates = st.datetimes(min_value=datetime(1950, 1, 1), max_value=datetime(2100, 12, 31)).map(
    lambda d: d.replace(second=0, microsecond=0, tzinfo=VN_TZ)
)


@settings(max_examples=150, deadline=None)
@given(dates, st.sampled_from(range(len(FORMATS))))
def test_round_trip_with_time(value: datetime, which: int) -> None:
    assert parse_vn_date(FORMATS[which](value)) == value


@settings(max_examples=100, deadline=None)
@given(dates, st.sampled_from(range(len(DATE_ONLY_FORMATS))))
def test_round_trip_date_only(value: datetime, which: int) -> None:
    assert parse_vn_date(DATE_ONLY_FORMATS[which](value)) == value.replace(hour=0, minute=0)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=80))
def test_junk_never_crashes(text: str) -> None:
    result = parse_vn_date(text)
    assert result is None or (result.tzinfo is not None and 1900 <= result.year <= 2200)


@settings(max_examples=200, deadline=None)
@given(st.from_regex(r"[0-9/:\-. ]{0,30}", fullmatch=True))
def test_digit_junk_is_date_or_none(text: str) -> None:
    result = parse_vn_date(text)
    assert result is None or result.utcoffset() == timedelta(hours=7)
