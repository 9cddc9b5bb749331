"""Gapped, stable document ids (plugins/search_index/ids)."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plugins.search_index.ids import (
    EPOCH_TS,
    ID_LIMIT,
    UNIT_EXP_MAX,
    UNIT_EXP_MIN,
    IdError,
    assign_ids,
    slot,
    unit_exponent,
)

ICT = timezone(timedelta(hours=7))


def ts(*args: int) -> float:
    return datetime(*args, tzinfo=ICT).timestamp()


def test_slot_and_epoch():
    assert EPOCH_TS == datetime(1900, 1, 1, tzinfo=UTC).timestamp()
    assert slot(EPOCH_TS, 2) == 0 and slot(EPOCH_TS + 3.9, 2) == 0 and slot(EPOCH_TS + 4, 2) == 1
    day = ts(2025, 5, 28, 8)
    assert slot(day, 16) == math.floor((day - EPOCH_TS) / 65536)


@pytest.mark.parametrize(
    ("timestamps", "expected"),
    [
        ([], UNIT_EXP_MIN),
        ([ts(2025, 1, 1)], UNIT_EXP_MIN),
        ([ts(2025, 1, 1)] * 5, UNIT_EXP_MIN),  # all in one second
        # 10,000 over ten years: span / 2N = 2**13.95 -> 2**14 s, id span ~1.9 N
        ([ts(2015, 1, 1)] * 9999 + [ts(2025, 1, 1)], 14),
        # span / 2N = 2**12.49 -> 12, 2**12.51 -> 13 (rounded in integers)
        ([0.0, 2 * 2 * 2**12.49], 12),
        ([0.0, 2 * 2 * 2**12.51], 13),
        # two documents 200 years apart: 2**32.6 / 2**2 -> clamped
        ([ts(1900, 6, 1), ts(2100, 1, 1)], UNIT_EXP_MAX),
    ],
)
def test_unit_exponent(timestamps, expected):
    assert unit_exponent(timestamps) == expected


@settings(max_examples=100)
@given(
    st.lists(st.integers(0, 10**9), min_size=2, max_size=400),
    st.integers(2 * 10**9, 4 * 10**9),
)
def test_the_id_span_is_about_twice_the_documents(offsets, start):
    stamps = sorted(start + o + 0.0 for o in offsets)
    exp = unit_exponent(stamps)
    ids = assign_ids(stamps, exp)
    n = len(stamps)
    span = int(stamps[-1] - stamps[0]) / (1 << exp)
    if UNIT_EXP_MIN < exp < UNIT_EXP_MAX:
        assert 2 * n / math.sqrt(2) <= span <= 2 * n * math.sqrt(2)  # [1.41 N, 2.83 N]
    assert ids[-1] - ids[0] <= span + n


@settings(max_examples=200)
@given(
    st.lists(st.integers(0, 400_000), max_size=80),
    st.integers(UNIT_EXP_MIN, 16),
    st.integers(0, 10**9),
)
def test_ids_increase_and_sit_at_or_after_their_slot(offsets, exp, start):
    stamps = sorted(EPOCH_TS + start + o for o in offsets)
    ids = assign_ids(stamps, exp)
    assert all(a < b for a, b in zip(ids, ids[1:], strict=False))
    assert all(i >= slot(t, exp) for i, t in zip(ids, stamps, strict=True))
    assert all(0 <= i < ID_LIMIT for i in ids)


def _changed_run(old: list[int], new: list[int]) -> list[int]:
    return [k for k, (a, b) in enumerate(zip(old, new, strict=True)) if a != b]


@settings(max_examples=200)
@given(
    st.lists(st.integers(0, 200_000), min_size=1, max_size=80),
    st.integers(0, 200_000),
    st.integers(UNIT_EXP_MIN, 12),
)
def test_an_insertion_or_a_deletion_moves_only_one_run_of_neighbours(offsets, extra, exp):
    """Ids before the change keep theirs; after it, only a contiguous run moves."""
    stamps = sorted(EPOCH_TS + 10**9 + o for o in offsets)
    added = sorted([*stamps, EPOCH_TS + 10**9 + extra])
    at = added.index(EPOCH_TS + 10**9 + extra)
    before, after = assign_ids(stamps, exp), assign_ids(added, exp)
    # the documents of `stamps` in `added`: all but the inserted one (same timestamp: ties)
    kept = after[:at] + after[at + 1 :]
    moved = _changed_run(before, kept)
    assert all(k >= at for k in moved)
    assert moved == list(range(at, at + len(moved)))
    # deleting it again gives the first ids back
    assert assign_ids(added[:at] + added[at + 1 :], exp) == before


def test_documents_in_the_same_second_get_consecutive_ids():
    second = ts(2025, 5, 28, 8)
    ids = assign_ids([second - 86400, second, second, second], 14)
    assert ids[1] == slot(second, 14) and ids[2:] == [ids[1] + 1, ids[1] + 2]
    assert ids[0] < ids[1]


@pytest.mark.parametrize(
    ("timestamps", "position", "message"),
    [
        ([ts(1899, 12, 1), ts(2025, 1, 1)], 0, "before 1900"),
        ([ts(1800, 1, 1)], 0, "before 1900"),
        ([ts(2025, 1, 1), ts(2200, 1, 1)], 1, "too far in the future"),
    ],
)
def test_dates_that_cannot_be_numbered(timestamps, position, message):
    with pytest.raises(IdError, match=message) as caught:
        assign_ids(timestamps, UNIT_EXP_MIN)
    assert caught.value.position == position


def test_the_latest_date_that_fits_the_smallest_unit():
    last = EPOCH_TS + (ID_LIMIT - 1) * 4
    assert assign_ids([last], UNIT_EXP_MIN) == [ID_LIMIT - 1]
    assert datetime.fromtimestamp(last, tz=UTC).year == 2172
