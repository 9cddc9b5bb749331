"""scraper/report.py: the crawl's summary says which fields were left empty, and how often."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from scraper.models import Article
from scraper.report import Report

DATE = datetime(2025, 5, 28, 8, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


def article(**fields) -> Article:
    return Article(title="Tin", date=DATE, body_markdown="Nội dung.", **fields)


def test_fields_not_found_are_counted_and_summarised() -> None:
    report = Report()
    report.record_missing(article(authors=["Minh Thư"], summary="Sapo", category="Tin"))
    report.record_missing(article(summary="Sapo", category="Tin"))
    report.record_missing(article(category="Tin"))
    assert report.missing == {"authors": 2, "lead": 1}
    assert "Not found, left empty: authors on 2 pages, lead on 1 page" in report.summary()


def test_a_complete_crawl_has_no_such_line() -> None:
    report = Report()
    report.record_missing(article(authors=["Minh Thư"], summary="Sapo", category="Tin"))
    assert "Not found" not in report.summary()
