"""The draft checked against the generic extractor: agreement per field, disagreements named."""

from __future__ import annotations

from dataclasses import replace

from scraper.infer import Sample, infer_profile
from scraper.infer.report import compare, render
from scraper.profiles import Selector
from tests.support.paths import TEST_FIXTURES

DEMO = TEST_FIXTURES / "demo_portal" / "tin-tuc"
PAGES = sorted(DEMO.glob("*.html"))[:4]


def samples() -> list[Sample]:
    return [
        Sample(str(p), f"http://127.0.0.1:8000/tin-tuc/{p.name}", p.read_bytes()) for p in PAGES
    ]


def test_a_draft_that_reads_the_wrong_element_is_reported_per_sample() -> None:
    draft = infer_profile("demo2", samples())
    assert all(r.agree == r.total == len(PAGES) for r in draft.results)
    wrong = replace(
        draft.profile,
        fields=replace(draft.profile.fields, lead=(Selector.parse("div.news-date"),)),
    )
    results = {r.name: r for r in compare(draft.pages, wrong, draft.data)}
    assert results["lead"].agree == 0
    assert [d.source for d in results["lead"].disagreements] == [str(p) for p in PAGES]
    assert results["title"].agree == len(PAGES)
    text = render(list(results.values()), {})
    assert f"lead on {PAGES[0]}:" in text
    assert "generic: " in text and "profile: " in text


def test_a_sample_the_draft_cannot_extract_is_a_disagreement_on_every_field() -> None:
    draft = infer_profile("demo2", samples())
    broken = replace(
        draft.profile, fields=replace(draft.profile.fields, title=(Selector.parse("h6.none"),))
    )
    results = compare(draft.pages, broken, draft.data)
    assert all(r.agree == 0 for r in results)
    assert "not extracted: no title found" in results[0].disagreements[0].profile


def test_the_same_samples_give_the_same_draft() -> None:
    assert infer_profile("demo2", samples()).toml() == infer_profile("demo2", samples()).toml()
