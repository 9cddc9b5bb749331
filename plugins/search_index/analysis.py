"""One document's analysis: its tokens with weight bytes, its fragment and filter values (pure).

Weight byte of a (document, token): bits 0-3 = occurrences in summary + body, capped at 15;
bit 4 (16) = the token occurs in the title; bit 5 (32) = it occurs in the summary (lead).
Tokens are the folded syllables and the pairs of neighbouring syllables (tokens.py) of the title,
and of the summary followed by the body (one text: a pair may join the lead's last syllable
and the body's first).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from itertools import repeat

from .encoding import encode_json
from .records import ArticleData, RawArticle, article_data, doc_fragment, filter_values
from .tokens import syllables

COUNT_MASK = 15
IN_TITLE = 16
IN_SUMMARY = 32


def _tokens_of(sylls: list[str]) -> set[str]:
    return {*sylls, *map(" ".join, zip(sylls, sylls[1:], strict=False))}


def token_weights(title: str, summary: str, body: str) -> dict[str, int]:
    """Token -> weight byte for one document's plain-text title, summary and body."""
    summary_sylls = syllables(summary)
    text = summary_sylls + syllables(body)
    singles = Counter(text)
    pairs = Counter(map(" ".join, zip(text, text[1:], strict=False)))
    weights = dict(zip(singles, map(min, singles.values(), repeat(COUNT_MASK)), strict=True))
    weights.update(zip(pairs, map(min, pairs.values(), repeat(COUNT_MASK)), strict=True))
    for token in _tokens_of(syllables(title)):
        weights[token] = weights.get(token, 0) | IN_TITLE
    for token in _tokens_of(summary_sylls):
        weights[token] |= IN_SUMMARY
    return weights


@dataclass(frozen=True)
class Analysis:
    """One document, analysed: tokens ("\\n"-joined), their weights, fragment bytes."""

    tokens: str
    weights: bytes
    doc: bytes
    filters: dict[str, list[str]]

    def token_list(self) -> list[str]:
        return self.tokens.split("\n") if self.tokens else []


def analyse_data(data: ArticleData, *, excerpt_source_chars: int) -> Analysis:
    """Analysis of plain article data."""
    weights = token_weights(data.title, data.summary, data.text)
    tokens = list(weights)
    return Analysis(
        tokens="\n".join(tokens),
        weights=bytes(map(weights.__getitem__, tokens)),
        doc=encode_json(doc_fragment(data, excerpt_source_chars=excerpt_source_chars)),
        filters=filter_values(data),
    )


def analyse(raw: RawArticle, *, excerpt_source_chars: int) -> Analysis:
    """Analysis of an article as Pelican holds it (HTML parts)."""
    return analyse_data(article_data(raw), excerpt_source_chars=excerpt_source_chars)
