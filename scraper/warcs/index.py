"""Index first, read later: the captures of every WARC are listed (URL, date, status, where the
record starts) without keeping a single body; the records chosen are then read by offset, one
at a time. Memory grows with the number of records, not with their size.

- Only `response` and `revisit` records of http(s) URLs are captures; `request`, `metadata`,
  `resource`, `warcinfo` and `conversion` records are skipped.
- The same URL captured several times: the latest capture wins (WARC-Date; for equal dates the
  later file, then the later record, as given on the command line).
- A `revisit` record (identical payload, or server-not-modified) is read from the response it
  refers to: by `WARC-Refers-To` (record id), by `WARC-Refers-To-Target-URI` and
  `WARC-Refers-To-Date`, else by `WARC-Payload-Digest`. One that refers to nothing in the
  given files cannot be read (`ReadError` says so).
- Bodies are decoded as a browser would (`decode`): chunked transfer encoding and gzip,
  deflate or br content encoding, as wget and Browsertrix store them raw.
- A damaged or truncated file: what was indexed before the damage is kept; `problems` says
  where it stopped.
"""

from __future__ import annotations

import contextlib
import io
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

from warcio.archiveiterator import ArchiveIterator

from scraper.captures import CapturedResponse
from scraper.warcs.decode import DecodeError, decoded_body
from scraper.warcs.sources import Source

log = logging.getLogger(__name__)

_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
_CAPTURES = ("response", "revisit")
_REDIRECTS = (301, 302, 303, 307, 308)
_NOT_WHOLE = "non-chunked gzip file detected"
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class ReadError(Exception):
    """A chosen capture that cannot be read (the message says why)."""


class _WholeGzip(Exception):
    """warcio met a second record inside a gzip member: the file is gzipped as one whole."""


@dataclass(slots=True)
class Capture:
    """One response (or revisit) record: what it is and where it starts. No body."""

    url: str
    date: datetime  # WARC-Date (UTC)
    status: int  # HTTP status; 0 for a revisit without HTTP headers
    mime: str  # Content-Type without parameters, lower case ("" when not given)
    source: int  # index of the Source
    offset: int  # where the record starts in the source's stream
    record_id: str
    order: int  # position among all records of all files, for ties
    revisit: bool = False
    digest: str = ""  # WARC-Payload-Digest
    refers_to: tuple[str, str, str] | None = None  # revisit: (record id, target URI, date)
    location: str = ""  # a redirect's Location


@dataclass
class SourceStats:
    label: str
    records: int = 0
    captures: int = 0
    revisits: int = 0
    problem: str = ""


def parse_warc_date(value: str | None) -> datetime | None:
    """WARC-Date (`2025-05-28T01:52:00Z`, with a fraction in WARC 1.1) as an aware datetime."""
    if not value:
        return None
    try:
        date = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return date if date.tzinfo else date.replace(tzinfo=UTC)


@contextlib.contextmanager
def _warcio_messages(label: str) -> Iterator[io.StringIO]:
    """warcio writes some warnings straight to standard error: log them, naming the file."""
    captured = io.StringIO()
    try:
        with contextlib.redirect_stderr(captured):
            yield captured
    finally:
        for line in captured.getvalue().splitlines():
            if line.strip():
                log.warning("%s: %s", label, line.strip())


def _truncated(offset: int, records: int) -> str:
    return (
        f"the file ends in the middle of the record at byte {offset}, after {records} whole"
        " records (it is truncated)"
    )


def _left_over(stream, offset: int) -> bool:
    """Bytes after the last whole record (not blank lines): a record cut short."""
    try:
        stream.seek(offset)
        return bool(stream.read(4096).strip())
    except Exception:  # noqa: BLE001 - a compressed stream cut short says so by raising
        return True


def _at_end(source: Source) -> bool:
    """Nothing left to read after a failure: the file ended where it failed."""
    try:
        return not source.stream().read(1)
    except Exception:  # noqa: BLE001 - a compressed stream cut short says so by raising
        return True


