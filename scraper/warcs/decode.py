"""A response body as the browser saw it: transfer and content encodings undone, with a size
limit that holds for the decoded bytes too (a small compressed body may decode to gigabytes).

wget and Browsertrix store bodies raw, as sent: `Transfer-Encoding: chunked` framing and
`Content-Encoding` gzip, deflate, br or zstd (our own crawler asks for all four, as Scrapy
does). warcio's own decoding is not used for the content encoding: with brotli 1.2 its br
decoder fails (`'brotli.Decompressor' object has no attribute 'unused_data'`) and it has no
zstd. Some tools store the decoded body and keep the header: a body that is not compressed the
way its header says is taken as it is when it already looks like text.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Callable
from typing import BinaryIO

import brotli
from warcio.bufferedreaders import ChunkedDataReader

try:  # Python 3.14's, else the backport Scrapy installs for its own zstd support
    from compression import zstd  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - depends on the Python version
    try:
        from backports import zstd  # type: ignore[import-not-found,no-redef]
    except ImportError:
        zstd = None

_FEED = 4096  # compressed bytes decoded at a time
_BLOCK = 1024 * 1024


class DecodeError(ValueError):
    """A body that cannot be decoded (the message says why)."""


def read_upto(stream: BinaryIO, limit: int) -> bytes:
    """At most `limit` + 1 bytes (one more than allowed tells that there are more)."""
    parts: list[bytes] = []
    size = 0
    while size <= limit:
        chunk = stream.read(min(_BLOCK, limit + 1 - size))
        if not chunk:
            break
        parts.append(chunk)
        size += len(chunk)
    return b"".join(parts)


def _zlib(data: bytes, wbits: int, limit: int) -> bytes:
    inflater = zlib.decompressobj(wbits)
    out = inflater.decompress(data, limit + 1)
    if len(out) <= limit and not inflater.eof and not inflater.unconsumed_tail:
        raise zlib.error("the compressed data ends early")
    return out


def _brotli(data: bytes, limit: int) -> bytes:
    decoder = brotli.Decompressor()
    parts: list[bytes] = []
    size = 0
    for start in range(0, len(data), _FEED):
        out = decoder.process(data[start : start + _FEED], output_buffer_limit=limit + 1)
        while True:
            parts.append(out)
            size += len(out)
            if size > limit or decoder.can_accept_more_data():
                break
            out = decoder.process(b"", output_buffer_limit=limit + 1)
        if size > limit:
            break
    if size <= limit and not decoder.is_finished():
        raise brotli.error("the compressed data ends early")
    return b"".join(parts)


def _zstd(data: bytes, limit: int) -> bytes:
    if zstd is None:
        raise _Unsupported
    try:
        return read_upto(zstd.ZstdFile(io.BytesIO(data)), limit)  # read(n) allocates n bytes
    except (zstd.ZstdError, EOFError) as error:
        raise _Invalid(str(error)) from None


class _Invalid(Exception):
    """Not valid data of its encoding (the message says why)."""


class _Unsupported(Exception):
    """No decoder for that encoding here."""


def _deflate(data: bytes, limit: int) -> bytes:
    try:
        return _zlib(data, zlib.MAX_WBITS, limit)  # zlib-wrapped, as the standard says
    except zlib.error:
        return _zlib(data, -zlib.MAX_WBITS, limit)  # bare deflate, as many servers send


_DECODERS: dict[str, Callable[[bytes, int], bytes]] = {
    "gzip": lambda data, limit: _zlib(data, 16 + zlib.MAX_WBITS, limit),
    "x-gzip": lambda data, limit: _zlib(data, 16 + zlib.MAX_WBITS, limit),
    "deflate": _deflate,
    "br": _brotli,
    "zstd": _zstd,
}
_COMPRESSED = {"gzip": b"\x1f\x8b", "x-gzip": b"\x1f\x8b"}


def _looks_decoded(data: bytes) -> bool:
    head = data[:512].lstrip()
    return head.startswith((b"<", b"{", b"[")) or not head or _mostly_text(head)


def _mostly_text(head: bytes) -> bool:
    printable = sum(1 for byte in head if byte >= 0x20 or byte in b"\t\r\n")
    return printable >= 0.95 * len(head)


def encodings(value: str | None) -> list[str]:
    """`Content-Encoding: gzip, br` -> ["gzip", "br"] (applied in that order)."""
    names = [part.strip().lower() for part in (value or "").split(",")]
    return [name for name in names if name and name != "identity"]


def decoded_body(
    payload: BinaryIO, *, chunked: bool, content_encoding: str | None, limit: int
) -> bytes:
    """The body of a response record's payload stream. Raises DecodeError; a body larger
    than `limit` bytes (raw or decoded) comes back with `limit` + 1 bytes or more."""
    stream: BinaryIO = ChunkedDataReader(payload) if chunked else payload
    data = read_upto(stream, limit)
    if len(data) > limit:
        return data
    for name in reversed(encodings(content_encoding)):
        decoder = _DECODERS.get(name)
        if decoder is None:
            raise DecodeError(f"Content-Encoding {name} is not supported")
        magic = _COMPRESSED.get(name)
        if magic is not None and not data.startswith(magic) and _looks_decoded(data):
            continue  # stored decoded, the header kept
        try:
            data = decoder(data, limit)
        except _Unsupported:
            raise DecodeError(f"Content-Encoding {name} is not supported here") from None
        except (zlib.error, brotli.error, _Invalid) as error:
            if _looks_decoded(data):
                continue
            raise DecodeError(f"the body is not valid {name} ({error})") from None
        if len(data) > limit:
            return data
    return data
