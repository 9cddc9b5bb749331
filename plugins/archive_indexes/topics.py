"""Assign vocabulary topics to an article. Pure: plain strings in, topic slugs out.

Scoring (see README.md, "How topics are chosen"):

- every keyword occurrence scores its field's weight (tags > category, title > summary > body);
- body points per topic are capped (`body_cap`), so a long body that mentions a subject in
  passing many times does not outweigh what the headline and the lead are about;
- topics scoring at least `min_score` are kept, best first, at most `limit`; when none reaches
  `min_score`, the single best topic that matched at all is kept;
- ties go to the topic with more raw matches, then to the vocabulary's order.

Each text is folded once (accent-insensitive, đ -> d) and every keyword of every topic is counted
in one regex pass (textmatch.PhraseSet), so the cost hardly grows with the vocabulary.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .textmatch import PhraseSet, fold_text, match_key
from .vocabulary import Topic, Vocabulary

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

    def _add(
        self,
        folded: bytes,
        field: str,
        weight: int,
        points: dict[int, int],
        matches: dict[int, int],
    ) -> None:
        """Add `weight` points per keyword occurrence in `folded` text (one field) per topic."""
        targets = self._targets
        for phrase, occurrences in self._phrases.count(folded).items():
            for index in targets[phrase].get(field, ()):
                points[index] = points.get(index, 0) + occurrences * weight
                matches[index] = matches.get(index, 0) + occurrences

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
        points: dict[int, int] = {}
        body_points: dict[int, int] = {}
        matches: dict[int, int] = {}
        tag_texts: list[bytes] = []
        for tag in tags:
            folded = fold_text(tag)
            slug_index = self._slug_keys.get(b" ".join(folded.split()).decode("ascii"))
            if slug_index is not None:
                points[slug_index] = points.get(slug_index, 0) + weights["tags"]
                matches[slug_index] = matches.get(slug_index, 0) + 1
            else:
                tag_texts.append(folded)
        # "|" is never inside a phrase: no match runs across two tags
        for field, text in (("category", category), ("title", title), ("summary", summary)):
            if text:
                self._add(fold_text(text), field, weights[field], points, matches)
        if tag_texts:
            self._add(b"|".join(tag_texts), "tags", weights["tags"], points, matches)
        if body_text:
            self._add(fold_text(body_text), "body", weights["body"], body_points, matches)
        results = sorted(
            (
                -(points.get(index, 0) + min(body_points.get(index, 0), body_cap)),
                -count,
                index,
            )
            for index, count in matches.items()
        )
        return [
            TopicScore(self.topics[index].slug, -score, -count) for score, count, index in results
        ]


_MATCHERS: dict[int, tuple[Vocabulary, TopicMatcher]] = {}


def matcher_for(vocabulary: Vocabulary) -> TopicMatcher:
    """The compiled matcher of `vocabulary` (kept per vocabulary object, built once)."""
    cached = _MATCHERS.get(id(vocabulary))
    if cached is None or cached[0] is not vocabulary:
        if len(_MATCHERS) > 8:
            _MATCHERS.clear()
        cached = _MATCHERS[id(vocabulary)] = (vocabulary, TopicMatcher(vocabulary))
    return cached[1]


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
