"""Read every record of a WARC file with its digests checked, knowing where each one lies.

A record is named in messages by its file, its offset in that file, its WARC-Record-ID, type,
target URI and date, so that an operator can find it (`warcio extract FILE OFFSET` prints it).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.timeutils import iso_date_to_timestamp

log = logging.getLogger(__name__)
_CHUNK = 1 << 20
TRUNCATED = "truncated: the record ends before its Content-Length"


@dataclass
class RecordInfo:
    """One WARC record: where it is, what it says about itself, and what reading it found."""

    file: str  # the WARC file's name (as in the package: archive/<file>)
    offset: int
    length: int
    record_id: str
    rec_type: str
    uri: str
    date: str  # WARC-Date as written, e.g. 2026-12-07T23:20:01Z
    status: int | None  # HTTP status of a response
    payload_digest: str  # WARC-Payload-Digest as written ("" when absent)
    raw_sha256: str = ""  # "sha256:<hex>" of the record's bytes in the file (gzip member)
    problems: list[str] = field(default_factory=list)  # digest failures
    truncated: bool = False  # ends before its Content-Length

    @property
    def timestamp(self) -> str:
        """The 14-digit timestamp CDXJ and replay links use."""
        return iso_date_to_timestamp(self.date) if self.date else ""

    def label(self) -> str:
        """`record <urn:uuid:…> (response http://…, 2026-12-07T23:20:01Z, offset 1234)`."""
        what = f"{self.rec_type} {self.uri}".strip()
        return f"record {self.record_id or '(no id)'} ({what}, {self.date}, offset {self.offset})"


@dataclass(frozen=True)
class Gap:
    """Bytes of a WARC file that could not be read as records."""

    start: int  # where the unreadable record starts
    end: int | None  # where reading could start again (the next known record), None: never
    error: str

    def holds(self, offset: int) -> bool:
        return offset >= self.start and (self.end is None or offset < self.end)

    def describe(self, name: str = "") -> str:
        """`the record at offset N (NAME) cannot be read (bytes N to M): ERROR`."""
        what = f" ({name})" if name else ""
        span = (
            f"bytes {self.start} to {self.end}"
            if self.end is not None
            else f"from byte {self.start} to the end of the file, which cannot be checked"
        )
        return f"the record at offset {self.start}{what} cannot be read ({span}): {self.error}"


@dataclass
class WarcScan:
    file: str
    records: list[RecordInfo]
    gaps: list[Gap] = field(default_factory=list)
    size: int = 0  # where the last record read ends

    @property
    def problems(self) -> list[str]:
        """Every problem of this file, each naming the file and the record. A truncated last
        record is not one (see `notes`)."""
        return self.record_problems + [f"{self.file}: {gap.describe()}" for gap in self.gaps]

    @property
    def record_problems(self) -> list[str]:
        """The problems of the records that could be read."""
        found = []
        for number, record in enumerate(self.records, 1):
            reasons = list(record.problems)
            if record.truncated and number < len(self.records):
                reasons.append(TRUNCATED)
            found += [f"{self.file}: {record.label()}: {reason}" for reason in reasons]
        return found

    def gap_at(self, offset: int) -> Gap | None:
        return next((gap for gap in self.gaps if gap.holds(offset)), None)

    @property
    def notes(self) -> list[str]:
        """A truncated last record: what a crawl killed while writing leaves (the replay skips
        it too). Reported, not counted as a mismatch."""
        if self.records and self.records[-1].truncated:
            last = self.records[-1]
            return [
                f"{self.file}: {last.label()}: {TRUNCATED} at the end of the file (a crawl"
                " killed while writing leaves this; the record is ignored)"
            ]
        return []


def _printable(text: str, limit: int = 160) -> str:
    """An exception's text without the binary garbage a damaged record puts in it."""
    if "first line:" in text:  # warcio quotes the garbage it found instead of a header
        text = text.split("first line:")[0] + "its first line is not a WARC header"
    cleaned = "".join(c if c.isprintable() and ord(c) < 0x7F else "?" for c in text)
    cleaned = " ".join(cleaned.split())
    return cleaned if len(cleaned) <= limit else cleaned[:limit] + "…"


