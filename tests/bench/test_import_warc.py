"""bench.import_warc: its generated WARC holds articles both ways of importing find."""

from __future__ import annotations

import pytest

from bench.import_warc import measure

pytestmark = pytest.mark.slow


def test_every_generated_page_is_imported_with_and_without_a_profile(tmp_path):
    result = measure(pages=4, work=tmp_path)
    assert result["import_profile"]["articles"] == 4
    assert result["import_generic"]["articles"] == 4
    for key in ("python_with_importer", "import_profile", "import_generic", "every_body_loaded"):
        assert result[key]["max_rss_mb"] > 10
