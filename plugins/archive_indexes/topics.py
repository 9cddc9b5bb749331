"""Assign vocabulary topics to an article. Pure: plain strings in, topic slugs out.

Scoring (see README.md, "How topics are chosen"):

- every keyword occurrence scores its field's weight (tags > category, title > summary > body);
- body points per topic are capped (`body_cap`), so a long body that mentions a subject in
  passing many times does not outweigh what the headline and the lead are about;
- topics scoring at least `min_score` are kept, best first, at most `limit`; when none reaches
  `min_score`, the single best topic that matched at all is kept;
- ties go to the topic with more raw matches, then to the vocabulary's order.

Each text is folded into words once (accent-insensitive, đ -> d) and every keyword of every topic
is counted in one pass (textmatch.PhraseSet), so the cost hardly grows with the vocabulary.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from .textmatch import PhraseSet, fold_words, match_key
from .vocabulary import FIELDS, Topic, Vocabulary

DEFAULT_WEIGHTS = {"tags": 6, "category": 4, "title": 4, "summary": 2, "body": 1}


@dataclass(frozen=True)
class TopicScore:
    slug: str
    score: int
    matches: int


class TopicMatcher:
    """The vocabulary compiled once: one phrase set, and phrase -> topic indexes per field."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        self.topics: tuple[Topic, ...] = vocabulary.topics
        targets: dict[str, dict[str, tuple[int, ...]]] = {}
        for index, topic in enumerate(self.topics):
            for phrase in topic.match_keys:
                per_field = targets.setdefault(phrase, {})
                for field in topic.fields:
                    per_field[field] = (*per_field.get(field, ()), index)
        self._phrases = PhraseSet(targets)
        self._targets = [targets[phrase] for phrase in self._phrases.phrases]
        self._slug_keys = {match_key(topic.slug): i for i, topic in enumerate(self.topics)}

    def count(self, words: list[bytes], field: str, into: dict[int, int]) -> None:
        """Add the keyword occurrences per topic in `words` (one field) to `into`."""
        targets = self._targets
        for phrase, occurrences in self._phrases.count(words).items():
            for index in targets[phrase].get(field, ()):
                into[index] = into.get(index, 0) + occurrences

    def scores(
        self,
        title: str,
        summary: str,
        body_text: str,
        tags: Iterable[str] = (),
        *,
        category: str = "",
        weights: dict[str, int] | None = None,
        body_cap: int = 5,
    ) -> list[TopicScore]:
        """Every topic that matched, best first."""
        weights = {**DEFAULT_WEIGHTS, **(weights or {})}
        per_field: dict[str, dict[int, int]] = {field: {} for field in FIELDS}
        tag_words: list[bytes] = []
        for tag in tags:
            words = fold_words(tag)
            slug_index = self._slug_keys.get(b" ".join(words).decode("ascii"))
            if slug_index is not None:
                per_field["tags"][slug_index] = per_field["tags"].get(slug_index, 0) + 1
            else:
                tag_words += words
                tag_words.append(b"|")  # never inside a phrase: no match across two tags
        self.count(tag_words, "tags", per_field["tags"])
        self.count(fold_words(category), "category", per_field["category"])
        self.count(fold_words(title), "title", per_field["title"])
        self.count(fold_words(summary), "summary", per_field["summary"])
        self.count(fold_words(body_text), "body", per_field["body"])
        matched = set().union(*per_field.values())
        results = []
        for index in matched:
            counts = {field: per_field[field].get(index, 0) for field in FIELDS}
            score = min(counts["body"] * weights["body"], body_cap) + sum(
                counts[field] * weights[field] for field in FIELDS if field != "body"
            )
            topic_score = TopicScore(self.topics[index].slug, score, sum(counts.values()))
            results.append((index, topic_score))
        results.sort(key=lambda item: (-item[1].score, -item[1].matches, item[0]))
        return [score for _, score in results]


@lru_cache(maxsize=8)
def matcher_for(vocabulary: Vocabulary) -> TopicMatcher:
    return TopicMatcher(vocabulary)


def assign_topics(
    title: str,
    summary: str,
    body_text: str,
    tags: Iterable[str],
    vocabulary: Vocabulary,
    *,
    fixed: Sequence[str] | None = None,
    excluded: Sequence[str] | None = None,
    limit: int = 3,
    min_score: int = 3,
    body_cap: int = 5,
    weights: dict[str, int] | None = None,
    category: str = "",
    body_chars: int = 0,
) -> list[str]:
    """The slugs of the article's topics, best first, at most `limit`.

    `fixed` (slugs) replaces the automatic choice (still at most `limit`); `excluded` (slugs)
    are never assigned. Both must already be resolved to slugs (see `resolve_topic_names`).
    `body_chars` > 0 reads only the beginning of the body (cut at a word boundary).
    """
    excluded_set = set(excluded or ())
    if fixed:
        chosen = [slug for slug in dict.fromkeys(fixed) if slug not in excluded_set]
        return chosen[:limit]
    body_text = leading_text(body_text, body_chars)
    scored = [
        s
        for s in matcher_for(vocabulary).scores(
            title, summary, body_text, tags, category=category, weights=weights, body_cap=body_cap
        )
        if s.slug not in excluded_set
    ]
    chosen = [s.slug for s in scored if s.score >= min_score][:limit]
    if not chosen and scored:
        chosen = [scored[0].slug]
    return chosen


def resolve_topic_names(
    values: Iterable[str], vocabulary: Vocabulary
) -> tuple[list[str], list[str]]:
    """Editor-written topic names or slugs -> (known slugs, unknown values as written).

    Values are separated by commas, but a topic name may itself hold commas ("Văn hóa, giáo
    dục và y tế"): the longest run of comma-separated parts that names a topic wins.
    """
    known: list[str] = []
    unknown: list[str] = []
    for value in values:
        parts = [part.strip() for part in value.split(",")]
        start = 0
        while start < len(parts):
            for end in range(len(parts), start, -1):
                topic = vocabulary.lookup(", ".join(parts[start:end]))
                if topic is not None:
                    if topic.slug not in known:
                        known.append(topic.slug)
                    start = end
                    break
            else:
                if parts[start]:
                    unknown.append(parts[start])
                start += 1
    return known, unknown


def split_metadata_list(value: object) -> list[str]:
    """`Topics: a, b; c` (or a list from a reader) -> ['a, b', 'c'] (commas: see above)."""
    if value is None:
        return []
    items = value if isinstance(value, list | tuple) else [value]
    parts: list[str] = []
    for item in items:
        parts.extend(part.strip() for part in re.split(r"[;\n]", str(item)))
    return [part for part in parts if part]


def leading_text(text: str, limit: int) -> str:
    """The first `limit` characters of `text`, not ending inside a word (all when limit <= 0)."""
    if limit <= 0 or len(text) <= limit:
        return text
    cut = text[:limit]
    if not text[limit].isspace():
        cut = cut.rsplit(None, 1)[0] if " " in cut else ""
    return cut


_TAG = re.compile(r"<[^>]*>")
_FIRST_PARAGRAPH = re.compile(r"<p\b[^>]*>(.*?)</p>", re.S | re.I)


def html_to_text(markup: str) -> str:
    """Visible text of a rendered body: tags become spaces, entities are decoded."""
    return html.unescape(_TAG.sub(" ", markup or ""))


def first_paragraph(markup: str) -> str:
    """The text of the first <p> of a rendered body ('' when there is none)."""
    found = _FIRST_PARAGRAPH.search(markup or "")
    return html_to_text(found.group(1)) if found else ""
