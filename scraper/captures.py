"""Raw captures: every response (and every failed download) of a crawl, kept in WARC files, and
the replay that rebuilds the articles from them with no network.

Files: `captures/<portal>/<portal>-<UTC time>-<pid>.warc.gz`, one per run, one gzip member per
record (a crash leaves at most one truncated record at the end, which the replay skips). A
cluster worker puts its worker id (`<host>-<pid>`) in place of the pid: unique across machines.
The capture time of a page is its response record's WARC-Date; the article's `Captured` header
is that time, so a replay writes the same bytes as the crawl did.
"""

from __future__ import annotations

import http
import io
import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote
from zoneinfo import ZoneInfo

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from scraper.models import RawPage
from scraper.warcs.decode import DecodeError, decoded_body

log = logging.getLogger(__name__)
_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
_HOP_BY_HOP = {"transfer-encoding"}  # Scrapy hands us the de-chunked body
_NO_LIMIT = 1 << 40  # a replay reads what the crawl accepted


def now_utc() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def warc_date(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class WarcLog:
    """Appends records to one WARC file; flushed after every record."""

    def __init__(
        self, folder: Path, portal: str, info: dict[str, str], tag: str | None = None
    ) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        stamp = now_utc().strftime("%Y%m%d%H%M%S")
        self.path = folder / f"{portal}-{stamp}-{tag or os.getpid()}.warc.gz"
        self._file = self.path.open("ab")
        self._writer = WARCWriter(self._file, gzip=True)
        record = self._writer.create_warcinfo_record(self.path.name, info)
        self._write(record)

    def _write(self, record) -> None:
        self._writer.write_record(record)
        self._file.flush()

    def response(
        self,
        url: str,
        status: int,
        headers: list[tuple[str, str]],
        body: bytes,
        when: datetime,
        *,
        protocol: str = "HTTP/1.1",
        request_line: str | None = None,
        request_headers: list[tuple[str, str]] | None = None,
    ) -> tuple[str, str]:
        """Write a response (and its request) record; returns the response record's
        (WARC-Record-ID, WARC-Payload-Digest), what an article extracted from it cites."""
        try:
            reason = http.HTTPStatus(status).phrase
        except ValueError:
            reason = ""
        kept = [(k, v) for k, v in headers if k.lower() not in _HOP_BY_HOP]
        http_headers = StatusAndHeaders(f"{status} {reason}".strip(), kept, protocol=protocol)
        record = self._writer.create_warc_record(
            url,
            "response",
            payload=io.BytesIO(body),
            length=len(body),
            http_headers=http_headers,
            warc_headers_dict={"WARC-Date": warc_date(when)},
        )
        if request_line:
            req = self._writer.create_warc_record(
                url,
                "request",
                payload=io.BytesIO(b""),
                length=0,
                http_headers=StatusAndHeaders(
                    request_line, request_headers or [], is_http_request=True
                ),
                warc_headers_dict={
                    "WARC-Date": warc_date(when),
                    "WARC-Concurrent-To": record.rec_headers.get_header("WARC-Record-ID"),
                },
            )
            self._write(req)
        self._write(record)  # warcio fills in the digests as it writes
        headers = record.rec_headers
        return headers.get_header("WARC-Record-ID"), headers.get_header("WARC-Payload-Digest")

    def failure(self, url: str, reason: str, when: datetime) -> None:
        """A download that produced no response (time-out, too large, connection lost...)."""
        record = self._writer.create_warc_record(
            url,
            "metadata",
            payload=io.BytesIO(f"download-failed: {reason}\n".encode()),
            warc_content_type="application/warc-fields",
            warc_headers_dict={"WARC-Date": warc_date(when)},
        )
        self._write(record)

    def close(self) -> None:
        self._file.close()


_PRINTABLE = frozenset(range(0x20, 0x7F))
_SAFE = "".join(chr(b) for b in sorted(_PRINTABLE - {ord("%")}))


def header_text(raw: bytes) -> str:
    """A header name or value as WARC-safe text: printable ASCII as sent; anything else (raw
    UTF-8 such as a Vietnamese file name, control characters) percent-encoded, reversibly.
    warcio itself fails on some non-ASCII headers, and a CR or LF would break the record."""
    if all(byte in _PRINTABLE for byte in raw):
        return raw.decode("ascii")
    return quote(raw, safe=_SAFE)


def _headers(scrapy_headers) -> list[tuple[str, str]]:
    pairs = []
    for key, values in scrapy_headers.items():
        for value in values:
            pairs.append((header_text(key), header_text(value)))
    return pairs


class CaptureMiddleware:
    """Downloader middleware (order 950: next to the downloader) writing every response —
    redirects, errors and retried ones included — and every failed download to the WARC."""

    def __init__(
        self, folder: Path, portal: str, info: dict[str, str], tag: str | None = None
    ) -> None:
        self.folder = folder
        self.portal = portal
        self.info = info
        self.tag = tag  # in the file name instead of the pid (a cluster worker's id)
        self._log: WarcLog | None = None

    @classmethod
    def from_crawler(cls, crawler):
        from scrapy import signals

        settings = crawler.settings
        middleware = cls(
            Path(settings.get("CAPTURES_DIR", "captures")) / settings.get("PORTAL", "portal"),
            settings.get("PORTAL", "portal"),
            {
                "software": settings.get("USER_AGENT", ""),
                "portal": settings.get("PORTAL", ""),
                "format": "WARC File Format 1.0",
            },
            settings.get("CAPTURE_TAG") or None,
        )
        crawler.signals.connect(middleware.close, signal=signals.spider_closed)
        return middleware

    @property
    def warc(self) -> WarcLog:
        if self._log is None:
            self._log = WarcLog(self.folder, self.portal, self.info, self.tag)
        return self._log

    def process_response(self, request, response):
        when = now_utc()
        path = request.url.split("://", 1)[-1].split("/", 1)
        target = "/" + (path[1] if len(path) > 1 else "")
        try:
            record_id, digest = self.warc.response(
                response.url,
                response.status,
                _headers(response.headers),
                response.body,
                when,
                protocol=getattr(response, "protocol", None) or "HTTP/1.1",
                request_line=f"{request.method} {target} HTTP/1.1",
                request_headers=_headers(request.headers),
            )
            request.meta["capture"] = (self.warc.path.name, record_id, digest)
        except Exception:  # the page itself is fine: archive it, say loudly it is not captured
            log.exception("%s: the response could not be written to the WARC", response.url)
        request.meta["captured"] = when.astimezone(_TZ).isoformat()
        return response

    def process_exception(self, request, exception):
        self.warc.failure(request.url, f"{type(exception).__name__}: {exception}", now_utc())
        return None

    def close(self, spider=None) -> None:
        if self._log is not None:
            self._log.close()
            log.info("captures written to %s", self._log.path)


# -- reading ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CapturedResponse:
    url: str
    status: int
    headers: dict[str, str]
    body: bytes
    date: datetime
    warc_file: str | None = None  # the capture file (a WACZ member: "x.wacz:archive/y.warc.gz")
    record_id: str | None = None  # its WARC-Record-ID
    payload_digest: str | None = None  # its WARC-Payload-Digest

    def raw_page(self, url: str) -> RawPage:
        """The page as extraction takes it, `url` its address, still naming its capture."""
        return RawPage(
            url,
            self.status,
            self.headers,
            self.body,
            self.date,
            warc_file=self.warc_file,
            warc_record_id=self.record_id,
            warc_payload_digest=self.payload_digest,
        )


def warc_files(captures: Path) -> list[Path]:
    if captures.is_file():
        return [captures]
    return sorted(
        list(captures.rglob("*.warc.gz")) + list(captures.rglob("*.warc")), key=lambda p: p.name
    )


def read_responses(captures: Path) -> Iterator[CapturedResponse]:
    """Every response record, file by file in time order; a truncated tail is skipped."""
    for path in warc_files(captures):
        with path.open("rb") as handle:
            try:
                for record in ArchiveIterator(handle):
                    if record.rec_type != "response" or record.http_headers is None:
                        continue
                    url = record.rec_headers.get_header("WARC-Target-URI")
                    date = datetime.fromisoformat(
                        record.rec_headers.get_header("WARC-Date").replace("Z", "+00:00")
                    )
                    http = record.http_headers
                    try:  # as sent: chunked, gzip, deflate, br or zstd (warcio fails on br)
                        body = decoded_body(
                            record.raw_stream,
                            chunked=(http.get_header("Transfer-Encoding") or "").lower()
                            == "chunked",
                            content_encoding=http.get_header("Content-Encoding"),
                            limit=_NO_LIMIT,
                        )
                    except DecodeError as error:
                        log.warning("%s: the response of %s: %s; ignored", path, url, error)
                        continue
                    record.raw_stream.read()
                    if getattr(record.raw_stream, "limit", 0) > 0:
                        log.warning(
                            "%s: the record of %s is truncated (a crawl that was killed leaves"
                            " this); ignored",
                            path,
                            url,
                        )
                        continue
                    yield CapturedResponse(
                        url=url,
                        status=int(record.http_headers.get_statuscode()),
                        headers=dict(record.http_headers.headers),
                        body=body,
                        date=date.astimezone(_TZ),
                        warc_file=path.name,
                        record_id=record.rec_headers.get_header("WARC-Record-ID"),
                        payload_digest=record.rec_headers.get_header("WARC-Payload-Digest"),
                    )
            except Exception as error:  # noqa: BLE001 - a damaged tail must not stop the replay
                log.warning(
                    "%s: unreadable record after the last good one (%s); the rest of this file"
                    " is ignored (a crawl that was killed leaves this)",
                    path,
                    error,
                )


def read_portal(captures: Path) -> str | None:
    """The portal named in the first warcinfo record, if any."""
    for path in warc_files(captures):
        with path.open("rb") as handle:
            try:
                for record in ArchiveIterator(handle):
                    if record.rec_type == "warcinfo":
                        for line in record.content_stream().read().decode().splitlines():
                            key, _, value = line.partition(":")
                            if key.strip() == "portal" and value.strip():
                                return value.strip()
                    break
            except Exception:  # noqa: BLE001
                continue
    return None


def latest_pages(captures: Path) -> dict[str, CapturedResponse]:
    """URL -> its last captured response."""
    latest: dict[str, CapturedResponse] = {}
    for response in read_responses(captures):
        latest[response.url] = response
    return latest


def resolve(
    latest: dict[str, CapturedResponse], url: str, hops: int = 5
) -> CapturedResponse | None:
    """Follow captured redirects from `url` to the final captured response."""
    from urllib.parse import urljoin

    for _ in range(hops + 1):
        response = latest.get(url)
        if response is None or response.status not in (301, 302, 303, 307, 308):
            return response
        location = next((v for k, v in response.headers.items() if k.lower() == "location"), None)
        if not location:
            return response
        url = urljoin(url, location)
    return None


def replay_captures(
    captures: Path,
    output: Path,
    *,
    profile_name: str | None = None,
    images: bool = True,
) -> int:
    """Re-extract every captured article page into `output`, with no network. Exit code."""
    from scraper.process import extract_page, localise_images, store_article
    from scraper.profiles import ProfileError, load_profile
    from scraper.report import Report
    from scraper.settings import IMAGE_MAX_BYTES
    from scraper.store import Store

    captures = Path(captures)
    if not captures.exists() or not warc_files(captures):
        print(
            f"error: {captures}: no WARC files (*.warc.gz) there; give the captures folder of a"
            " crawl, e.g. captures/demo"
        )
        return 2
    name = profile_name or read_portal(captures) or captures.name
    try:
        profile = load_profile(name)
    except ProfileError as error:
        print(f"error: {error}\n(use --profile NAME to choose the profile of these captures)")
        return 2
    latest = latest_pages(captures)
    store = Store(output)
    report = Report()
    for url in sorted(latest):
        response = latest[url]
        if response.status != 200 or not profile.is_article_url(url):
            continue
        report.pages_fetched += 1
        page = response.raw_page(url)
        article = extract_page(page, profile, report)
        if article is None:
            continue
        if images:
            fetched: dict[str, bytes | str] = {}
            for image in article.images:
                found = resolve(latest, image.src)
                if found is None:
                    fetched[image.src] = "not in the captures"
                elif found.status != 200:
                    fetched[image.src] = f"HTTP {found.status}"
                else:
                    fetched[image.src] = found.body
            article = localise_images(article, fetched, store, report, IMAGE_MAX_BYTES)
        store_article(article, store, report)
    print(report.summary(output))
    return report.exit_code()
