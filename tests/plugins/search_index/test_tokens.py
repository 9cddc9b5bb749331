"""Folded syllables, pair tokens and the query plan (plugins/search_index/tokens)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from archive_core.text import fold_vietnamese
from plugins.search_index.tokens import (
    cover_pairs,
    pair_tokens,
    query_plan,
    syllables,
    syllables_slow,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Đảng bộ, tỉnh", ["dang", "bo", "tinh"]),
        ("ĐẦU TƯ CÔNG", ["dau", "tu", "cong"]),
        ("đường 830-ĐT", ["duong", "830", "dt"]),
        ("Nghị quyết số 57-NQ/TW", ["nghi", "quyet", "so", "57", "nq", "tw"]),
        ("năm 2025, tăng 7,2%", ["nam", "2025", "tang", "7", "2"]),
        ("snake_case", ["snake", "case"]),
        ("  \n\t ", []),
        ("", []),
        ("<script>alert(1)</script>", ["script", "alert", "1", "script"]),
        # decomposed input (portals mix NFC and NFD) folds the same
        ("Đa\u0309ng bô\u0323", ["dang", "bo"]),
        ("\u0110\u1ea2NG", ["dang"]),
        ("giải\u00a0ngân", ["giai", "ngan"]),
        ("Straße", ["strasse"]),
    ],
)
def test_syllables(text, expected):
    assert syllables(text) == expected
    assert syllables_slow(text) == expected


@given(st.text(max_size=60))
def test_memoised_syllables_equal_the_definition(text):
    assert syllables(text) == syllables_slow(text)


VIETNAMESE = "Đảng bộ đầu tư công giải ngân đường tỉnh Phước Sơn 830 NQ Ủy ban quý quí"


@given(st.lists(st.sampled_from(VIETNAMESE.split() + [",", ".", "\u0301", "-"]), max_size=20))
def test_memoised_syllables_equal_the_definition_on_vietnamese(words):
    text = " ".join(words)
    assert syllables(text) == syllables_slow(text)


def test_pair_tokens_are_joined_by_one_space():
    assert pair_tokens(["dau", "tu", "cong"]) == ["dau tu", "tu cong"]
    assert pair_tokens(["dang"]) == []


def test_cover_pairs_cover_every_syllable_with_fewest_pairs():
    assert cover_pairs(["a", "b"]) == ["a b"]
    assert cover_pairs(["a", "b", "c"]) == ["a b", "b c"]
    assert cover_pairs(["a", "b", "c", "d"]) == ["a b", "c d"]
    assert cover_pairs(["a", "b", "c", "d", "e"]) == ["a b", "c d", "d e"]


@pytest.mark.parametrize(
    ("query", "primary", "fallback", "phrases"),
    [
        ("dang bo", ("dang bo",), ("dang", "bo"), ()),
        ("Đảng bộ", ("dang bo",), ("dang", "bo"), ()),
        ("giải ngân", ("giai ngan",), ("giai", "ngan"), ()),
        ("đầu tư công", ("dau tu", "tu cong"), ("dau", "tu", "cong"), ()),
        ("Đường", ("duong",), ("duong",), ()),
        ("an ninh trật tự", ("an ninh", "trat tu"), ("an", "ninh", "trat", "tu"), ()),
        ('"giải ngân" Long An', ("giai ngan", "long an"), (), (("giai", "ngan"),)),
        ("  ,,; ", (), (), ()),
    ],
)
def test_query_plan(query, primary, fallback, phrases):
    plan = query_plan(query)
    assert plan.primary == primary
    assert plan.fallback == fallback
    assert plan.phrases == phrases


@given(st.text(max_size=40))
def test_plan_ignores_accents(query):
    assert query_plan(query).primary == query_plan(fold_vietnamese(query)).primary
