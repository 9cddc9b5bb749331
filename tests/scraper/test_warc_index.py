"""scraper/warcs/index.py: which captures there are, which one counts, how it is read back by
its offset."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime

import pytest

from scraper.warcs.index import ReadError
from tests.scraper.warc_support import SITE, Warc, body_of, index_of, make_pages


def test_only_responses_and_revisits_of_web_pages_are_captures(tmp_path):
    warc = Warc(tmp_path / "a.warc.gz")
    warc.other("request", SITE + "/a.html")
    page = warc.response(SITE + "/a.html", b"<p>a</p>", "2025-05-01T00:00:00Z")
    warc.other("metadata", SITE + "/a.html")
    warc.other("resource", "urn:text:" + SITE + "/a.html")
    warc.other("resource", SITE + "/screenshot.png")
    warc.revisit(SITE + "/b.html", page, "2025-05-02T00:00:00Z")
    index = index_of(warc.close())
    assert sorted(index.latest) == [SITE + "/a.html", SITE + "/b.html"]
    assert [c.revisit for c in index.captures] == [False, True]
    assert index.stats[0].records == 7 and index.stats[0].problem == ""


def test_the_latest_capture_wins_by_date_then_by_order(tmp_path):
    url = SITE + "/tin.html"
    first = Warc(tmp_path / "1.warc.gz")
    first.response(url, b"<p>newest</p>", "2025-05-03T00:00:00Z")
    first.response(url, b"<p>oldest</p>", "2025-05-01T00:00:00Z")
    first.response(SITE + "/same.html", b"<p>same time, first file</p>", "2025-05-02T00:00:00Z")
    second = Warc(tmp_path / "2.warc", gzip_records=False)
    second.response(url, b"<p>middle</p>", "2025-05-02T00:00:00Z")
    second.response(SITE + "/same.html", b"<p>same time, later file</p>", "2025-05-02T00:00:00Z")
    index = index_of(first.close(), second.close())
    assert body_of(index, url) == b"<p>newest</p>"
    assert body_of(index, SITE + "/same.html") == b"<p>same time, later file</p>"
    capture = index.latest[url]
    response = index.read(capture, 1000)
    assert response.date == datetime(2025, 5, 3, 7, 0, tzinfo=response.date.tzinfo)
    assert response.warc_file == "1.warc.gz" and response.record_id == capture.record_id


@pytest.mark.parametrize("by", ["uri", "id", "digest"])
def test_a_revisit_reads_the_payload_of_its_original(tmp_path, by):
    url = SITE + "/tin.html"
    warc = Warc(tmp_path / "a.warc.gz", version="1.1")
    original = warc.response(url, b"<p>the text</p>", "2025-05-01T00:00:00.000000Z")
    warc.revisit(url, original, "2025-06-01T00:00:00.000000Z", by=by)
    index = index_of(warc.close())
    capture = index.latest[url]
    assert capture.revisit
    response = index.read(capture, 1000)
    assert response.body == b"<p>the text</p>" and response.status == 200
    assert response.date.astimezone(UTC) == datetime(2025, 6, 1, tzinfo=UTC)


def test_a_revisit_without_http_headers_takes_its_originals_status_and_type(tmp_path):
    warc = Warc(tmp_path / "a.warc.gz")
    original = warc.response(SITE + "/a.html", b"<p>a</p>", "2025-05-01T00:00:00Z")
    warc.revisit(SITE + "/b.html", original, "2025-05-02T00:00:00Z", http=False)
    capture = index_of(warc.close()).latest[SITE + "/b.html"]
    assert (capture.status, capture.mime) == (200, "text/html")


def test_a_revisit_of_a_capture_not_given_cannot_be_read(tmp_path):
    elsewhere = Warc(tmp_path / "old.warc.gz")
    original = elsewhere.response(SITE + "/a.html", b"<p>a</p>", "2025-05-01T00:00:00Z")
    elsewhere.close()
    warc = Warc(tmp_path / "new.warc.gz")
    warc.revisit(SITE + "/a.html", original, "2025-06-01T00:00:00Z")
    index = index_of(warc.close())
    with pytest.raises(ReadError, match="original capture is not in the given files"):
        index.read(index.latest[SITE + "/a.html"], 1000)
    both = index_of(tmp_path / "old.warc.gz", tmp_path / "new.warc.gz")
    assert body_of(both, SITE + "/a.html") == b"<p>a</p>"


def test_encoded_bodies_are_decoded_and_the_limit_holds(tmp_path):
    page = "<p>Tin hoạt động</p>".encode() * 100
    warc = Warc(tmp_path / "a.warc.gz")
    warc.response(SITE + "/g.html", gzip.compress(page), "2025-05-01T00:00:00Z",
                  headers=[("Content-Encoding", "gzip")])  # fmt: skip
    warc.response(SITE + "/z.html", b"\x1f\x9d\x90", "2025-05-01T00:00:00Z",
                  headers=[("Content-Encoding", "compress")])  # fmt: skip
    index = index_of(warc.close())
    assert body_of(index, SITE + "/g.html") == page
    with pytest.raises(ReadError, match="larger than 100 bytes"):
        index.read(index.latest[SITE + "/g.html"], 100)
    with pytest.raises(ReadError, match="Content-Encoding compress is not supported"):
        body_of(index, SITE + "/z.html")


def test_redirects_are_followed_to_the_captured_target(tmp_path):
    warc = Warc(tmp_path / "a.warc.gz")
    warc.response(SITE + "/old.jpg", b"", "2025-05-01T00:00:00Z", status=301,
                  headers=[("Location", "/new.jpg")])  # fmt: skip
    warc.response(SITE + "/new.jpg", b"\xff\xd8\xff", "2025-05-01T00:00:00Z")
    warc.response(SITE + "/loop", b"", "2025-05-01T00:00:00Z", status=302,
                  headers=[("Location", "/loop")])  # fmt: skip
    index = index_of(warc.close())
    assert index.resolve(SITE + "/old.jpg").url == SITE + "/new.jpg"
    assert index.resolve(SITE + "/loop") is None
    assert index.resolve(SITE + "/nowhere.jpg") is None


def test_a_warc_gzipped_as_one_whole_is_read_as_one_stream(tmp_path):
    plain = make_pages(tmp_path, "plain.warc", gzip_records=False)
    whole = tmp_path / "whole.warc.gz"
    whole.write_bytes(gzip.compress(plain.read_bytes()))
    index = index_of(whole)
    assert index.sources[0].whole_gzip and index.stats[0].problem == ""
    assert len(index.latest) == 40
    for number in (39, 0, 17):  # any order
        assert body_of(index, f"{SITE}/{number}.html").startswith(f"<p>trang {number} ".encode())


@pytest.mark.parametrize("gzip_records", [True, False], ids=["warc.gz", "warc"])
def test_a_truncated_file_keeps_the_records_before_the_cut(tmp_path, gzip_records):
    name = "a.warc.gz" if gzip_records else "a.warc"
    path = make_pages(tmp_path, name, gzip_records=gzip_records)
    path.write_bytes(path.read_bytes()[: path.stat().st_size * 3 // 4])
    index = index_of(path)
    assert "(it is truncated)" in index.stats[0].problem
    assert 20 <= len(index.latest) < 40
    for url in index.latest:
        assert body_of(index, url).endswith(b"</p>")


@pytest.mark.parametrize("form", ["warc.gz", "warc", "one gzip"])
def test_a_file_cut_anywhere_is_read_up_to_the_cut(tmp_path, form):
    whole = make_pages(tmp_path, "whole", count=6, gzip_records=form == "warc.gz").read_bytes()
    if form == "one gzip":
        whole = gzip.compress(whole)
    cut = tmp_path / "cut"
    for size in range(40, len(whole), 997 if form == "warc" else 97):
        cut.write_bytes(whole[:size])
        index = index_of(cut)
        assert index.stats[0].problem.endswith("(it is truncated)") or not index.stats[0].problem
        for capture in index.captures:  # every capture it kept is whole
            number = capture.url.rsplit("/", 1)[1].split(".")[0]
            assert index.read(capture, 1_000_000).body.startswith(f"<p>trang {number} ".encode())
            assert index.read(capture, 1_000_000).body.endswith(b"</p>")
