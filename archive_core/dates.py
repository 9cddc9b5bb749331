"""Vietnamese date parsing to aware datetimes in Asia/Ho_Chi_Minh. Never invents a date.

Understood shapes (anywhere in the text, first match wins, day first):
`28/05/2025`, `28/5/2025 08:52`, `Thứ Năm, 28/05/2025 - 08:52`, `01/03/2026 · 09:51`,
`08:52 28/05/2025`, `28-05-2025`, `28.05.2025`, `ngày 28 tháng 5 năm 2025`, `08h52`,
and ISO 8601 as in meta tags (`2026-03-01T09:51:00+07:00`, `2026-03-01`). A time of day is taken
only when it is written next to the date; otherwise the date is at 00:00.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from archive_core.text import collapse_whitespace

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
MIN_YEAR, MAX_YEAR = 1900, 2200

_TIME = (
    r"(?P<H>\d{1,2})\s*(?::|h|g|giờ)\s*(?P<M>\d{2})"
    r"(?:\s*:\s*(?P<S>\d{2}))?(?:\s*(?P<ampm>[AaPp][Mm]))?"
)
_DMY = r"(?P<d>\d{1,2})\s*(?P<sep>[/.-])\s*(?P<m>\d{1,2})\s*(?P=sep)\s*(?P<y>\d{4})"
# "ngày 28 tháng 5 năm 2025", "28 tháng 5, 2025", "28 Tháng 5 2025" (CKAN and WordPress themes)
_WORDS = (
    r"(?:ngày\s+)?(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})"
    r"(?:\s*,?\s+năm\s+|\s*,\s*|\s+)(?P<y>\d{4})"
)
# Separators allowed between date and time: spaces, "-", "–", "·", "|", ",", "lúc".
_GAP = r"(?:\s*(?:[-–—·•|,]|lúc|luc)?\s*)"

_ISO = re.compile(
    r"(?<!\d)(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})"
    r"(?:[T ](?P<H>\d{2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:\.\d+)?)?"
    r"\s*(?P<tz>Z|[+-]\d{2}:?\d{2})?)?(?!\d)"
)
_DMY_TIME = re.compile(r"(?<!\d)" + _DMY + r"(?!\d)" + _GAP + r"(?:" + _TIME + r"(?!\d))?", re.I)
_TIME_DMY = re.compile(r"(?<![\d/])" + _TIME + _GAP + r"(?:ngày\s+)?" + _DMY + r"(?!\d)", re.I)
_WORDS_TIME = re.compile(_WORDS + r"(?!\d)" + _GAP + r"(?:" + _TIME + r"(?!\d))?", re.I)
_TIME_WORDS = re.compile(r"(?<![\d/])" + _TIME + _GAP + _WORDS + r"(?!\d)", re.I)


def _int(value: str | None) -> int:
    return int(value) if value else 0


def _build(groups: dict[str, str | None]) -> datetime | None:
    try:
        year, month, day = int(groups["y"] or 0), int(groups["m"] or 0), int(groups["d"] or 0)
        hour, minute, second = _int(groups.get("H")), _int(groups.get("M")), _int(groups.get("S"))
        ampm = (groups.get("ampm") or "").lower()
        if ampm and 1 <= hour <= 12:  # "00:15 AM" (cafef) is 00:15: the mark adds nothing
            hour = hour % 12 + (12 if ampm == "pm" else 0)
        if not MIN_YEAR <= year <= MAX_YEAR:
            return None
        return datetime(year, month, day, hour, minute, second, tzinfo=VN_TZ)
    except (ValueError, TypeError):
        return None


def _parse_iso(text: str) -> datetime | None:
    match = _ISO.search(text)
    if not match:
        return None
    groups = match.groupdict()
    tz = groups.get("tz")
    value = _build(groups)
    if value is None or not tz:
        return value
    if tz == "Z":
        offset = timedelta(0)
    else:
        sign = -1 if tz[0] == "-" else 1
        digits = tz[1:].replace(":", "")
        offset = sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
    if abs(offset) > timedelta(hours=14):
        return None
    naive = value.replace(tzinfo=None) - offset  # UTC wall time
    return naive.replace(tzinfo=ZoneInfo("UTC")).astimezone(VN_TZ)


def _parse_formats(text: str, formats: Sequence[str]) -> datetime | None:
    for fmt in formats:
        try:
            value = datetime.strptime(text, fmt)
        except ValueError:
            continue
        if not MIN_YEAR <= value.year <= MAX_YEAR:
            continue
        if value.tzinfo is None:
            return value.replace(tzinfo=VN_TZ)
        return value.astimezone(VN_TZ)
    return None


def parse_vn_date(text: str | None, formats: Sequence[str] = ()) -> datetime | None:
    """Parse a Vietnamese (or ISO) date in `text`; None when there is no valid date in it.

    `formats` are strptime formats (from a profile) tried on the whole text first. Naive values
    are taken as Asia/Ho_Chi_Minh; aware ones are converted to it. Junk never raises.
    """
    if not text or not isinstance(text, str):
        return None
    text = collapse_whitespace(text)[:500]
    if not text:
        return None
    found = _parse_formats(text, formats)
    if found:
        return found
    candidates: list[tuple[int, datetime]] = []
    for pattern in (_TIME_DMY, _DMY_TIME, _TIME_WORDS, _WORDS_TIME):
        for match in pattern.finditer(text):
            value = _build(match.groupdict())
            if value is not None:
                candidates.append((match.start(), value))
                break
    iso = _ISO.search(text)
    if iso:
        value = _parse_iso(text[iso.start() :])
        if value is not None:
            candidates.append((iso.start(), value))
    if not candidates:
        return None
    # The earliest match in the text wins; at the same position, the one with a time.
    candidates.sort(key=lambda c: (c[0], c[1].hour == 0 and c[1].minute == 0))
    return candidates[0][1]


def format_vn_date(value: datetime) -> str:
    """dd/mm/yyyy in Asia/Ho_Chi_Minh (the shape of "Các tin khác" listing dates)."""
    return to_vn(value).strftime("%d/%m/%Y")


def to_vn(value: datetime) -> datetime:
    """Aware datetime in Asia/Ho_Chi_Minh (naive values are taken as local time)."""
    if value.tzinfo is None:
        return value.replace(tzinfo=VN_TZ)
    return value.astimezone(VN_TZ)


def iso(value: datetime | None) -> str | None:
    """ISO 8601 with the +07:00 offset, seconds included; None stays None."""
    return None if value is None else to_vn(value).isoformat()
