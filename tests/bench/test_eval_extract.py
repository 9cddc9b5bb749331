"""The generic extractor on the development set (tests/fixtures/real-pages/*.gold.json): a floor
under today's figures, so extraction can only get better. `make eval-extract` prints the table."""

from __future__ import annotations

import pytest

from bench.eval_extract import load_devset, ours, view_of_ours
from bench.gold import score_page, total_of

# Today's figures (see the README, Benchmarks): raise them with the extractor, never lower.
MEAN_FLOOR = 0.99
RELATED_WRONG_CEILING = 0.05


@pytest.fixture(scope="module")
def totals():
    pages = load_devset()
    assert len(pages) >= 40, "the development set lost pages"
    return total_of(score_page(g, view_of_ours(ours(p.read_bytes(), p))) for g, p in pages)


def test_mean_of_fields_stays_above_the_floor(totals) -> None:
    assert totals.mean() >= MEAN_FLOOR, {f: totals.share(f) for f in totals.total}


def test_nothing_leaks_into_a_body(totals) -> None:
    assert totals.leaks == 0


def test_related_lists_hold_few_wrong_items(totals) -> None:
    assert totals.related_precision_error() <= RELATED_WRONG_CEILING


def test_the_scored_json_is_what_the_cli_prints(tmp_path) -> None:
    """The harness scores `python -m scraper extract PAGE --format json` itself."""
    import json
    import subprocess
    import sys

    gold, page = load_devset()[0]
    out = subprocess.run(
        [sys.executable, "-m", "scraper", "extract", str(page), "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert json.loads(out) == ours(page.read_bytes(), page)
