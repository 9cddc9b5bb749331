"""Small pieces of scraper/packages without a crawl: the article -> record lookup, the header
reader, refusals."""

from __future__ import annotations

import pytest

from scraper.packages.articles import ArticleRef, CaptureIndex, find_capture, read_articles
from scraper.packages.create import PackageError, package_portal
from scraper.packages.records import RecordInfo


def record(record_id: str, uri: str, date: str, status: int = 200, file: str = "a.warc.gz"):
    return RecordInfo(file, 0, 10, record_id, "response", uri, date, status, "sha1:X")


URL = "http://portal.example/tin-tuc/bai-1.html"


def article(**keys) -> ArticleRef:
    base = {"path": None, "title": "Bài", "portal": "p", "source": URL, "captured": ""}
    return ArticleRef(**{**base, **keys})


def test_find_capture_by_source_and_captured_prefers_the_200_of_that_second():
    index = CaptureIndex(
        [
            record("<urn:uuid:1>", URL, "2026-12-07T23:20:01Z", status=500),
            record("<urn:uuid:2>", URL, "2026-12-07T23:20:01Z"),
            record("<urn:uuid:3>", URL, "2026-12-08T23:20:01Z"),
        ]
    )
    found = find_capture(article(captured="2026-12-08T06:20:01+07:00"), index)
    assert found is not None and found.record_id == "<urn:uuid:2>"
    assert find_capture(article(captured="2026-12-08T06:20:02+07:00"), index) is None
    assert find_capture(article(captured="not a date"), index) is None


def test_find_capture_by_the_capture_keys_when_present():
    index = CaptureIndex(
        [
            record("<urn:uuid:1>", URL, "2026-12-07T23:20:01Z", file="demo-1.warc.gz"),
            record("<urn:uuid:2>", URL, "2026-12-07T23:20:01Z", file="demo-2.warc.gz"),
        ]
    )
    keyed = article(capture_record="<urn:uuid:1>", capture_file="captures/demo/demo-1.warc.gz")
    assert find_capture(keyed, index).record_id == "<urn:uuid:1>"
    elsewhere = article(capture_record="<urn:uuid:1>", capture_file="demo-2.warc.gz")
    assert find_capture(elsewhere, index) is None
    assert find_capture(article(capture_record="<urn:uuid:9>"), index) is None


def test_read_articles_takes_captured_articles_of_the_portal_only(tmp_path):
    (tmp_path / "a.md").write_text(
        "Title: A &lt;b&gt; &amp; c\nDate: 2025-01-01T00:00:00+07:00\n"
        "Source: http://x.example/a?x=1&amp;y=2\nCaptured: 2026-12-08T06:20:01+07:00\n"
        "Portal: p\nOther_news: Tin (01/01/2025)\n    Tin khác\n\nThân bài.\n",
        encoding="utf-8",
    )
    (tmp_path / "b.md").write_text("Title: Editor's\nDate: 2025-01-01\nPortal: p\n\nX\n")
    (tmp_path / "c.md").write_text(
        "Title: C\nSource: http://x.example/c\nCaptured: 2026-12-08T06:20:01+07:00\n"
        "Portal: q\n\nX\n"
    )
    (found,) = read_articles(tmp_path, "p")
    assert found.title == "A <b> & c" and found.source == "http://x.example/a?x=1&y=2"
    assert found.captured_utc == "2026-12-07T23:20:01Z"
    assert [a.portal for a in read_articles(tmp_path)] == ["p", "q"]


def test_a_portal_named_packages_is_refused(tmp_path):
    with pytest.raises(PackageError, match="cannot be named 'packages'"):
        package_portal(tmp_path, "packages", tmp_path)
