"""The ranking of search results, in Python: the reference `search-index.js` is tested against.

A document's score for a query is the sum, over the query's tokens, of
idf(t) · (ln(1 + occurrences) + 2·[in the title] + 0.5·[in the lead]), idf(t) = ln(1 + N/df(t)),
where the weight byte of a posting holds occurrences (bits 0-3), title (16) and lead (32).
Documents must hold every token (AND); ties go to the newer document (higher id).
"""

from __future__ import annotations

import math
from collections.abc import Sequence


def scores(lists: Sequence[dict[int, int]], docs: int) -> dict[int, float]:
    """Doc id -> score for the documents in every posting list (doc id -> weight byte)."""
    if not lists or not all(lists):  # a token no document holds: no match (as the JS)
        return {}
    common = set(lists[0]).intersection(*lists[1:])
    idfs = [math.log(1 + docs / len(weights)) for weights in lists]
    result = {}
    for doc in common:
        total = 0.0
        for idf, weights in zip(idfs, lists, strict=True):
            w = weights[doc]
            total += idf * (math.log(1 + (w & 15)) + 2 * ((w >> 4) & 1) + 0.5 * ((w >> 5) & 1))
        result[doc] = total
    return result


def ranked(found: dict[int, float]) -> list[int]:
    """Doc ids by score, ties newest (highest id) first."""
    return sorted(found, key=lambda doc: (-found[doc], -doc))
