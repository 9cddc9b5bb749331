"""Vietnamese dates, months, slugs and hosts as the theme shows them (plugins/vietnamese)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plugins.vietnamese.formatting import (
    as_datetime,
    format_vn_date,
    format_vn_month,
    url_host,
    vn_slugify,
)

VN = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2025, 5, 26), "Thứ Hai, 26/05/2025"),
        (date(2025, 5, 27), "Thứ Ba, 27/05/2025"),
        (date(2025, 5, 28), "Thứ Tư, 28/05/2025"),
        (date(2025, 5, 29), "Thứ Năm, 29/05/2025"),
        (date(2025, 5, 30), "Thứ Sáu, 30/05/2025"),
        (date(2025, 5, 31), "Thứ Bảy, 31/05/2025"),
        (date(2025, 6, 1), "Chủ Nhật, 01/06/2025"),
        (datetime(2026, 3, 1, 9, 51, tzinfo=VN), "Chủ Nhật, 01/03/2026"),
        (date(2024, 2, 29), "Thứ Năm, 29/02/2024"),
        (date(999, 1, 5), "Thứ Bảy, 05/01/0999"),
        ("2025-05-28T08:52:00+07:00", "Thứ Tư, 28/05/2025"),
        ("2025-05-28", "Thứ Tư, 28/05/2025"),
    ],
)
def test_vn_date_names_the_weekday(value, expected):
    assert format_vn_date(value) == expected


@pytest.mark.parametrize(
    ("value", "options", "expected"),
    [
        (datetime(2025, 5, 28, 8, 52, tzinfo=VN), {"time": True}, "Thứ Tư, 28/05/2025 - 08:52"),
        (datetime(2025, 5, 28, 8, 52, tzinfo=VN), {"weekday": False}, "28/05/2025"),
        (date(2025, 5, 28), {"time": True}, "Thứ Tư, 28/05/2025"),  # a date has no time of day
        ("2026-03-01T09:51:00+07:00", {"weekday": False, "time": True}, "01/03/2026 - 09:51"),
    ],
)
def test_vn_date_options(value, options, expected):
    assert format_vn_date(value, **options) == expected


def test_vn_date_keeps_the_local_day_of_an_aware_datetime():
    # 23:30 in Hà Nội is 16:30 UTC the same day; 00:30 in Hà Nội is the previous day in UTC.
    late = datetime(2025, 5, 28, 0, 30, tzinfo=VN)
    assert format_vn_date(late) == "Thứ Tư, 28/05/2025"
    assert format_vn_date(late.astimezone(UTC)) == "Thứ Ba, 27/05/2025"


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)))
def test_weekdays_follow_each_other_day_by_day(day):
    names = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"]
    text = format_vn_date(day)
    following = format_vn_date(day + timedelta(days=1)) if day < date(2200, 12, 31) else None
    weekday, numbers = text.split(", ")
    assert numbers == day.strftime("%d/%m/%Y")
    if following:
        assert names[(names.index(weekday) + 1) % 7] == following.split(", ")[0]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2025, 5, 1), "Tháng 5/2025"),
        (date(2024, 12, 31), "Tháng 12/2024"),
        ("2026-03-01", "Tháng 3/2026"),
    ],
)
def test_vn_month(value, expected):
    assert format_vn_month(value) == expected


@pytest.mark.parametrize("bad", ["28/05/2025", "hôm qua", "", "2025-13-01"])
def test_unparseable_strings_raise_a_clear_error(bad):
    with pytest.raises(ValueError, match="not an ISO 8601 date.*2025-05-28T08:52:00"):
        as_datetime(bad)


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Đảng bộ tỉnh", "dang-bo-tinh"),
        ("ĐẢNG BỘ TỈNH Long An", "dang-bo-tinh-long-an"),
        ("đường Vành đai 3 - Thành phố Hồ Chí Minh", "duong-vanh-dai-3-thanh-pho-ho-chi-minh"),
        (
            "Chính sách mới có hiệu lực từ tháng 3/2026",
            "chinh-sach-moi-co-hieu-luc-tu-thang-3-2026",
        ),
        ("Quý II và quí II", "quy-ii-va-qui-ii"),
        ("Nghị quyết số 57-NQ/TW", "nghi-quyet-so-57-nq-tw"),
        ("“Chủ động, kịp thời”", "chu-dong-kip-thoi"),
        ("Kinh tế – xã hội", "kinh-te-xa-hoi"),
        ("!!!", "bai-viet"),
        ("", "bai-viet"),
    ],
)
def test_slugs_are_ascii_with_d_for_dj(title, slug):
    assert vn_slugify(title) == slug


def test_decomposed_and_precomposed_titles_give_the_same_slug():
    import unicodedata

    title = "Đảng bộ tỉnh Long An quyết tâm"
    assert vn_slugify(unicodedata.normalize("NFD", title)) == vn_slugify(title)


def test_long_titles_are_cut_at_a_word_boundary():
    title = (
        "Nâng cao hiệu quả hoạt động Tổ công tác đặc biệt để kịp thời tháo gỡ, xử lý các khó "
        "khăn của các dự án trọng điểm trên địa bàn"
    )
    slug = vn_slugify(title)
    assert len(slug) <= 120
    assert slug.endswith("-trong-diem-tren")


@given(st.text(max_size=300))
def test_slugs_are_always_safe_url_segments(text):
    slug = vn_slugify(text)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug)
    assert len(slug) <= 120


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("https://longan.dcs.vn/", "longan.dcs.vn"),
        ("https://BaoChinhPhu.vn/a-1.htm?x=1", "baochinhphu.vn"),
        ("/relative/path", ""),
        ("", ""),
        (None, ""),
    ],
)
def test_url_host(url, host):
    assert url_host(url) == host
