"""fast_build.metadata: the fast date reader and remembered slugs give Pelican's own answers."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pelican.utils import SafeDatetime, get_date
from pelican.utils import slugify as pelican_slugify
from pelican.utils import strftime as pelican_strftime

from plugins.fast_build.metadata import parse_date, safe_strftime, slugify


@pytest.mark.parametrize(
    "text",
    [
        "2025-05-28",
        "2025-05-28 08:30",
        "2025-05-28 08:30:15",
        "2025-05-28T08:30",
        "2025-05-28T08:30:15",
        "2025-05-28   08:30",
        " 2025-05-28 08:30 ",
        "1999-12-31 23:59:59",
        "2025-05-28T08:30:00+07:00",
        "2025-05-28 08:30+07:00",
        "2025-05-28T08:30:00-05:30",
        "2025-05-28T08:30:00+00:00",
        "2025-05-28T08:30:00-00:00",
        # not the fast spellings: dateutil reads them
        "2025-05-28T08:30:00Z",
        "2025-05-28T08:30:00+0700",
        "2025-05-28T08:30:15.250",
        "28/05/2025",
        "May 28, 2025 8:30 PM",
        "2025/05/28 08:30",
    ],
)
def test_parse_date_equals_pelican(text: str) -> None:
    expected = get_date(text)
    got = parse_date(text)
    assert got == expected
    assert type(got) is type(expected)
    assert got.tzinfo == expected.tzinfo
    assert type(got.tzinfo) is type(expected.tzinfo)


@pytest.mark.parametrize("text", ["2025-02-30", "2025-13-01 08:00", "not a date", ""])
def test_parse_date_rejects_what_pelican_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        get_date(text)
    with pytest.raises(ValueError):
        parse_date(text)


@given(
    st.datetimes(min_value=dt.datetime(1000, 1, 1), max_value=dt.datetime(9999, 12, 31)),
    st.sampled_from(["%Y-%m-%d", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S"]),
    st.sampled_from(["", "+07:00", "-03:30", "+00:00", "+14:00"]),
)
def test_parse_date_property(moment: dt.datetime, form: str, offset: str) -> None:
    text = moment.strftime(form) + (offset if "%H" in form else "")
    got = parse_date(text)
    expected = get_date(text)
    assert got == expected
    assert isinstance(got, SafeDatetime)
    assert got.tzinfo == expected.tzinfo
    assert type(got.tzinfo) is type(expected.tzinfo)
    assert got.utcoffset() == expected.utcoffset()


PELICAN_DEFAULT_SUBS = [(r"[^\w\s-]", ""), (r"(?u)\A\s*", ""), (r"(?u)\s*\Z", ""), (r"[-\s]+", "-")]


@pytest.mark.parametrize(
    ("name", "subs", "preserve_case", "use_unicode"),
    [
        ("Đảng bộ tỉnh", [], False, False),
        ("Kinh tế - Xã hội", PELICAN_DEFAULT_SUBS, False, False),
        ("Tin Tức", [], True, False),
        ("Tin tức", [], False, True),
        ("C++ & Python", [(r"\+", "plus")], False, False),
    ],
)
def test_slugify_equals_pelican_and_is_remembered(name, subs, preserve_case, use_unicode) -> None:
    expected = pelican_slugify(
        name, regex_subs=subs, preserve_case=preserve_case, use_unicode=use_unicode
    )
    for _ in range(2):
        assert slugify(name, subs, preserve_case, use_unicode) == expected


# Formats as settings and templates write them, and ones Pelican treats specially.
STRFTIME_FORMATS = [
    "%Y",
    "%m",
    "{date:%Y}",
    "%d/%m/%Y",
    "%Y-%m-%dT%H:%M:%S%z",
    "%a %d %B %Y %Z",
    "%-d/%-m/%Y",  # Pelican strips the zeros
    "%e %Y",  # not in Pelican's list: Pelican leaves `%e` as it is
    "100%% %Y",
    "%%Y",
    "lone %",
    "%\n%Y",
    "",
    "không có chỉ thị",
]


def assert_formats_as_pelican(value: SafeDatetime, fmt: str) -> None:
    try:
        expected = pelican_strftime(value, fmt)
    except (TypeError, ValueError) as error:  # a lone `%`: Pelican's own error
        with pytest.raises(type(error)):
            safe_strftime(value, fmt)
        return
    assert safe_strftime(value, fmt) == expected


@pytest.mark.parametrize("fmt", STRFTIME_FORMATS)
def test_safe_strftime_equals_pelican(fmt: str) -> None:
    moment = SafeDatetime(2025, 5, 8, 7, 5, 9, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    assert_formats_as_pelican(moment, fmt)


@given(
    st.datetimes(min_value=dt.datetime(1000, 1, 1), max_value=dt.datetime(9999, 12, 31)),
    st.text(alphabet="%-YmdHMSaAbBjeqZz /:T%\nđ", max_size=12),
)
def test_safe_strftime_property(moment: dt.datetime, fmt: str) -> None:
    value = SafeDatetime(*moment.timetuple()[:6], tzinfo=dt.timezone(dt.timedelta(hours=7)))
    assert_formats_as_pelican(value, fmt)
