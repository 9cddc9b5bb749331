"""Search tokens for Vietnamese: folded syllables and pairs of neighbouring syllables.

- syllable token: `fold_vietnamese(text).casefold()`, then every run of letters/digits
  (`[^\\W_]+`): "Đảng bộ, tỉnh" -> "dang", "bo", "tinh"; "2025" stays "2025".
- pair token: two neighbouring syllables joined by one space: "đầu tư" -> "dau tu".

A pair is far rarer than either syllable, so a two-syllable query reads a small part of the index.
`query_plan` is the reference the JavaScript client (`search-index.js`) is tested against.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import chain

from archive_core.text import fold_vietnamese

# Letters and digits (any script); everything else separates syllables.
_SYLLABLE = re.compile(r"[^\W_]+")
_PHRASE = re.compile(r'"([^"]*)"')
_MEMO_LIMIT = 400_000


def syllables_slow(text: str) -> list[str]:
    """The definition: fold the whole text, case-fold, take every run of letters and digits."""
    return _SYLLABLE.findall(fold_vietnamese(text).casefold())


class _ChunkMemo(dict):
    """Whitespace-separated chunk -> its syllables (folding is per character, and whitespace
    always separates syllables, so folding chunk by chunk gives the same tokens as folding the
    whole text; a text repeats its chunks, so each distinct one is folded once)."""

    def __missing__(self, chunk: str) -> tuple[str, ...]:
        if len(self) > _MEMO_LIMIT:
            self.clear()
        value = self[chunk] = tuple(_SYLLABLE.findall(fold_vietnamese(chunk).casefold()))
        return value


_MEMO = _ChunkMemo()


def syllables(text: str) -> list[str]:
    """Folded, case-folded syllables of `text`: "Đảng bộ, tỉnh" -> ["dang", "bo", "tinh"]."""
    return list(chain.from_iterable(map(_MEMO.__getitem__, text.split())))


def pair_token(first: str, second: str) -> str:
    """The token of two neighbouring folded syllables: ("dau", "tu") -> "dau tu"."""
    return f"{first} {second}"


def pair_tokens(sylls: list[str]) -> list[str]:
    """Tokens of every neighbouring pair, in text order."""
    return [pair_token(a, b) for a, b in zip(sylls, sylls[1:], strict=False)]


def cover_pairs(sylls: list[str]) -> list[str]:
    """The fewest pair tokens that cover every syllable: (1,2), (3,4), ... and the last pair.

    "an ninh trật tự" -> "an ninh", "trat tu". Each token costs the reader a shard; the order of
    the words is checked again when the shown results are re-ranked.
    """
    pairs = pair_tokens(sylls)
    chosen = pairs[::2]
    if len(sylls) % 2:
        chosen.append(pairs[-1])
    return unique(chosen)


def unique(items: Iterable[str]) -> list[str]:
    """Items in first-seen order, each once."""
    return list(dict.fromkeys(items))


@dataclass(frozen=True)
class QueryPlan:
    """How a reader's query is searched.

    `primary`: tokens that must all occur (pairs; a one-syllable part gives the syllable).
    `fallback`: every single syllable, used when the primary finds fewer than five documents;
    empty when the query quotes a phrase (a quoted phrase must appear as written).
    `phrases`: folded syllables of each quoted phrase. `words`: every folded syllable.
    """

    primary: tuple[str, ...]
    fallback: tuple[str, ...]
    phrases: tuple[tuple[str, ...], ...]
    words: tuple[str, ...]


def query_plan(query: str) -> QueryPlan:
    """Rewrite a query: quoted phrases and the unquoted rest, each folded into pair tokens."""
    phrases = tuple(tuple(syllables(p)) for p in _PHRASE.findall(query))
    phrases = tuple(p for p in phrases if p)
    rest = syllables(_PHRASE.sub(" ", query))
    parts = [list(p) for p in phrases] + ([rest] if rest else [])
    primary: list[str] = []
    for part in parts:
        primary += cover_pairs(part) if len(part) > 1 else part
    words = unique(s for part in parts for s in part)
    return QueryPlan(
        primary=tuple(unique(primary)),
        fallback=() if phrases else tuple(words),
        phrases=phrases,
        words=tuple(words),
    )
