"""plugins/other_news/parse.py: a whole Other_news value, malformed lines reported with the file.

The line format itself is tested in tests/archive_core/test_listing.py.
"""

from __future__ import annotations

import logging

from plugins.other_news.parse import parse_listing


def test_parse_listing_skips_blanks_and_reports_bad_lines_with_the_file(caplog):
    value = ["", "Tin A (28/05/2025)", "Tin B (30/02/2025)", "   ", "Tin C <ftp://x.vn/c>"]
    with caplog.at_level(logging.WARNING, logger="plugins.other_news.parse"):
        items = parse_listing(value, source="longan/2025/05/bai.md")
    assert [item.title for item in items] == ["Tin A", "Tin B (30/02/2025)", "Tin C <ftp://x.vn/c>"]
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 2
    assert all("longan/2025/05/bai.md" in message for message in warnings)
    assert "Tin B (30/02/2025)" in warnings[0] and "kept it as a plain title" in warnings[0]
