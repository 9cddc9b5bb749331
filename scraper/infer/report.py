"""The draft checked against the generic extractor, sample by sample, field by field. Pure.

Every sample is extracted again with the draft profile (the crawl's fast path) and compared
with what the generic extractor made of it; the report lists, per field, the selector, how many
samples agree, and for each disagreement the sample and the two values, for the operator to
review before crawling.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from scraper.dom import ExtractionError
from scraper.extract import extract_article
from scraper.infer.pages import Page
from scraper.models import Article
from scraper.profiles import Profile

SHOWN = 100  # characters of a value shown in a disagreement


def _images(article: Article) -> list[tuple[str, str]]:
    return [(img.src, img.caption) for img in article.images]


def _other_news(article: Article) -> list[tuple]:
    return [(i.title, i.date, i.url) for i in article.other_news]


# field name, profile keys it comes from, how to read it from an Article
COMPARED: tuple[tuple[str, tuple[str, ...], Callable[[Article], Any]], ...] = (
    ("title", ("title",), lambda a: a.title),
    ("date", ("date",), lambda a: a.date),
    ("authors", ("byline",), lambda a: a.authors),
    ("lead", ("lead",), lambda a: a.summary),
    ("body", ("body", "drop"), lambda a: a.body_markdown),
    ("figures", ("figure", "captions"), _images),
    ("category", ("category",), lambda a: a.category),
    ("tags", ("tags",), lambda a: a.tags),
    ("other_news", ("other_news",), _other_news),
)


@dataclass
class Disagreement:
    source: str
    generic: str
    profile: str


@dataclass
class FieldResult:
    name: str
    selector: str
    agree: int = 0
    total: int = 0
    disagreements: list[Disagreement] = field(default_factory=list)


def _shown(value: Any) -> str:
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    if isinstance(value, list):
        text = "; ".join(str(v) for v in value)
    text = " ".join(text.split())
    return text if len(text) <= SHOWN else text[: SHOWN - 1] + "…"


def _first_difference(a: str, b: str) -> tuple[str, str]:
    """The first line where two texts differ (bodies are long)."""
    lines_a, lines_b = a.splitlines(), b.splitlines()
    for i in range(max(len(lines_a), len(lines_b))):
        left = lines_a[i] if i < len(lines_a) else "(end)"
        right = lines_b[i] if i < len(lines_b) else "(end)"
        if left != right:
            return f"line {i + 1}: {left}", f"line {i + 1}: {right}"
    return a, b


def selector_text(data: dict, keys: tuple[str, ...]) -> str:
    fields = data.get("fields", {})
    shown = []
    for key in keys:
        if key == "other_news":
            shown += [", ".join(b["block"]) for b in data.get("other_news", [])]
        elif key == "drop":
            continue
        elif fields.get(key):
            shown.append(", ".join(fields[key]))
    return " / ".join(shown)


def compare(pages: Sequence[Page], profile: Profile, data: dict) -> list[FieldResult]:
    results = [FieldResult(name, selector_text(data, keys)) for name, keys, _ in COMPARED]
    for page in pages:
        try:
            drafted: Article | None = extract_article(
                page.sample.html, profile, url=page.url, encoding=page.sample.encoding
            )
            error = ""
        except ExtractionError as exc:
            drafted, error = None, exc.reason
        for result, (_, _, read) in zip(results, COMPARED, strict=True):
            result.total += 1
            want = read(page.article)
            got = read(drafted) if drafted is not None else None
            if got == want:
                result.agree += 1
                continue
            if isinstance(want, str) and isinstance(got, str) and "\n" in want + got:
                want, got = _first_difference(want, got)
            result.disagreements.append(
                Disagreement(
                    page.sample.source,
                    _shown(want),
                    f"not extracted: {error}" if drafted is None else _shown(got),
                )
            )
    return results


def render(results: Sequence[FieldResult], notes: dict[str, str]) -> str:
    width = max(len(r.name) for r in results)
    lines = ["Profile vs generic extraction, per field (samples that agree):"]
    for r in results:
        selector = r.selector or "(none)"
        lines.append(f"  {r.name:<{width}}  {r.agree}/{r.total}  {selector}")
    if notes:
        lines.append("Left out of the draft:")
        lines += [f"  {name}: {why}" for name, why in notes.items()]
    disagreements = [(r.name, d) for r in results for d in r.disagreements]
    if disagreements:
        lines.append(f"Disagreements ({len(disagreements)}): review them before crawling")
        for name, d in disagreements:
            lines.append(f"  {name} on {d.source}:")
            lines.append(f"    generic: {d.generic}")
            lines.append(f"    profile: {d.profile}")
    else:
        lines.append("The profile and the generic extractor agree on every field of every sample.")
    return "\n".join(lines) + "\n"