class CaptureIndex:
    """Every capture of the sources, and the reading of one by its offset."""

    def __init__(self, sources: list[Source]) -> None:
        self.sources = sources
        self.captures: list[Capture] = []
        self.stats: list[SourceStats] = [SourceStats(s.label) for s in sources]
        self._latest: dict[str, Capture] | None = None
        self._originals: tuple[dict, dict, dict] | None = None
        self._order = 0

    # -- indexing --------------------------------------------------------------------------

    def scan(self) -> None:
        for number, source in enumerate(self.sources):
            log.info("indexing %s", source.label)
            first = len(self.captures)
            try:
                self._scan(number, source)
            except _WholeGzip:
                log.info("%s is gzipped as one whole; reading it as one stream", source.label)
                del self.captures[first:]
                self.stats[number] = SourceStats(source.label)
                source.read_as_whole_gzip()
                self._scan(number, source)
        self._latest = None
        self._originals = None
        for capture in self.captures:  # a revisit's status and type are its original's
            if capture.revisit and (capture.status in (0, 304) or not capture.mime):
                original = self.original(capture)
                if original is not None:
                    if capture.status in (0, 304):
                        capture.status = original.status
                    capture.mime = capture.mime or original.mime

    def _scan(self, number: int, source: Source) -> None:
        stats = self.stats[number]
        offset = 0
        try:
            stream = source.stream()
            stream.seek(0)
            with _warcio_messages(source.label):
                records = ArchiveIterator(stream, arc2warc=False)
                for record in records:
                    if record.format != "warc":
                        raise ValueError("an ARC file (the format before WARC), not a WARC")
                    capture = self._capture(record, number)
                    sized = (record.rec_headers.get_header("Content-Length") or "").isdigit()
                    offset = records.get_record_offset()  # reads the record to its end
                    if getattr(record.raw_stream, "limit", 0) > 0 or not sized:
                        # cut short, or its header is (then where it ends is unknown)
                        stats.problem = (
                            _truncated(offset, stats.records)
                            if _at_end(source)
                            else f"the record at byte {offset} has no Content-Length; the rest"
                            " of the file cannot be read"
                        )
                        return
                    stats.records += 1
                    offset = records.offset  # where the next record starts
                    if capture is not None:
                        capture.offset = records.get_record_offset()
                        self.captures.append(capture)
                        stats.captures += 1
                        stats.revisits += capture.revisit
            if _left_over(stream, offset):  # warcio ends quietly on a record cut in its header
                stats.problem = _truncated(offset, stats.records)
        except Exception as error:  # noqa: BLE001 - any damage: keep what came before it
            message = str(error).strip()
            if _NOT_WHOLE in message and not source.whole_gzip:
                raise _WholeGzip from None
            first = message.splitlines()[0] if message else ""
            if stats.records == 0 and not isinstance(error, EOFError):
                stats.problem = f"not a readable WARC file ({first or type(error).__name__})"
            elif isinstance(error, EOFError) or _at_end(source):
                stats.problem = _truncated(offset, stats.records)
            else:
                stats.problem = (
                    f"unreadable after its first {stats.records} records, at byte {offset}"
                    f" ({type(error).__name__}: {first})"
                )

    def _capture(self, record, number: int) -> Capture | None:
        self._order += 1
        kind = record.rec_type
        url = record.rec_headers.get_header("WARC-Target-URI") or ""
        if kind not in _CAPTURES or not url.startswith(("http://", "https://")):
            return None
        date = parse_warc_date(record.rec_headers.get_header("WARC-Date"))
        if date is None:
            log.warning("%s: no valid WARC-Date; taken as the oldest capture", url)
            date = _EPOCH
        http = record.http_headers
        status = 0
        mime = ""
        location = ""
        if http is not None:
            try:
                status = int(http.get_statuscode() or 0)
            except ValueError:
                status = 0
            mime = (http.get_header("Content-Type") or "").split(";")[0].strip().lower()
            if status in _REDIRECTS:
                location = http.get_header("Location") or ""
        refers = None
        if kind == "revisit":
            headers = record.rec_headers
            refers = (
                headers.get_header("WARC-Refers-To") or "",
                headers.get_header("WARC-Refers-To-Target-URI") or "",
                headers.get_header("WARC-Refers-To-Date") or "",
            )
        return Capture(
            url=url,
            date=date.astimezone(UTC),
            status=status,
            mime=mime,
            source=number,
            offset=0,
            record_id=record.rec_headers.get_header("WARC-Record-ID") or "",
            order=self._order,
            revisit=kind == "revisit",
            digest=record.rec_headers.get_header("WARC-Payload-Digest") or "",
            refers_to=refers,
            location=location,
        )

    # -- choosing --------------------------------------------------------------------------

    @property
    def latest(self) -> dict[str, Capture]:
        """URL -> its latest capture."""
        if self._latest is None:
            latest: dict[str, Capture] = {}
            for capture in self.captures:
                known = latest.get(capture.url)
                if known is None or (capture.date, capture.order) > (known.date, known.order):
                    latest[capture.url] = capture
            self._latest = latest
        return self._latest

    def resolve(self, url: str, hops: int = 5) -> Capture | None:
        """The latest capture of `url`, following captured redirects to where they lead."""
        for _ in range(hops + 1):
            capture = self.latest.get(url)
            if capture is None or capture.status not in _REDIRECTS or not capture.location:
                return capture
            url = urljoin(url, capture.location)
        return None

    def original(self, revisit: Capture) -> Capture | None:
        """The response a revisit record refers to, if it is in the given files."""
        if self._originals is None:
            by_id: dict[str, Capture] = {}
            by_uri_date: dict[tuple[str, datetime], Capture] = {}
            by_digest: dict[str, Capture] = {}
            for capture in self.captures:
                if capture.revisit:
                    continue
                by_id.setdefault(capture.record_id, capture)
                by_uri_date.setdefault((capture.url, capture.date), capture)
                if capture.digest:
                    by_digest.setdefault(capture.digest, capture)
            self._originals = (by_id, by_uri_date, by_digest)
        by_id, by_uri_date, by_digest = self._originals
        record_id, uri, date_text = revisit.refers_to or ("", "", "")
        if record_id and record_id in by_id:
            return by_id[record_id]
        date = parse_warc_date(date_text)
        if date is not None:
            found = by_uri_date.get((uri or revisit.url, date.astimezone(UTC)))
            if found is not None:
                return found
        return by_digest.get(revisit.digest) if revisit.digest else None

    # -- reading ---------------------------------------------------------------------------

    def read(self, capture: Capture, limit: int) -> CapturedResponse:
        """The capture's response, its body decoded; a revisit's body is its original's.
        Raises ReadError (unreadable, cut short, larger than `limit` bytes, unresolvable)."""
        record_headers, body = self._payload(capture, limit)
        headers = dict(record_headers)
        status = capture.status
        if capture.revisit:
            original = self.original(capture)
            if original is None:
                _, uri, date = capture.refers_to or ("", "", "")
                raise ReadError(
                    "a revisit record whose original capture is not in the given files"
                    f" (WARC-Refers-To-Target-URI {uri or 'not given'}, WARC-Refers-To-Date"
                    f" {date or 'not given'}, payload digest {capture.digest or 'not given'});"
                    " import the WARC that holds it too"
                )
            original_headers, body = self._payload(original, limit)
            headers = {**dict(original_headers), **headers}
            status = capture.status or original.status
        return CapturedResponse(
            url=capture.url,
            status=status,
            headers=headers,
            body=body,
            date=capture.date.astimezone(_TZ),
            warc_file=self.sources[capture.source].label,
            record_id=capture.record_id,
            payload_digest=capture.digest or None,
        )

    def _payload(self, capture: Capture, limit: int) -> tuple[list[tuple[str, str]], bytes]:
        source = self.sources[capture.source]
        try:
            stream = source.stream()
            stream.seek(capture.offset)
            with _warcio_messages(source.label) as messages:
                record = next(iter(ArchiveIterator(stream, arc2warc=False)))
                if (record.rec_headers.get_header("WARC-Record-ID") or "") != capture.record_id:
                    raise ReadError(f"no record {capture.record_id} at byte {capture.offset}")
                http = record.http_headers
                body = decoded_body(
                    record.raw_stream,
                    chunked=bool(http)
                    and (http.get_header("Transfer-Encoding") or "").lower() == "chunked",
                    content_encoding=http.get_header("Content-Encoding") if http else None,
                    limit=limit,
                )
                if messages.getvalue().strip():
                    problem = messages.getvalue().strip().splitlines()[0]
                    raise ReadError(f"the body cannot be read ({problem})")
        except DecodeError as error:
            raise ReadError(str(error)) from None
        except ReadError:
            raise
        except Exception as error:  # noqa: BLE001 - damaged data: that capture only
            raise ReadError(
                f"{source.label}: the record at byte {capture.offset} cannot be read"
                f" ({type(error).__name__}: {error})"
            ) from None
        if len(body) > limit:
            raise ReadError(f"larger than {limit} bytes")
        return (list(http.headers) if http else []), body
