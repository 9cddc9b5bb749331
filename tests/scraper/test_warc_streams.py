"""scraper/warcs/streams.py: byte ranges and decompressed streams that seek."""

from __future__ import annotations

import gzip
import io
import random
import zlib

import pytest

from scraper.warcs.streams import RAW_DEFLATE, Inflated, Window

_RANDOM = random.Random(19)
DATA = b"".join(f"{i:06d} {'xin chào ' * _RANDOM.randint(0, 30)}\n".encode() for i in range(25_000))


def gzip_members(data: bytes, parts: int) -> bytes:
    size = len(data) // parts + 1
    return b"".join(gzip.compress(data[i : i + size]) for i in range(0, len(data), size))


@pytest.mark.parametrize("parts", [1, 7], ids=["one member", "several members"])
def test_inflated_reads_and_seeks_anywhere(parts):
    stream = Inflated(io.BytesIO(gzip_members(DATA, parts)), every=256 * 1024)
    assert stream.read() == DATA
    assert stream.checkpoints > 5
    for _ in range(300):
        offset = _RANDOM.randrange(len(DATA))
        size = _RANDOM.randrange(1, 70_000)
        stream.seek(offset)
        assert stream.tell() == offset
        assert stream.read(size) == DATA[offset : offset + size]
    assert stream.seek(len(DATA) + 5) == len(DATA)
    assert stream.read(10) == b""


def test_inflated_seeks_before_reading_everything():
    stream = io.BufferedReader(Inflated(io.BytesIO(gzip.compress(DATA)), every=100_000))
    stream.seek(len(DATA) - 100)
    assert stream.read() == DATA[-100:]
    stream.seek(10)
    assert stream.read(5) == DATA[10:15]


def test_a_backward_seek_restarts_from_a_checkpoint_not_the_start():
    compressed = io.BytesIO(gzip.compress(DATA))
    stream = Inflated(compressed, every=64 * 1024)
    stream.read()
    reads = []
    original = compressed.read

    def counting(size=-1):
        data = original(size)
        reads.append(len(data))
        return data

    compressed.read = counting
    stream.seek(len(DATA) - 1000)
    assert stream.read() == DATA[-1000:]
    assert sum(reads) < len(compressed.getvalue()) // 4


def test_raw_deflate_in_a_window_of_a_bigger_file():
    deflater = zlib.compressobj(wbits=-15)
    raw = deflater.compress(DATA) + deflater.flush()
    blob = b"zip header" + raw + b"next member"
    stream = Inflated(io.BytesIO(blob), wbits=RAW_DEFLATE, start=10, length=len(raw))
    assert stream.read() == DATA
    stream.seek(12345)
    assert stream.read(10) == DATA[12345:12355]


def test_truncated_and_corrupt_data_raise():
    compressed = gzip.compress(DATA)
    with pytest.raises(EOFError, match="ends early"):
        Inflated(io.BytesIO(compressed[: len(compressed) // 2])).read()
    damaged = compressed[:200] + bytes(300) + compressed[500:]
    with pytest.raises(zlib.error):
        Inflated(io.BytesIO(damaged)).read()


def test_window_is_a_file_of_its_own():
    window = Window(io.BytesIO(b"0123456789abcdef"), 4, 6)
    assert window.read() == b"456789"
    window.seek(2)
    assert window.read(2) == b"67"
    window.seek(-1, io.SEEK_END)
    assert window.read() == b"9"
    assert window.tell() == 6


def test_checkpoints_are_thinned_past_the_maximum(monkeypatch):
    monkeypatch.setattr("scraper.warcs.streams.MAX_CHECKPOINTS", 8)
    stream = Inflated(io.BytesIO(gzip.compress(DATA)), every=16 * 1024)
    assert stream.read() == DATA
    assert 4 <= stream.checkpoints <= 8
    for offset in (len(DATA) - 7, 3, len(DATA) // 2):
        stream.seek(offset)
        assert stream.read(7) == DATA[offset : offset + 7]
