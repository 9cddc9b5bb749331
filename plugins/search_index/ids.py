"""Document ids: gapped, stable, increasing in (date, url) order (pure).

Walking the documents in (timestamp, url) order, a document's id is

    id_i = max(slot(ts_i), id_(i-1) + 1),   slot(ts) = floor((ts - EPOCH) / unit)

with EPOCH = 1900-01-01 00:00 UTC and `unit` = 2**unit_exp seconds. Ids are strictly increasing
in (date, url) order, so "newest first" is id descending; they are sparse (a document sits near
its date's slot), so an article added in the middle of the date order, or one deleted, only
moves the short run of neighbours that collide with it, not every later document.

The unit is a pure function of the content (a cold build and a patched build of the same
articles must give the same bytes): unit_exp = round(log2(span / (2·N))), clamped to
[UNIT_EXP_MIN, UNIT_EXP_MAX], where span = newest - oldest timestamp in whole seconds and N the
number of documents; so the id span is between 1.41·N and 2.83·N (before collisions). Measured
at 10,000 articles (bench corpus, dates spread over ten years), against dense ids 0..N-1:

    id span   shards (gzip)   neighbours moved by one insertion: mean / median / p95 / max
    1.0 N     6.64 MB         4,867 / 4,746 / 9,613 / 9,975   (dense: everything after it)
    1.25 N    +11 %           16 / 7 / 60 / 129
    1.5 N     +18 %           5.0 / 2 / 22 / 41
    2.0 N     +28 %           1.9 / 1 / 9 / 17
    4.0 N     +49 %           0.5 / 0 / 2 / 5

(sparser ids cost bytes: gzip packs runs of small deltas best; denser ones make long runs of
colliding neighbours, each moved document costing a patch as much as an added one.) A change of
unit renumbers every document (a full build). With a steady stream of bulletins span/N stays
put and so does the unit; only an archive whose span/N sits right at a boundary (2**(k+1/2)·2 s)
may switch back and forth as articles come and go, one full build per switch.

Ids stay below 2**31 (the browser decodes them into Int32Array): with the smallest unit, 4 s,
dates from 1900-01-01 to about 2172 fit; a date outside what fits is an error naming the article.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import UTC, datetime

EPOCH = datetime(1900, 1, 1, tzinfo=UTC)
EPOCH_TS = EPOCH.timestamp()  # -2208988800.0
UNIT_EXP_MIN = 2  # 4 s: keeps every id below 2**31 up to about 2172
UNIT_EXP_MAX = 24  # 2**24 s, about 194 days
ID_LIMIT = 1 << 31  # ids are < ID_LIMIT (Int32Array in the browser)


class IdError(ValueError):
    """A document's date cannot be given an id; `position` is its place in (date, url) order."""

    def __init__(self, position: int, message: str) -> None:
        super().__init__(message)
        self.position = position


def unit_exponent(timestamps: Sequence[float]) -> int:
    """The unit (2**exp seconds) for documents with these timestamps, sorted ascending:
    exp = round(log2(span / (2·N))), clamped; in integers (no libm rounding at the boundaries):
    the largest exp with 4**exp · (2N)**2 <= 2 · span**2."""
    if len(timestamps) < 2:
        return UNIT_EXP_MIN
    span = int(timestamps[-1] - timestamps[0])
    twice_span_squared = 2 * span * span
    wanted = (2 * len(timestamps)) ** 2
    for exp in range(UNIT_EXP_MAX, UNIT_EXP_MIN, -1):
        if wanted << (2 * exp) <= twice_span_squared:
            return exp
    return UNIT_EXP_MIN


def slot(timestamp: float, unit_exp: int) -> int:
    """floor((timestamp - EPOCH) / 2**unit_exp) (dividing by a power of two is exact)."""
    return math.floor((timestamp - EPOCH_TS) / (1 << unit_exp))


def assign_ids(timestamps: Sequence[float], unit_exp: int) -> list[int]:
    """Ids of documents with these timestamps, in (timestamp, url) order.

    Raises IdError for a date before EPOCH or an id that would not stay below ID_LIMIT.
    """
    ids = []
    previous = -1
    for position, timestamp in enumerate(timestamps):
        if not math.isfinite(timestamp) or timestamp < EPOCH_TS:
            raise IdError(position, "its date is before 1900-01-01, which the index cannot number")
        current = max(slot(timestamp, unit_exp), previous + 1)
        if current >= ID_LIMIT:
            raise IdError(position, "its date is too far in the future for the index to number")
        ids.append(current)
        previous = current
    return ids
