"""search_index.zygote: the index process is forked before the site is read and fed records."""

from __future__ import annotations

import os
import pickle
import sys
from datetime import UTC, datetime

import pytest

from plugins.search_index.background import BackgroundError
from plugins.search_index.packed import PackedRecord
from plugins.search_index.records import RawArticle, raw_digest
from plugins.search_index.zygote import Zygote

SITE: list[str] = []  # what the build reads after the zygote started


def echo(header, records):
    return {"header": header, "records": list(records), "site": len(SITE)}


def test_records_and_header_reach_the_zygote_and_the_result_comes_back() -> None:
    zygote = Zygote(echo)
    zygote.feed({"output": "out"}, iter([[1, 2], [3], []]))
    assert zygote.result() == {"header": {"output": "out"}, "records": [1, 2, 3], "site": 0}


def test_the_zygote_does_not_hold_what_the_build_read_after_it_started() -> None:
    zygote = Zygote(echo)
    SITE.extend(["bài"] * 1000)  # read by the build (and seen by the feeder), not the zygote
    try:
        zygote.feed(None, iter([[len(SITE)]]))
        result = zygote.result()
    finally:
        SITE.clear()
    assert result["site"] == 0
    assert result["records"] == [1000]


def test_an_article_the_feeder_cannot_read_is_reported_by_name() -> None:
    def chunks():
        yield ["ok"]
        raise ValueError("could not read article content/2025/bai.md for the search index")

    zygote = Zygote(echo)
    zygote.feed(None, chunks())
    with pytest.raises(BackgroundError, match="content/2025/bai.md") as caught:
        zygote.result()
    assert caught.value.kind == "ValueError"


def test_a_feeder_that_dies_is_reported() -> None:
    def chunks():
        yield ["ok"]
        os._exit(3)

    zygote = Zygote(echo)
    zygote.feed(None, chunks())
    with pytest.raises(BackgroundError, match="stopped before sending every article"):
        zygote.result()


def test_an_error_in_the_zygote_comes_back() -> None:
    def fail(header, records):
        list(records)
        raise OSError("could not write output/search/manifest.json")

    zygote = Zygote(fail)
    zygote.feed(None, iter([[1]]))
    with pytest.raises(BackgroundError, match="manifest.json") as caught:
        zygote.result()
    assert caught.value.kind == "OSError"


def test_an_unused_zygote_exits_when_closed() -> None:
    zygote = Zygote(echo)
    pid = zygote.pid
    zygote.close()
    with pytest.raises(ChildProcessError):  # already reaped: no process left behind
        os.waitpid(pid, os.WNOHANG)


def test_a_process_forked_after_the_zygote_closes_it_without_waiting() -> None:
    """`pelican -lr` builds once, then runs its autoreload loop in a multiprocessing child,
    whose first build closes the zygote it inherited: a sibling there, not a child."""
    zygote = Zygote(echo)
    pid = os.fork()
    if pid == 0:  # the autoreload child
        try:
            zygote.close()
            os._exit(0)
        except BaseException:
            os._exit(1)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    zygote.close()  # its parent still reaps it
    with pytest.raises(ChildProcessError):
        os.waitpid(zygote.pid, os.WNOHANG)


def record(content: str) -> RawArticle:
    return RawArticle(
        url="2025/05/bai/",
        title="Đảng bộ tỉnh",
        date=datetime(2025, 5, 28, 1, 0, tzinfo=UTC),
        category="Tin tức",
        topics=("Đầu tư công", "Giao thông"),
        summary="Tóm tắt",
        content=content,
        source_path="content/2025/bai.md",
    )


def test_a_packed_record_survives_the_trip() -> None:
    raw = record("<p>Nội dung \ud800 có ký tự lạ</p>")
    packed = pickle.loads(pickle.dumps(PackedRecord.of(raw), protocol=pickle.HIGHEST_PROTOCOL))
    assert packed.unpack() == raw
    assert packed.url == raw.url and packed.source_path == raw.source_path


def test_a_packed_record_hashes_as_the_record_does() -> None:
    raw = record("<p>Ủy ban nhân dân tỉnh</p>")
    assert PackedRecord.of(raw).keys("settings") == (
        raw.date.timestamp(),
        raw.url,
        raw_digest(raw, "settings"),
    )
    assert PackedRecord.of(raw).keys("other") != PackedRecord.of(raw).keys("settings")


def test_packing_a_record_leaves_no_utf8_copy_in_its_text() -> None:
    """CPython keeps the UTF-8 form of a str that pickle wrote; the build's own article text
    must not grow by that copy when its record is sent to the index process."""
    content = "<p>Ủy ban nhân dân tỉnh họp phiên thường kỳ.</p>" * 200
    before = sys.getsizeof(content)
    pickle.dumps(PackedRecord.of(record(content)), protocol=pickle.HIGHEST_PROTOCOL)
    assert sys.getsizeof(content) == before
    pickle.dumps(record(content), protocol=pickle.HIGHEST_PROTOCOL)  # what packing avoids
    assert sys.getsizeof(content) > before
