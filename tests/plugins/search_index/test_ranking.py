"""The Python reference of the result ranking (plugins/search_index/ranking.py)."""

from __future__ import annotations

import math

import pytest

from plugins.search_index.ranking import ranked, scores


def test_documents_must_hold_every_token() -> None:
    lists = [{1: 1, 2: 1, 3: 1}, {2: 1, 3: 1}]
    assert set(scores(lists, 10)) == {2, 3}
    assert scores([], 10) == {}


@pytest.mark.parametrize(
    ("weight", "expected"),
    [
        (1, math.log(2)),  # once in the body
        (15, math.log(16)),  # occurrences are capped at 15 by the writer
        (16, 2.0),  # only in the title
        (16 | 32 | 3, math.log(4) + 2.0 + 0.5),  # title, lead and three occurrences
    ],
)
def test_weight_bytes_score_as_the_spec_says(weight: int, expected: float) -> None:
    idf = math.log(1 + 4 / 1)
    assert scores([{7: weight}], 4)[7] == pytest.approx(idf * expected)


def test_rarer_tokens_weigh_more_and_ties_go_to_the_newer_document() -> None:
    common = {doc: 1 for doc in range(8)}
    rare = {2: 1, 5: 1}
    found = scores([common, rare], 8)
    assert ranked(found) == [5, 2]  # same score: the newer (higher id) first
    assert scores([rare], 8)[2] > scores([common], 8)[2]
