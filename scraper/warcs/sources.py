"""The files given to `import-warc`: WARC (1.0 or 1.1, plain or gzipped) and WACZ.

Each WARC becomes a `Source`: a name for messages and reports, and a seekable stream of the
WARC's bytes, opened once and read where a record starts.

- `.warc`: the file itself.
- `.warc.gz` with one gzip member per record (wget, Heritrix, Browsertrix, our own crawls): the
  file itself; warcio decompresses each record where it starts.
- `.warc.gz` compressed as one whole (`gzip file.warc`): found when warcio meets a second
  record inside the first gzip member (`Source.whole_gzip`); the stream is then the
  decompressed bytes, seekable through checkpoints (`streams.Inflated`).
- `.wacz` (a zip; https://specs.webrecorder.net/wacz/): every `archive/*.warc[.gz]` member, read
  in place, never extracted: a stored member is a byte range of the zip (`streams.Window`), a
  deflated one is decompressed on demand. `pages/pages.jsonl` lists the pages the crawler
  visited; their URLs are kept (`Source.pages`).

A folder stands for the WARC and WACZ files in it (and below it), in name order.
"""

from __future__ import annotations

import json
import logging
import struct
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from scraper.warcs.streams import GZIP, RAW_DEFLATE, Inflated, Window

log = logging.getLogger(__name__)

SUFFIXES = (".warc", ".warc.gz", ".wacz")
PAGE_LISTS = ("pages/pages.jsonl", "pages/extraPages.jsonl")
_LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature, ..., file name length, extra length
_MAX_PAGE_LINE = 1024 * 1024


class SourceError(Exception):
    """A file that cannot be read as a WARC or a WACZ (the message says why)."""


@dataclass
class Source:
    """One WARC: where its bytes are, and how to read them."""

    label: str  # for messages and reports: "site.warc.gz", "crawl.wacz:archive/data.warc.gz"
    path: Path
    start: int = 0  # a WACZ member: where its data starts in the zip
    length: int | None = None  # a WACZ member: its size in the zip (None: the whole file)
    deflated: bool = False  # a WACZ member compressed by the zip
    whole_gzip: bool = False  # gzipped as one whole, not record by record
    pages: list[str] = field(default_factory=list)  # URLs listed in the WACZ's pages/*.jsonl
    _file: BinaryIO | None = field(default=None, repr=False)
    _stream: BinaryIO | None = field(default=None, repr=False)

    def stream(self) -> BinaryIO:
        """The WARC's bytes as a seekable stream (opened once, kept until `close`)."""
        if self._stream is None:
            self._file = self.path.open("rb")
            raw: BinaryIO = self._file
            if self.deflated:
                raw = Inflated(raw, wbits=RAW_DEFLATE, start=self.start, length=self.length)
            elif self.length is not None:
                raw = Window(raw, self.start, self.length)
            self._stream = Inflated(raw, wbits=GZIP) if self.whole_gzip else raw
        return self._stream

    def read_as_whole_gzip(self) -> None:
        """From now on read the WARC as one gzip stream (see the module's docstring)."""
        self.close()
        self.whole_gzip = True

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
        self._file = None
        self._stream = None


def expand(paths: Iterable[Path]) -> list[Path]:
    """Files as given; a folder: the WARC and WACZ files in it, in name order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            inside = [p for p in path.rglob("*") if p.is_file() and p.name.endswith(SUFFIXES)]
            found.extend(sorted(inside, key=lambda p: p.relative_to(path).as_posix()))
        else:
            found.append(path)
    return found


def open_source(path: Path) -> list[Source]:
    """The WARCs of one file. Raises SourceError naming what is wrong with it."""
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except FileNotFoundError:
        raise SourceError("no such file") from None
    except IsADirectoryError:
        raise SourceError("a folder without WARC or WACZ files") from None
    except OSError as error:
        raise SourceError(f"cannot read: {error.strerror}") from None
    if not head:
        raise SourceError("an empty file")
    if head.startswith(b"PK\x03\x04"):
        return _wacz(path)
    if head.startswith(b"\x1f\x8b") or head.startswith(b"WARC/"):
        return [Source(label=path.name, path=path)]
    if head.startswith(b"PK"):
        raise SourceError("a zip file that does not start with a file (not a WACZ)")
    raise SourceError(f"not a WARC, WARC.gz or WACZ file (it starts with {head[:5]!r})")


def _wacz(path: Path) -> list[Source]:
    try:
        with path.open("rb") as handle, zipfile.ZipFile(handle) as archive:
            members = [
                info
                for info in archive.infolist()
                if info.filename.startswith("archive/")
                and info.filename.lower().endswith((".warc", ".warc.gz"))
            ]
            if not members:
                raise SourceError("a zip file without archive/*.warc.gz in it (not a WACZ)")
            pages = _page_urls(archive, path)
            sources = []
            for info in sorted(members, key=lambda i: i.filename):
                start = _data_start(handle, info)
                sources.append(
                    Source(
                        label=f"{path.name}:{info.filename}",
                        path=path,
                        start=start,
                        length=info.compress_size,
                        deflated=_method(info) == zipfile.ZIP_DEFLATED,
                    )
                )
    except zipfile.BadZipFile as error:
        raise SourceError(f"not a readable zip file ({error}), so not a WACZ") from None
    except OSError as error:
        raise SourceError(f"cannot read: {error.strerror or error}") from None
    for source in sources:
        source.pages = pages  # the WACZ's, shared by its WARCs
    return sources


def _method(info: zipfile.ZipInfo) -> int:
    if info.flag_bits & 0x1:
        raise SourceError(f"{info.filename} is encrypted")
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise SourceError(
            f"{info.filename} is compressed with zip method {info.compress_type} (only stored"
            " and deflated members are read)"
        )
    return info.compress_type


def _data_start(handle: BinaryIO, info: zipfile.ZipInfo) -> int:
    """Where a member's data starts: after its local header, whose name and extra field may
    differ in length from the central directory's."""
    handle.seek(info.header_offset)
    header = handle.read(_LOCAL_HEADER.size)
    if len(header) < _LOCAL_HEADER.size:
        raise SourceError(f"{info.filename}: the zip file is cut short")
    signature, name_length, extra_length = _LOCAL_HEADER.unpack(header)
    if signature != b"PK\x03\x04":
        raise SourceError(f"{info.filename}: damaged zip entry (no local header)")
    return info.header_offset + _LOCAL_HEADER.size + name_length + extra_length


def _page_urls(archive: zipfile.ZipFile, path: Path) -> list[str]:
    """The URLs in pages/pages.jsonl and pages/extraPages.jsonl (the first line of each is a
    header). A damaged line is skipped."""
    names = set(archive.namelist())
    urls: list[str] = []
    for name in PAGE_LISTS:
        if name not in names:
            continue
        try:
            with archive.open(name) as handle:
                for number, line in enumerate(handle, 1):
                    if len(line) > _MAX_PAGE_LINE or not line.strip():
                        continue
                    try:
                        entry = json.loads(line)
                    except ValueError:
                        log.warning("%s: %s line %d is not JSON; skipped", path.name, name, number)
                        continue
                    if isinstance(entry, dict) and isinstance(entry.get("url"), str):
                        urls.append(entry["url"])
        except (OSError, zipfile.BadZipFile, EOFError) as error:
            log.warning("%s: %s could not be read (%s)", path.name, name, error)
    return urls
