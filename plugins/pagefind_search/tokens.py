"""Search tokens for Vietnamese: folded syllables and folded syllable pairs.

Pagefind folds tone and vowel marks but not `đ`, and every Vietnamese syllable is so frequent that
a query for a common word makes the browser fetch a large part of the index. So the index gets
our own tokens, written beside the original text:

- every syllable folded with `scraper.text.fold_vietnamese` and lower-cased ("Đảng" -> "dang");
- every pair of neighbouring syllables folded and joined behind a marker letter
  ("đầu tư" -> "zdautu"). A pair is far rarer than either syllable, so a two-syllable query
  fetches a small part of the index; the marker keeps the pairs out of the prefix range of
  single-syllable queries.

`static/js/search.js` rewrites a query with the same rules (`query_plan` here is the reference
the JavaScript is tested against).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from scraper.text import fold_vietnamese

# Letters and digits (any script); everything else separates syllables.
_SYLLABLE = re.compile(r"[^\W_]+")
_PHRASE = re.compile(r'"([^"]*)"')
PAIR_MARKER = "z"


def syllables(text: str) -> list[str]:
    """Folded, lower-case syllables of `text`: "Đảng bộ, tỉnh" -> ["dang", "bo", "tinh"]."""
    return _SYLLABLE.findall(fold_vietnamese(text).casefold())


def pair_token(first: str, second: str) -> str:
    """The token of two neighbouring folded syllables: ("dau", "tu") -> "zdautu"."""
    return f"{PAIR_MARKER}{first}{second}"


def pair_tokens(sylls: list[str]) -> list[str]:
    """Tokens of every neighbouring pair, in text order."""
    return [pair_token(a, b) for a, b in zip(sylls, sylls[1:], strict=False)]


def cover_pairs(sylls: list[str]) -> list[str]:
    """The fewest pair tokens that cover every syllable: (1,2), (3,4), ... and the last pair.

    "an ninh trật tự" -> zanninh ztrattu. Every extra term costs the browser an index chunk and
    Pagefind a pass over its pages; the order of the words is checked again when ranking.
    """
    pairs = pair_tokens(sylls)
    chosen = pairs[::2]
    if len(sylls) % 2:
        chosen.append(pairs[-1])
    return unique(chosen)


def unique(items: Iterable[str]) -> list[str]:
    """Items in first-seen order, each once."""
    return list(dict.fromkeys(items))


def index_tokens(text: str, *, pairs: bool = True, repeat_cap: int = 1) -> str:
    """The folded token text indexed for `text`.

    Each distinct syllable, then each distinct pair, at most `repeat_cap` times (a term-frequency
    hint for ranking; 1 keeps the index smallest). Text order is kept for the first occurrence.
    """
    sylls = syllables(text)
    tokens = _capped(sylls, repeat_cap)
    if pairs:
        tokens += _capped(pair_tokens(sylls), repeat_cap)
    return " ".join(tokens)


def _capped(tokens: list[str], cap: int) -> list[str]:
    if cap <= 1:
        return unique(tokens)
    seen: dict[str, int] = {}
    kept = []
    for token in tokens:
        count = seen.get(token, 0)
        if count < cap:
            seen[token] = count + 1
            kept.append(token)
    return kept


@dataclass(frozen=True)
class QueryPlan:
    """How a reader's query is searched.

    `primary`: the Pagefind query over pair tokens (or single syllables when a part has only one).
    `fallback`: the single-syllable query, run when the primary finds too little (words that are
    not neighbours in the text, like "giải ngân Long An"); empty when the query quotes a phrase,
    since a quoted phrase must appear as written.
    `phrases`: folded syllables of each quoted phrase (must appear in this order).
    `words`: every folded syllable of the query, for highlighting.
    """

    primary: str
    fallback: str
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
        primary=" ".join(unique(primary)),
        fallback="" if phrases else " ".join(words),
        phrases=phrases,
        words=tuple(words),
    )
