"""Seekable, read-only views of archive bytes, so that a record can be read at its offset
without reading (or decompressing) everything before it.

- `Window`: the bytes `[start, start + length)` of an open file (a WARC stored in a WACZ).
- `Inflated`: the decompressed bytes of a gzip (or raw deflate) stream, for a WARC gzipped as
  one whole file and a WARC deflated inside a WACZ. The decompressor's state is copied every
  `every` bytes of output as it goes (a checkpoint, ~40 kB each); a seek restarts from the
  nearest checkpoint before the target instead of from the beginning. At most
  `MAX_CHECKPOINTS` are kept: past that every other one is dropped and the spacing doubles
  (a 100 MB stream: one every 1 MiB; 1 GB: every 4 MiB, about 10 MB of checkpoints).
"""

from __future__ import annotations

import bisect
import io
import os
import zlib
from typing import BinaryIO

GZIP = 31  # zlib wbits: gzip header and trailer (several members allowed)
RAW_DEFLATE = -15  # zlib wbits: a bare deflate stream (zip members)
_CHUNK = 16 * 1024  # compressed bytes fed at a time (bounds what one feed decompresses to)
MAX_CHECKPOINTS = 256


class Window(io.RawIOBase):
    """The bytes `[start, start + length)` of `raw`, as a file of their own."""

    def __init__(self, raw: BinaryIO, start: int, length: int) -> None:
        super().__init__()
        self._raw = raw
        self._start = start
        self._length = length
        self._pos = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        base = {os.SEEK_SET: 0, os.SEEK_CUR: self._pos, os.SEEK_END: self._length}[whence]
        self._pos = max(0, base + offset)
        return self._pos

    def readinto(self, buffer) -> int:
        size = min(len(buffer), self._length - self._pos)
        if size <= 0:
            return 0
        self._raw.seek(self._start + self._pos)
        data = self._raw.read(size)
        buffer[: len(data)] = data
        self._pos += len(data)
        return len(data)


class Inflated(io.RawIOBase):
    """The decompressed bytes of the gzip (`wbits=GZIP`) or raw deflate (`RAW_DEFLATE`) stream
    in `raw[start:start + length]` (length None: to the end of the file). Readable and
    seekable; corrupt data raises `zlib.error`, input that ends before the stream does raises
    `EOFError` (a truncated file)."""

    def __init__(
        self,
        raw: BinaryIO,
        *,
        wbits: int = GZIP,
        start: int = 0,
        length: int | None = None,
        every: int = 1024 * 1024,
    ) -> None:
        super().__init__()
        self._raw = raw
        self._wbits = wbits
        self._start = start
        self._end = None if length is None else start + length
        self._every = every
        # checkpoint i: output position _marks[i] <-> (input position, decompressor state)
        self._marks: list[int] = [0]
        self._states: list[tuple[int, zlib._Decompress | None]] = [(start, None)]
        self._restore(0)

    @property
    def checkpoints(self) -> int:
        return len(self._marks)

    def _restore(self, index: int) -> None:
        self._out = self._marks[index]  # output position of the next byte read
        self._in, state = self._states[index]
        self._inflater = state.copy() if state is not None else zlib.decompressobj(self._wbits)
        self._pending = memoryview(b"")  # decompressed, not read yet
        self._done = False

    def _feed(self) -> None:
        """Decompress the next chunk of input into `_pending` (sets `_done` at the end)."""
        limit = _CHUNK if self._end is None else min(_CHUNK, self._end - self._in)
        data = b""
        if limit > 0 and not self._done:
            self._raw.seek(self._in)
            data = self._raw.read(limit)
        if not data:
            if not self._inflater.eof and self._in > self._start:
                raise EOFError(f"the compressed data ends early (at byte {self._in})")
            self._done = True
            return
        self._in += len(data)
        out = b""
        while data:
            if self._inflater.eof:
                if self._wbits != GZIP:  # a deflate stream ends here; what follows is not ours
                    self._done = True
                    break
                self._inflater = zlib.decompressobj(self._wbits)  # the next gzip member
            out += self._inflater.decompress(data)
            data = self._inflater.unused_data if self._inflater.eof else b""
        if self._inflater.eof and self._wbits != GZIP:
            self._done = True
        self._pending = memoryview(bytes(self._pending) + out if self._pending else out)
        end = self._out + len(self._pending)
        if not self._done and end - self._marks[-1] >= self._every:
            # this state is the decompressor's once everything pending has been read
            self._marks.append(end)
            self._states.append((self._in, self._inflater.copy()))
            if len(self._marks) > MAX_CHECKPOINTS:
                self._marks = self._marks[::2]
                self._states = self._states[::2]
                self._every *= 2

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._out

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        if whence == os.SEEK_CUR:
            offset += self._out
        elif whence != os.SEEK_SET:
            raise io.UnsupportedOperation("an Inflated stream seeks from the start or from here")
        offset = max(0, offset)
        index = bisect.bisect_right(self._marks, offset) - 1
        if offset < self._out or self._marks[index] > self._out + len(self._pending):
            self._restore(index)  # nearer than reading on from here
        while self._out < offset:
            if not self._pending:
                if self._done:
                    break
                self._feed()
                continue
            skip = min(len(self._pending), offset - self._out)
            self._pending = self._pending[skip:]
            self._out += skip
        return self._out

    def readinto(self, buffer) -> int:
        """Fill `buffer` as far as the stream goes (short only at the end)."""
        filled = 0
        while filled < len(buffer):
            if not self._pending:
                if self._done:
                    break
                self._feed()
                continue
            size = min(len(buffer) - filled, len(self._pending))
            buffer[filled : filled + size] = self._pending[:size]
            self._pending = self._pending[size:]
            self._out += size
            filled += size
        return filled
