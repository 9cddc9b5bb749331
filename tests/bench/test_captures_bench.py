"""bench.captures: the WACZ figures of `make bench` are measured and reported (one crawl run)."""

from __future__ import annotations

import pytest

from bench.captures import measure
from bench.report import captures_lines

pytestmark = pytest.mark.slow


def test_one_run_measures_sizes_and_times_per_1000_articles(tmp_path):
    result = measure(1, tmp_path / "work")
    assert result["articles"] == 72 and result["warc_files"] == 1
    per = result["per_1000_articles"]
    assert per["package_mib"] > per["warc_mib"] > 0 and per["site_mib"] > 0
    assert per["package_s"] > 0 and per["verify_s"] >= per["validator_s"] > 0
    assert result["repackage_after_one_more_run"]["warc_files"] == 2
    table = "\n".join(captures_lines(result))
    assert "| WACZ package |" in table and "Made again after one more crawl run" in table