def _hash_ranges(raw: BinaryIO, ranges: Iterable[tuple[int, int]]) -> list[str]:
    """sha256 of each (offset, length) range of `raw`, read in increasing order."""
    digests = []
    position = raw.tell()
    for offset, length in ranges:
        if offset != position:
            raw.seek(offset)
        digest = hashlib.sha256()
        left = length
        while left > 0:
            chunk = raw.read(min(_CHUNK, left))
            if not chunk:
                break
            digest.update(chunk)
            left -= len(chunk)
        position = offset + length - left
        digests.append("sha256:" + digest.hexdigest())
    return digests


def _record_info(name: str, record) -> RecordInfo:
    headers = record.rec_headers
    status = None
    if record.http_headers is not None and record.rec_type == "response":
        try:
            status = int(record.http_headers.get_statuscode())
        except (TypeError, ValueError):
            status = None
    return RecordInfo(
        file=name,
        offset=0,
        length=0,
        record_id=headers.get_header("WARC-Record-ID") or "",
        rec_type=record.rec_type or "",
        uri=headers.get_header("WARC-Target-URI") or "",
        date=headers.get_header("WARC-Date") or "",
        status=status,
        payload_digest=headers.get_header("WARC-Payload-Digest") or "",
    )


def _read_from(
    name: str, opener: Callable[[], BinaryIO], start: int, records: list[RecordInfo]
) -> str:
    """Append the records read from `start` on; "" at the end of the file, else the error."""
    with opener() as stream:
        if start:
            stream.seek(start)
        iterator = ArchiveIterator(stream, check_digests=True)
        iterator.offset = start  # warcio counts from where reading began
        try:
            for record in iterator:
                info = _record_info(name, record)
                iterator.read_to_end()
                info.offset = iterator.get_record_offset()
                info.length = iterator.get_record_length()
                info.truncated = getattr(record.raw_stream, "limit", 0) > 0
                checker = record.digest_checker
                if checker is not None and checker.passed is False:
                    info.problems.extend(str(problem) for problem in checker.problems)
                records.append(info)
        except Exception as exc:  # noqa: BLE001 - a damaged file is a finding, not a crash
            return f"{type(exc).__name__}: {_printable(str(exc))}"
    return ""


def scan_warc(
    name: str, opener: Callable[[], BinaryIO], restart_at: Iterable[int] = ()
) -> WarcScan:
    """Every record of one WARC file, digests checked by warcio (payload and block), each
    record's own bytes hashed. `opener` returns a fresh binary stream on the file each call
    (a plain file or a member of a WACZ). When a record cannot be read, reading starts again
    at the next offset of `restart_at` (where records are known to start, e.g. from the
    package's index), so that one damaged record does not hide the rest of the file."""
    restarts = sorted(set(restart_at))
    records: list[RecordInfo] = []
    gaps: list[Gap] = []
    start = 0
    while True:
        error = _read_from(name, opener, start, records)
        if not error:
            break
        failed_at = start
        if records and records[-1].offset >= start:
            failed_at = records[-1].offset + records[-1].length
        resume = next((offset for offset in restarts if offset > failed_at), None)
        gaps.append(Gap(failed_at, resume, error))
        if resume is None:
            break
        start = resume
    if records:
        with opener() as raw:
            digests = _hash_ranges(raw, [(r.offset, r.length) for r in records])
        for info, digest in zip(records, digests, strict=True):
            info.raw_sha256 = digest
    size = records[-1].offset + records[-1].length if records else 0
    return WarcScan(name, records, gaps, size)


def hash_ranges(opener: Callable[[], BinaryIO], ranges: list[tuple[int, int]]) -> list[str]:
    """sha256 of byte ranges of a file (any order given; results in the order given)."""
    order = sorted(range(len(ranges)), key=lambda i: ranges[i])
    with opener() as raw:
        found = _hash_ranges(raw, [ranges[i] for i in order])
    result = [""] * len(ranges)
    for index, digest in zip(order, found, strict=True):
        result[index] = digest
    return result


def file_sha256(opener: Callable[[], BinaryIO]) -> tuple[int, str]:
    """(size, "sha256:<hex>") of a whole stream."""
    digest = hashlib.sha256()
    size = 0
    with opener() as stream:
        while chunk := stream.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return size, "sha256:" + digest.hexdigest()
