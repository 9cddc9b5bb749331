"""Scoring an extraction against a page's gold annotation (tests/fixtures/real-pages/GOLD.md).

Pure: a gold dict and an extraction's view in, right/total per field out. Both sides are
normalised alike (NFC, U+00A0 as a space, runs of white space collapsed). A field is right when:
title equal; date equal to the minute (the day alone when the gold has no time); authors equal as
a set, case-insensitive; lead and category equal (category case-insensitive: portals print
labels in capitals through CSS); `body_first`/`body_last` found in the body text; each caption
found in an extracted figure caption and not in a plain body paragraph; each related title equal
to an extracted other-news title. A `must_not_contain` string found in the body is a leak.
Extracted related items that match no gold title are counted as wrong items (precision).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

VN = ZoneInfo("Asia/Ho_Chi_Minh")
FIELDS = (
    "title",
    "date",
    "authors",
    "lead",
    "category",
    "body_first",
    "body_last",
    "captions",
    "related",
)


def norm(text: object) -> str:
    """NFC, U+00A0 as a space, white space collapsed, stripped."""
    if text is None:
        return ""
    text = unicodedata.normalize("NFC", str(text)).replace("\u00a0", " ")
    return " ".join(text.split())


@dataclass(frozen=True)
class View:
    """What an extractor produced, in the terms the gold uses."""

    title: str = ""
    date: str | None = None  # ISO 8601
    authors: tuple[str, ...] = ()
    lead: str = ""
    category: str = ""
    body_text: str = ""  # what a reader reads, figure captions included
    paragraphs: tuple[str, ...] = ()  # the body's plain paragraphs (not figure captions)
    captions: tuple[str, ...] = ()
    related: tuple[str, ...] = ()


@dataclass
class PageScore:
    file: str
    site: str
    right: dict[str, int] = field(default_factory=dict)
    total: dict[str, int] = field(default_factory=dict)
    leaks: list[str] = field(default_factory=list)
    related_extracted: int = 0
    related_wrong: int = 0
    wrong_related: list[str] = field(default_factory=list)  # extracted, not in the gold
    misses: dict[str, object] = field(default_factory=dict)  # field -> what was extracted

    def add(self, name: str, ok: bool, got: object = None) -> None:
        self.right[name] = self.right.get(name, 0) + int(ok)
        self.total[name] = self.total.get(name, 0) + 1
        if not ok:
            self.misses.setdefault(name, got)


def _parse_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=VN)
    return parsed.astimezone(VN)


def date_right(gold: str, got: str | None) -> bool:
    extracted = _parse_date(got)
    if extracted is None:
        return False
    if len(gold.strip()) == 10:  # YYYY-MM-DD: the day alone
        return extracted.date().isoformat() == gold.strip()
    expected = _parse_date(gold)
    return expected is not None and expected.replace(second=0, microsecond=0) == extracted.replace(
        second=0, microsecond=0
    )


def _fold(values: Iterable[str]) -> set[str]:
    return {norm(v).casefold() for v in values if norm(v)}


def score_page(gold: Mapping, view: View) -> PageScore:
    score = PageScore(file=gold.get("file", ""), site=gold.get("site", ""))
    score.add("title", norm(gold["title"]) == norm(view.title), view.title)
    score.add("date", date_right(gold["date"], view.date), view.date)
    score.add("authors", _fold(gold.get("authors", [])) == _fold(view.authors), view.authors)
    score.add("lead", norm(gold.get("lead", "")) == norm(view.lead), view.lead)
    score.add(
        "category",
        norm(gold.get("category", "")).casefold() == norm(view.category).casefold(),
        view.category,
    )
    body = norm(view.body_text)
    for key in ("body_first", "body_last"):
        wanted = norm(gold.get(key, ""))
        shown = body[:120] if key == "body_first" else body[-120:]
        score.add(key, bool(wanted) and wanted in body, shown)
    captions = [norm(c) for c in view.captions]
    paragraphs = [norm(p) for p in view.paragraphs]
    for caption in gold.get("captions", []):
        wanted = norm(caption)
        found = any(wanted in c for c in captions if c)
        as_paragraph = any(wanted in p for p in paragraphs)
        score.add("captions", found and not as_paragraph, wanted)
    extracted_related = {norm(t) for t in view.related if norm(t)}
    gold_related = [norm(item["title"]) for item in gold.get("related", [])]
    for title in gold_related:
        score.add("related", title in extracted_related, title)
    score.related_extracted = len(extracted_related)
    score.wrong_related = sorted(extracted_related - set(gold_related))
    score.related_wrong = len(score.wrong_related)
    score.leaks = [s for s in gold.get("must_not_contain", []) if norm(s) and norm(s) in body]
    return score


@dataclass
class Totals:
    right: dict[str, int] = field(default_factory=dict)
    total: dict[str, int] = field(default_factory=dict)
    leaks: int = 0
    related_extracted: int = 0
    related_wrong: int = 0
    pages: int = 0

    def add(self, page: PageScore) -> None:
        self.pages += 1
        for name in FIELDS:
            self.right[name] = self.right.get(name, 0) + page.right.get(name, 0)
            self.total[name] = self.total.get(name, 0) + page.total.get(name, 0)
        self.leaks += len(page.leaks)
        self.related_extracted += page.related_extracted
        self.related_wrong += page.related_wrong

    def share(self, name: str) -> float | None:
        total = self.total.get(name, 0)
        return self.right.get(name, 0) / total if total else None

    def mean(self) -> float:
        shares = [s for s in map(self.share, FIELDS) if s is not None]
        return sum(shares) / len(shares) if shares else 0.0

    def related_precision_error(self) -> float:
        return self.related_wrong / self.related_extracted if self.related_extracted else 0.0


def total_of(pages: Iterable[PageScore]) -> Totals:
    totals = Totals()
    for page in pages:
        totals.add(page)
    return totals
