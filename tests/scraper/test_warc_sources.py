"""scraper/warcs/sources.py: WARC, WARC.gz and WACZ files (and folders of them), opened in
place; anything else refused with a reason."""

from __future__ import annotations

import gzip
import zipfile

import pytest

from scraper.warcs.index import CaptureIndex
from scraper.warcs.sources import SourceError, expand, open_source
from tests.scraper.warc_support import SITE, body_of, index_of, make_pages, write_wacz


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
