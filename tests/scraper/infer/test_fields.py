"""The field selectors learned from five pages hold on the portal's other pages: extracted with
the draft, every other article of both offline portals agrees with the generic extractor."""

from __future__ import annotations

import pytest

from scraper.infer import Sample, infer_profile
from scraper.infer.pages import read_sample
from scraper.infer.report import compare
from tests.scraper.infer.test_command import DEMO_PAGES, GOV_IDS
from tests.support.paths import TEST_FIXTURES

ORIGIN = "http://127.0.0.1:8000"
GOV = TEST_FIXTURES / "gov_portal" / "Pages" / "tin-tuc"
DEMO = TEST_FIXTURES / "demo_portal" / "tin-tuc"


def gov_sample(path) -> Sample:
    return Sample(
        str(path), f"{ORIGIN}/Pages/tin-tuc/{path.name.replace('@', '?')}", path.read_bytes()
    )


def demo_sample(path) -> Sample:
    return Sample(str(path), f"{ORIGIN}/tin-tuc/{path.name}", path.read_bytes())


PORTALS = {
    "gov": (
        [gov_sample(GOV / f"chi-tiet.aspx@ItemID={i}") for i in GOV_IDS],
        [gov_sample(p) for p in sorted(GOV.glob("chi-tiet.aspx@*"))],
    ),
    "demo": (
        [demo_sample(DEMO / name) for name in DEMO_PAGES],
        [demo_sample(p) for p in sorted(DEMO.glob("*.html"))],
    ),
}


@pytest.mark.parametrize("portal", sorted(PORTALS))
def test_what_five_pages_teach_holds_on_every_other_page(portal: str) -> None:
    samples, everything = PORTALS[portal]
    draft = infer_profile(portal, samples)
    others = [read_sample(s) for s in everything if s.url not in {x.url for x in samples}]
    assert len(others) >= 49
    for result in compare(others, draft.profile, draft.data):
        assert result.agree == result.total == len(others), (result.name, result.disagreements[:3])


def test_the_expected_fields_are_learned() -> None:
    draft = infer_profile("gov", PORTALS["gov"][0])
    fields = draft.data["fields"]
    assert set(fields) >= {"title", "date", "lead", "body", "figure", "captions", "category"}
    assert "byline" not in fields  # printed at the body's end: read there, no selector
    assert "byline" in draft.notes
    demo = infer_profile("demo", PORTALS["demo"][0]).data["fields"]
    assert "byline" in demo and "tags" in demo  # a byline box after the body, tag links
