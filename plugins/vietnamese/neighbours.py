"""Previous/next links between articles: pure ordering over any objects with a date."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")


def chronological_neighbours(items: Sequence[T], key) -> dict[int, tuple[T | None, T | None]]:
    """For each item (by id()), its (older, newer) neighbour in date order.

    `key(item)` gives a sortable (date, tie-breaker) value; ties are broken by the key, so the
    result does not depend on the input order.
    """
    ordered = sorted(items, key=key)
    result: dict[int, tuple[T | None, T | None]] = {}
    for index, item in enumerate(ordered):
        older = ordered[index - 1] if index > 0 else None
        newer = ordered[index + 1] if index + 1 < len(ordered) else None
        result[id(item)] = (older, newer)
    return result
