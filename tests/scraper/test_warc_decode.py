"""scraper/warcs/decode.py: bodies as the browser saw them, within a size limit."""

from __future__ import annotations

import gzip
import io
import zlib

import brotli
import pytest

from scraper.warcs import decode as decode_module
from scraper.warcs.decode import DecodeError, decoded_body, encodings
from tests.scraper.warc_support import chunked

PAGE = "<html><body><p>Ngày 28/05/2025, Ban Thường vụ Tỉnh ủy họp.</p></body></html>".encode()
LIMIT = 1024 * 1024


def decode(data: bytes, encoding: str | None, *, is_chunked: bool = False, limit: int = LIMIT):
    return decoded_body(
        io.BytesIO(data), chunked=is_chunked, content_encoding=encoding, limit=limit
    )


def raw_deflate(data: bytes) -> bytes:
    deflater = zlib.compressobj(wbits=-15)
    return deflater.compress(data) + deflater.flush()


@pytest.mark.parametrize(
    ("encoding", "encoded"),
    [
        (None, PAGE),
        ("identity", PAGE),
        ("gzip", gzip.compress(PAGE)),
        ("x-gzip", gzip.compress(PAGE)),
        ("GZIP", gzip.compress(PAGE)),
        ("deflate", zlib.compress(PAGE)),
        ("deflate", raw_deflate(PAGE)),  # what many servers send as "deflate"
        ("br", brotli.compress(PAGE)),
        ("zstd", decode_module.zstd.compress(PAGE)),
        ("gzip, br", brotli.compress(gzip.compress(PAGE))),  # applied in that order
    ],
)
@pytest.mark.parametrize("is_chunked", [False, True], ids=["length", "chunked"])
def test_encodings_are_undone(encoding, encoded, is_chunked):
    data = chunked(encoded, 7) if is_chunked else encoded
    assert decode(data, encoding, is_chunked=is_chunked) == PAGE


def test_a_body_stored_decoded_with_its_header_kept_is_taken_as_it_is():
    assert decode(PAGE, "gzip") == PAGE
    assert decode(PAGE, "br") == PAGE
    assert decode(PAGE, "deflate") == PAGE


def test_chunked_header_on_a_body_that_is_not_chunked():
    assert decode(PAGE, None, is_chunked=True) == PAGE


def test_undecodable_and_unsupported_bodies_say_why():
    with pytest.raises(DecodeError, match="not valid gzip"):
        decode(b"\x1f\x8b" + bytes(range(200)), "gzip")
    with pytest.raises(DecodeError, match="not valid br"):
        decode(bytes(range(256)) * 3, "br")
    with pytest.raises(DecodeError, match="not valid zstd"):
        decode(b"(\xb5/\xfd" + bytes(range(100)), "zstd")
    with pytest.raises(DecodeError, match="Content-Encoding compress is not supported"):
        decode(b"\x1f\x9d\x90...", "compress")
    truncated = gzip.compress(PAGE * 50)
    with pytest.raises(DecodeError, match="ends early"):
        decode(truncated[: len(truncated) // 2], "gzip")


@pytest.mark.parametrize(
    ("encoding", "compress"),
    [
        ("gzip", gzip.compress),
        ("br", lambda data: brotli.compress(data, quality=5)),
        ("deflate", zlib.compress),
        ("zstd", lambda data: decode_module.zstd.compress(data)),
    ],
)
def test_the_limit_holds_for_the_decoded_bytes(encoding, compress):
    bomb = compress(bytes(20 * 1024 * 1024))  # 20 MB of zeros in a few kB
    assert len(bomb) < 100_000
    body = decode(bomb, encoding, limit=LIMIT)
    assert LIMIT < len(body) <= 2 * LIMIT + 8192  # stopped just past the limit


def test_the_limit_holds_for_raw_bodies():
    assert len(decode(bytes(3 * LIMIT), None)) == LIMIT + 1


def test_encodings_header():
    assert encodings("gzip, br") == ["gzip", "br"]
    assert encodings(" identity ") == []
    assert encodings(None) == []
