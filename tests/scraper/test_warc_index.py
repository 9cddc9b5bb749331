"""scraper/warcs/sources.py and index.py: which captures there are, which one counts, how it is
read back by its offset."""

from __future__ import annotations

import gzip
import io
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from scraper.warcs.index import CaptureIndex, ReadError
from scraper.warcs.sources import SourceError, expand, open_source
from tests.scraper.warc_support import write_wacz

SITE = "https://tinhuy.example.vn"
HTML = "text/html; charset=utf-8"


class Warc:
    """A small WARC written record by record."""

    def __init__(self, path: Path, *, version: str = "1.0", gzip_records: bool = True) -> None:
        self.path = path
        self.handle = path.open("wb")
        self.writer = WARCWriter(self.handle, gzip=gzip_records, warc_version=version)
        self.writer.write_record(self.writer.create_warcinfo_record(path.name, {"x": "y"}))

    def response(self, url: str, body: bytes, date: str, *, status: int = 200, headers=()):
        http = StatusAndHeaders(f"{status} X", [("Content-Type", HTML), *headers], "HTTP/1.1")
        record = self.writer.create_warc_record(
            url, "response", payload=io.BytesIO(body), length=len(body), http_headers=http,
            warc_headers_dict={"WARC-Date": date},
        )  # fmt: skip
        self.writer.write_record(record)
        return record

    def revisit(self, url: str, original, date: str, *, by: str = "uri", http: bool = True):
        headers = StatusAndHeaders("200 OK", [("Content-Type", HTML)], "HTTP/1.1")
        record = self.writer.create_revisit_record(
            url,
            original.rec_headers.get_header("WARC-Payload-Digest"),
            original.rec_headers.get_header("WARC-Target-URI"),
            original.rec_headers.get_header("WARC-Date"),
            http_headers=headers if http else None,
            warc_headers_dict={"WARC-Date": date},
        )
        if by in ("id", "digest"):
            record.rec_headers.remove_header("WARC-Refers-To-Target-URI")
            record.rec_headers.remove_header("WARC-Refers-To-Date")
        if by == "id":
            record.rec_headers.add_header(
                "WARC-Refers-To", original.rec_headers.get_header("WARC-Record-ID")
            )
        self.writer.write_record(record)
        return record

    def other(self, kind: str, url: str) -> None:
        payload = b"GET / HTTP/1.1\r\nHost: x\r\n\r\n" if kind == "request" else b"x: y\r\n"
        self.writer.write_record(
            self.writer.create_warc_record(
                url, kind, payload=io.BytesIO(payload), warc_content_type="text/plain"
            )
        )

    def close(self) -> Path:
        self.handle.close()
        return self.path


def index_of(*paths: Path) -> CaptureIndex:
    sources = [source for path in paths for source in open_source(path)]
    index = CaptureIndex(sources)
    index.scan()
    return index


def body_of(index: CaptureIndex, url: str) -> bytes:
    return index.read(index.latest[url], 1_000_000).body


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


def make_pages(tmp_path: Path, name: str, count: int = 40, **options) -> Path:
    warc = Warc(tmp_path / name, **options)
    for number in range(count):
        body = f"<p>trang {number} {'chữ ' * 2000}</p>".encode()
        warc.response(f"{SITE}/{number}.html", body, f"2025-05-01T00:00:{number:02d}Z")
    return warc.close()


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


def test_not_a_warc(tmp_path):
    odd = tmp_path / "odd.warc.gz"
    odd.write_bytes(gzip.compress(b"<html>not a WARC</html>\n"))
    index = index_of(odd)
    assert index.captures == [] and index.stats[0].problem.startswith("not a readable WARC")
    for content, message in [
        (b"", "an empty file"),
        (b"%PDF-1.4", "not a WARC, WARC.gz or WACZ file"),
        (b"PK\x05\x06" + bytes(18), "not a WACZ"),
    ]:
        (tmp_path / "x").write_bytes(content)
        with pytest.raises(SourceError, match=message):
            open_source(tmp_path / "x")
    with pytest.raises(SourceError, match="no such file"):
        open_source(tmp_path / "missing.warc")


@pytest.mark.parametrize("deflate", [False, True], ids=["stored", "deflated"])
def test_wacz_members_are_read_in_place(tmp_path, deflate):
    first = make_pages(tmp_path, "a.warc.gz", count=10)
    second = make_pages(tmp_path, "b.warc", count=5, gzip_records=False)
    pages = [f"{SITE}/3.html", f"{SITE}/99.html"]
    wacz = write_wacz([first, second], tmp_path / "x.wacz", pages, deflate=deflate)
    sources = open_source(wacz)
    assert [s.label for s in sources] == ["x.wacz:archive/a.warc.gz", "x.wacz:archive/b.warc"]
    assert sources[0].pages == pages
    index = CaptureIndex(sources)
    index.scan()
    assert len(index.captures) == 15 and len(index.latest) == 10
    assert body_of(index, f"{SITE}/7.html").startswith(b"<p>trang 7 ")
    assert body_of(index, f"{SITE}/2.html").startswith(b"<p>trang 2 ")  # b.warc: the later


def test_wacz_with_an_unreadable_member(tmp_path):
    wacz = tmp_path / "x.wacz"
    with zipfile.ZipFile(wacz, "w") as archive:
        archive.writestr("archive/a.warc.gz", b"x" * 100, compress_type=zipfile.ZIP_BZIP2)
    with pytest.raises(SourceError, match="zip method 12"):
        open_source(wacz)


def test_a_folder_stands_for_its_archives(tmp_path):
    (tmp_path / "sub").mkdir()
    for name in ("b.warc.gz", "sub/a.wacz", "a.warc", "notes.txt", "c.cdx"):
        (tmp_path / name).write_bytes(b"")
    found = [p.relative_to(tmp_path).as_posix() for p in expand([tmp_path])]
    assert found == ["a.warc", "b.warc.gz", "sub/a.wacz"]


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
