"""Entries encoded run by run and joined in id order (plugins/search_index/parts)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plugins.search_index.parts import EntryJoiner, encode_parts
from plugins.search_index.shards import Postings, entry_bytes

TOKENS = ["dau", "tu", "dau tu", "cong", "đảng", '"q"', "a\\b"]

# documents in id order: (id gap from the previous document, {token: weight})
documents = st.lists(
    st.tuples(
        st.integers(1, 5000),
        st.dictionaries(st.sampled_from(TOKENS), st.integers(0, 63), min_size=1),
    ),
    max_size=40,
)


def _whole(base: int, docs: list[tuple[int, dict[str, int]]]) -> dict[str, bytes]:
    """What one pass over every posting gives (shards.entry_bytes per token)."""
    postings: dict[str, list[tuple[int, int]]] = {}
    doc_id = base
    for gap, weights in docs:
        doc_id += gap
        for token, weight in weights.items():
            postings.setdefault(token, []).append((doc_id, weight))
    return {
        token: entry_bytes(token, [i for i, _ in pairs], [w for _, w in pairs])
        for token, pairs in postings.items()
    }


def _in_runs(base: int, docs, cuts: list[int]) -> dict[str, bytes]:
    """The same postings encoded in runs (cut at `cuts`), joined."""
    bounds = sorted({min(c, len(docs)) for c in cuts} | {0, len(docs)})
    joiner = EntryJoiner()
    doc_id = base
    for start, end in zip(bounds, bounds[1:], strict=False):
        postings = Postings(base)
        for gap, weights in docs[start:end]:
            doc_id += gap
            postings.add(doc_id, list(weights), bytes(weights.values()))
        joiner.add(encode_parts(postings))
        assert postings.lists == {}  # encoding empties the run's postings
    return dict(joiner.entries())


@settings(max_examples=200, deadline=None)
@given(documents, st.lists(st.integers(0, 40), max_size=6), st.integers(0, 10**9))
def test_joined_runs_give_the_entries_of_one_pass(docs, cuts, base):
    assert _in_runs(base, docs, cuts) == _whole(base, docs)


@pytest.mark.parametrize(
    ("runs", "expected"),
    [
        # one run: the first delta is the absolute id
        ([[(7, 3)]], b'"dau":[[7],[3]]'),
        ([[(7, 3), (9, 1)]], b'"dau":[[7,2],[3,1]]'),
        # a later run's first delta is re-encoded against the last id before it
        ([[(7, 3)], [(9, 1)]], b'"dau":[[7,2],[3,1]]'),
        ([[(7, 3), (100, 2)], [(1234, 1), (1240, 5)]], b'"dau":[[7,93,1134,6],[3,2,1,5]]'),
        # a run where the token does not occur changes nothing
        ([[(7, 3)], [], [(9, 1)]], b'"dau":[[7,2],[3,1]]'),
    ],
)
def test_joining_re_encodes_only_the_first_delta_of_a_run(runs, expected):
    joiner = EntryJoiner()
    for run in runs:
        postings = Postings(5)
        for doc_id, weight in run:
            postings.add(doc_id, ["dau"], bytes([weight]))
        joiner.add(encode_parts(postings))
    assert dict(joiner.entries()) == {"dau": expected}


def test_a_run_added_out_of_order_is_refused():
    joiner = EntryJoiner()
    for doc_id in (50, 10):
        postings = Postings()
        postings.add(doc_id, ["dau"], b"\x01")
        parts = encode_parts(postings)
        if doc_id == 10:
            with pytest.raises(ValueError, match="'dau'.*id 10.*after id 50"):
                joiner.add(parts)
        else:
            joiner.add(parts)


def test_entries_empty_the_joiner():
    joiner = EntryJoiner()
    postings = Postings()
    postings.add(1, ["dau", "tu"], b"\x01\x02")
    joiner.add(encode_parts(postings))
    assert sorted(token for token, _ in joiner.entries()) == ["dau", "tu"]
    assert list(joiner.entries()) == []
