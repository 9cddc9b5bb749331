"""Load and validate the topic vocabulary (a TOML file the editors own). Pure apart from reading.

File format (see README.md):

    [[topic]]
    slug = "dau-tu-cong"                 # ASCII, lower case, hyphens: the topic page URL
    name = "Đầu tư công"                 # shown to readers
    keywords = ["đầu tư công", "giải ngân"]
    fields = ["tags", "category", "title", "summary", "body"]  # optional: where keywords count

Every error names the file and the field (`topic[3].keywords[2]`) and says what to do.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .textmatch import match_key

FIELDS = ("tags", "category", "title", "summary", "body")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_TOPIC_KEYS = {"slug", "name", "keywords", "fields", "description"}


class VocabularyError(ValueError):
    """The vocabulary file is missing or malformed; the message names the file and field."""


@dataclass(frozen=True)
class Topic:
    slug: str
    name: str
    keywords: tuple[str, ...]
    fields: tuple[str, ...] = FIELDS
    description: str = ""
    # Keywords, the name and the slug in matching form (folded, lower case, words only).
    match_keys: tuple[str, ...] = field(default=(), compare=False, repr=False)


@dataclass(frozen=True)
class Vocabulary:
    topics: tuple[Topic, ...]
    source: str = "<memory>"

    def by_slug(self) -> dict[str, Topic]:
        return {topic.slug: topic for topic in self.topics}

    def lookup(self, text: str) -> Topic | None:
        """The topic whose slug or name is `text` (accent- and case-insensitive), or None."""
        key = match_key(text)
        for topic in self.topics:
            if key in (match_key(topic.slug), match_key(topic.name)):
                return topic
        return None


def load_vocabulary(path: str | Path) -> Vocabulary:
    """Read and validate a vocabulary file."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise VocabularyError(
            f"{path}: cannot read the topic vocabulary ({error.strerror or error}); "
            "check ARCHIVE_INDEXES['vocabulary']"
        ) from error
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise VocabularyError(f"{path}: not valid UTF-8 TOML: {error}") from error
    return parse_vocabulary(data, source=str(path))


def parse_vocabulary(data: dict, *, source: str = "<memory>") -> Vocabulary:
    """Validate already-parsed vocabulary data (the TOML document as a dict)."""
    unknown = sorted(set(data) - {"topic", "version"})
    if unknown:
        raise VocabularyError(
            f"{source}: unknown top-level key(s) {unknown}; topics go in [[topic]] tables"
        )
    entries = data.get("topic")
    if not isinstance(entries, list) or not entries:
        raise VocabularyError(f"{source}: no topics; add at least one [[topic]] table")
    topics: list[Topic] = []
    seen_slugs: dict[str, int] = {}
    seen_names: dict[str, int] = {}
    for index, entry in enumerate(entries):
        where = f"{source}: topic[{index}]"
        topic = _parse_topic(entry, where)
        for seen, value, label in (
            (seen_slugs, topic.slug, "slug"),
            (seen_names, match_key(topic.name), "name"),
        ):
            if value in seen:
                raise VocabularyError(
                    f"{where}.{label}: {value!r} is already used by topic[{seen[value]}]; "
                    f"each topic needs its own {label}"
                )
            seen[value] = index
        topics.append(topic)
    return Vocabulary(topics=tuple(topics), source=source)


def _parse_topic(entry: object, where: str) -> Topic:
    if not isinstance(entry, dict):
        raise VocabularyError(f"{where}: expected a [[topic]] table")
    unknown = sorted(set(entry) - _TOPIC_KEYS)
    if unknown:
        raise VocabularyError(
            f"{where}: unknown field(s) {unknown}; allowed: {sorted(_TOPIC_KEYS)}"
        )
    slug = _required_text(entry, "slug", where)
    if not _SLUG.match(slug):
        raise VocabularyError(
            f"{where}.slug: {slug!r} must be lower-case ASCII words joined by hyphens, "
            "e.g. 'dau-tu-cong'"
        )
    name = _required_text(entry, "name", where)
    keywords = entry.get("keywords")
    if not isinstance(keywords, list) or not keywords:
        raise VocabularyError(f"{where}.keywords: give a non-empty list of words or phrases")
    cleaned: list[str] = []
    keys: dict[str, int] = {}
    for position, keyword in enumerate(keywords):
        if not isinstance(keyword, str) or not match_key(keyword):
            raise VocabularyError(
                f"{where}.keywords[{position}]: {keyword!r} is not a word or phrase"
            )
        key = match_key(keyword)
        if key in keys:
            raise VocabularyError(
                f"{where}.keywords[{position}]: {keyword!r} repeats keywords[{keys[key]}] "
                "(matching ignores accents and case); remove one"
            )
        keys[key] = position
        cleaned.append(keyword.strip())
    fields = entry.get("fields", list(FIELDS))
    if (
        not isinstance(fields, list)
        or not fields
        or any(f not in FIELDS for f in fields)
        or len(set(fields)) != len(fields)
    ):
        raise VocabularyError(
            f"{where}.fields: {fields!r} must be a non-empty list drawn from {list(FIELDS)}"
        )
    description = entry.get("description", "")
    if not isinstance(description, str):
        raise VocabularyError(f"{where}.description: must be text")
    match_keys = tuple(dict.fromkeys([*keys, match_key(name)]))
    return Topic(
        slug=slug,
        name=name.strip(),
        keywords=tuple(cleaned),
        fields=tuple(fields),
        description=description.strip(),
        match_keys=match_keys,
    )


def _required_text(entry: dict, key: str, where: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise VocabularyError(f"{where}.{key}: required text is missing or empty")
    return value.strip()
