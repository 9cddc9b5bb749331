"""Vietnamese display rules for the theme: dates, slugs, hosts. Pure functions."""

from __future__ import annotations

from datetime import date, datetime
from urllib.parse import urlsplit

from slugify import slugify as _slugify

WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")
MONTHS = tuple(f"Tháng {n}" for n in range(1, 13))

DateLike = date | datetime | str


def as_datetime(value: DateLike) -> date | datetime:
    """A date/datetime as is; an ISO 8601 string (metadata such as `Captured`) parsed.

    Raises ValueError naming the value when the string is not ISO 8601.
    """
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(
            f"not an ISO 8601 date: {text!r} (write it like 2025-05-28T08:52:00+07:00)"
        ) from None


def format_vn_date(value: DateLike, *, weekday: bool = True, time: bool = False) -> str:
    """'Thứ Năm, 28/05/2025' (optionally with ' - 08:52')."""
    value = as_datetime(value)
    text = f"{value.day:02d}/{value.month:02d}/{value.year:04d}"
    if weekday:
        text = f"{WEEKDAYS[value.weekday()]}, {text}"
    if time and isinstance(value, datetime):
        text = f"{text} - {value.hour:02d}:{value.minute:02d}"
    return text


def format_vn_month(value: DateLike) -> str:
    """'Tháng 5/2025'."""
    value = as_datetime(value)
    return f"Tháng {value.month}/{value.year}"


def vn_slugify(text: str) -> str:
    """ASCII slug with python-slugify: 'Đảng bộ tỉnh' -> 'dang-bo-tinh'."""
    return _slugify(text, max_length=120, word_boundary=True) or "bai-viet"


def url_host(url: str) -> str:
    """'https://longan.dcs.vn/a/b' -> 'longan.dcs.vn' ('' when the URL has no host)."""
    return urlsplit(str(url or "").strip()).hostname or ""
