"""Vietnamese display rules for the theme: dates and slugs. Pure functions."""

from __future__ import annotations

from datetime import date, datetime

from slugify import slugify as _slugify

WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")
MONTHS = tuple(f"Tháng {n}" for n in range(1, 13))


def format_vn_date(value: date | datetime, *, weekday: bool = True, time: bool = False) -> str:
    """'Thứ Năm, 28/05/2025' (optionally with ' - 08:52')."""
    text = f"{value.day:02d}/{value.month:02d}/{value.year:04d}"
    if weekday:
        text = f"{WEEKDAYS[value.weekday()]}, {text}"
    if time and isinstance(value, datetime):
        text = f"{text} - {value.hour:02d}:{value.minute:02d}"
    return text


def format_vn_month(value: date | datetime) -> str:
    """'Tháng 5/2025'."""
    return f"Tháng {value.month}/{value.year}"


def vn_slugify(text: str) -> str:
    """ASCII slug with python-slugify: 'Đảng bộ tỉnh' -> 'dang-bo-tinh'."""
    return _slugify(text, max_length=120, word_boundary=True) or "bai-viet"
