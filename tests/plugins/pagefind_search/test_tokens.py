"""Folding and pair tokens of records, and the query rewriting (plugins/pagefind_search/tokens)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plugins.pagefind_search.tokens import (
    cover_pairs,
    index_tokens,
    pair_tokens,
    query_plan,
    syllables,
)
from scraper.text import fold_vietnamese


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Đảng bộ, tỉnh", ["dang", "bo", "tinh"]),
        ("ĐẦU TƯ CÔNG", ["dau", "tu", "cong"]),
        ("đường 830-ĐT", ["duong", "830", "dt"]),
        ("Nghị quyết số 57-NQ/TW", ["nghi", "quyet", "so", "57", "nq", "tw"]),
        ("  ", []),
        ("<script>alert(1)</script>", ["script", "alert", "1", "script"]),
        # decomposed input (portals mix NFC and NFD) folds the same
        ("Đa\u0309ng", ["dang"]),
    ],
)
def test_syllables(text, expected):
    assert syllables(text) == expected


def test_cover_pairs_cover_every_syllable_with_fewest_pairs():
    assert cover_pairs(["a", "b"]) == ["zab"]
    assert cover_pairs(["a", "b", "c"]) == ["zab", "zbc"]
    assert cover_pairs(["a", "b", "c", "d"]) == ["zab", "zcd"]
    assert cover_pairs(["a", "b", "c", "d", "e"]) == ["zab", "zcd", "zde"]


def test_pair_tokens_are_marked_and_ordered():
    assert pair_tokens(["dau", "tu", "cong"]) == ["zdautu", "ztucong"]
    assert pair_tokens(["dang"]) == []


def test_index_tokens_unique_singles_then_pairs():
    assert index_tokens("Đầu tư công, đầu tư công") == ("dau tu cong zdautu ztucong zcongdau")
    assert index_tokens("Đầu tư", pairs=False) == "dau tu"
    assert index_tokens("a a a", repeat_cap=2) == "a a zaa zaa"


@pytest.mark.parametrize(
    ("query", "primary", "fallback", "phrases"),
    [
        ("dang bo", "zdangbo", "dang bo", ()),
        ("Đảng bộ", "zdangbo", "dang bo", ()),
        ("đảng bộ xã", "zdangbo zboxa", "dang bo xa", ()),
        ("duong", "duong", "duong", ()),
        ("Đường", "duong", "duong", ()),
        ("đầu tu cong", "zdautu ztucong", "dau tu cong", ()),
        ("an ninh trật tự", "zanninh ztrattu", "an ninh trat tu", ()),
        (
            '"tổ công tác đặc biệt"',
            "ztocong ztacdac zdacbiet",
            "",
            (("to", "cong", "tac", "dac", "biet"),),
        ),
        ('"giải ngân" Long An', "zgiaingan zlongan", "", (("giai", "ngan"),)),
        ("<script>alert(1)</script>", "zscriptalert z1script", "script alert 1", ()),
        ("  ,,; ", "", "", ()),
    ],
)
def test_query_plan(query, primary, fallback, phrases):
    plan = query_plan(query)
    assert plan.primary == primary
    assert plan.fallback == fallback
    assert plan.phrases == phrases


VIETNAMESE_WORDS = [
    "Đảng",
    "bộ",
    "đầu",
    "tư",
    "công",
    "giải",
    "ngân",
    "đường",
    "tỉnh",
    "Phước",
    "Sơn",
    "sâm",
    "Ngọc",
    "Linh",
    "tăng",
    "trưởng",
    "quý",
    "quí",
    "cơ",
    "có",
    "cố",
    "đang",
    "đăng",
    "xã",
    "Ủy",
    "ban",
    "830",
    "NQ",
]
words = st.lists(st.sampled_from(VIETNAMESE_WORDS), min_size=1, max_size=30)


@given(words, st.data())
def test_any_slice_of_the_text_is_found_by_its_tokens(text_words, data):
    """Whatever run of words a reader types (accents or not), its tokens are in the record."""
    start = data.draw(st.integers(0, len(text_words) - 1))
    end = data.draw(st.integers(start + 1, len(text_words)))
    query = " ".join(text_words[start:end])
    if data.draw(st.booleans()):
        query = fold_vietnamese(query).lower()
    indexed = set(index_tokens(" ".join(text_words)).split())
    assert set(query_plan(query).primary.split()) <= indexed
    assert set(query_plan(query).words) <= indexed


@given(st.text(max_size=40))
def test_plan_ignores_accents_and_case(query):
    assert query_plan(query).primary == query_plan(fold_vietnamese(query).upper()).primary or (
        # upper-casing can change a few non-Vietnamese letters (ß -> SS); compare folded forms
        query_plan(query).primary == query_plan(fold_vietnamese(query)).primary
    )
