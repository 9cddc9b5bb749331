"""`python -m scraper profile infer`: a draft profile from a few article pages. Pure.

The generic extractor reads each sample (`pages`); where it found each field is generalised to
the selectors every sample shares (`selectors`, `fields`); the article URL pattern comes from
the samples' addresses (`urls`), the listing selectors from one listing page (`listing`). The
draft is then checked by extracting every sample with it (`report`). I/O (reading files,
fetching, writing the TOML) is the command's (`scraper.infer.command`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from scraper.dom import parse_document
from scraper.infer.fields import infer_fields
from scraper.infer.listing import infer_listing
from scraper.infer.pages import Page, Sample, SampleError, read_sample
from scraper.infer.report import FieldResult, compare, render
from scraper.infer.toml import render_profile
from scraper.infer.urls import UrlPattern, learn_pattern
from scraper.profiles import Profile, profile_from_dict

__all__ = ["Draft", "Sample", "SampleError", "infer_profile", "MIN_SAMPLES", "MAX_SAMPLES"]

MIN_SAMPLES = 3
MAX_SAMPLES = 10
ALWAYS_DROP = ["script", "style"]


@dataclass
class Draft:
    data: dict  # the profile table, as profile_from_dict reads it
    profile: Profile
    pattern: UrlPattern
    pages: list[Page]
    results: list[FieldResult] = field(default_factory=list)
    notes: dict[str, str] = field(default_factory=dict)

    def toml(self) -> str:
        comments = [
            f"{self.data['name']}: draft written by `python -m scraper profile infer` from"
            f" {len(self.pages)} article pages.",
            "Review it (the command's report lists where it and the generic extractor differ)",
            "before crawling with it.",
            *(f"  sample: {p.url}" for p in self.pages),
        ]
        return render_profile(self.data, comments)

    def report(self) -> str:
        head = f"Article URLs: {self.pattern.describe()} -> {self.data['article_url_pattern']}\n"
        return head + render(self.results, self.notes)

    @property
    def agreement(self) -> dict[str, tuple[int, int]]:
        return {r.name: (r.agree, r.total) for r in self.results}


def infer_profile(
    name: str,
    samples: Sequence[Sample],
    listing: Sample | None = None,
    *,
    path: Path | str = "<draft>",
) -> Draft:
    """Infer a draft profile. Raises SampleError (naming the sample) or ValueError."""
    if not MIN_SAMPLES <= len(samples) <= MAX_SAMPLES:
        raise ValueError(
            f"{len(samples)} article pages given: give {MIN_SAMPLES} to {MAX_SAMPLES}"
            " (pages of different sections and layouts make a better profile)"
        )
    pages = [read_sample(s) for s in samples]
    try:
        pattern = learn_pattern([p.url for p in pages])
    except ValueError as exc:
        raise SampleError(str(exc).split(": ")[0], str(exc).split(": ", 1)[-1]) from None
    found = infer_fields(pages)
    notes = dict(found.notes)
    host = (urlsplit(pages[0].url).hostname or "").lower()
    origin = "{0.scheme}://{0.netloc}/".format(urlsplit(pages[0].url))
    data: dict = {
        "name": name,
        "start_urls": [listing.url if listing else origin],
        "allowed_domains": [host.removeprefix("www.")],
        "article_url_pattern": pattern.regex,
    }
    if found.date_formats:
        data["date_formats"] = found.date_formats[:2]
    data["drop"] = [*found.drop, *ALWAYS_DROP]
    for key in ("title", "date", "body"):
        if key not in found.fields:
            raise ValueError(
                f"no {key} selector holds on every sample ({notes.get(key, '')}); the pages may"
                " not share one layout: give pages of one portal, one article template"
            )
    probe = profile_from_dict({**data, "fields": found.fields}, path)
    if listing is not None:
        doc = parse_document(listing.html, listing.encoding)
        inferred = infer_listing(doc, listing.url, probe)
        if inferred.listing:
            data["listing"] = inferred.listing
            data["start_urls"] = inferred.sections
        notes.update({f"listing.{k}": v for k, v in inferred.notes.items()})
    else:
        notes["listing"] = (
            "no listing page given (--listing): the crawl finds articles in the sitemaps and"
            " feeds, and by following links"
        )
    data["fields"] = found.fields
    if found.other_news:
        data["other_news"] = found.other_news
    profile = profile_from_dict(data, path)
    draft = Draft(data=data, profile=profile, pattern=pattern, pages=pages, notes=notes)
    draft.results = compare(pages, profile, data)
    return draft
