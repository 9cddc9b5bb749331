"""Helpers for the import-warc tests: web archives as other tools make them.

- `wget_mirror`: Debian's wget, recursive with `--warc-file`, against the demo portal on
  127.0.0.1 only, robots.txt obeyed.
- `write_tool_warc`: a WARC written with warcio the way Heritrix (WARC/1.0) and Browsertrix
  (WARC/1.1) write theirs: request, metadata and resource records beside the responses, HTML
  stored raw with its Content-Encoding (gzip, br, deflate) and chunked transfer encoding, later
  `revisit` records (by URI and date, or by payload digest only), an older capture after the
  newer one in the file.
- `Warc`, `make_pages`: small WARCs written record by record; `index_of`, `body_of`: what
  the index makes of them.
- `write_wacz`: a WACZ (https://specs.webrecorder.net/wacz/1.1.1/): a zip holding
  `archive/*.warc.gz`, `pages/pages.jsonl`, `datapackage.json`.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import re
import shutil
import subprocess
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import brotli
import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from scraper.captures import CapturedResponse
from scraper.warcs.index import CaptureIndex
from scraper.warcs.sources import open_source

WGET = "/usr/bin/wget"
YEAR = timedelta(days=365)
# the lines that say when and where a page was captured (another tool: another record)
_CAPTURED = re.compile(r"^Captur(ed|e_file|e_record|e_digest): .*\n", re.MULTILINE)


def wget_mirror(base_url: str, folder: Path, name: str = "wget") -> Path:
    """Mirror the portal at `base_url` (127.0.0.1 only) with wget; the WARC's path."""
    assert base_url.startswith("http://127.0.0.1:"), "wget runs against 127.0.0.1 only"
    wget = shutil.which("wget") or WGET
    if not Path(wget).is_file():
        pytest.fail(f"{WGET} is missing: run `make deps-system` (installs Debian's wget)")
    folder.mkdir(parents=True, exist_ok=True)
    command = [
        wget, "--recursive", "--level=inf", "--no-verbose", "-e", "robots=on",
        "--domains=127.0.0.1", "--no-http-keep-alive", "--tries=1", "--timeout=10",
        f"--warc-file={folder / name}", f"--directory-prefix={folder / 'site'}",
        base_url + "/",
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    # exit code 8: some links answered 404 (the demo portal has dead "Các tin khác" links)
    assert result.returncode in (0, 8), result.stderr[-2000:]
    warc = folder / f"{name}.warc.gz"
    assert warc.is_file(), result.stderr[-2000:]
    return warc


def without_captured(text: str) -> str:
    return _CAPTURED.sub("", text)


def article_tree(folder: Path) -> dict[str, str | bytes]:
    """Every file under `folder`: Markdown without its capture lines, other files as bytes."""
    tree: dict[str, str | bytes] = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            key = path.relative_to(folder).as_posix()
            if path.suffix == ".md":
                tree[key] = without_captured(path.read_text(encoding="utf-8"))
            else:
                tree[key] = path.read_bytes()
    return tree


# -- WARCs as other tools write them -----------------------------------------------------------


def encode(body: bytes, encoding: str) -> bytes:
    if encoding == "gzip":
        return gzip.compress(body, mtime=0)
    if encoding == "deflate":
        return zlib.compress(body)
    if encoding == "br":
        return brotli.compress(body)
    return body


def chunked(body: bytes, size: int = 1000) -> bytes:
    pieces = [body[i : i + size] for i in range(0, len(body), size)]
    return b"".join(b"%x\r\n%s\r\n" % (len(piece), piece) for piece in pieces) + b"0\r\n\r\n"


def warc_date(value: datetime, version: str) -> str:
    if version == "1.1":
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class ToolWarc:
    """What `write_tool_warc` put in the file, for the assertions."""

    path: Path
    first: datetime  # date of the responses
    revisited: datetime  # date of the revisits of article pages
    revisits: list[str] = field(default_factory=list)  # URLs whose latest capture is a revisit
    by_digest: list[str] = field(default_factory=list)  # ... of which refer by digest only
    older_after: list[str] = field(default_factory=list)  # an older capture later in the file
    unresolvable: str = ""  # a revisit of a capture that is not in the file


def _http(status: int, headers: list[tuple[str, str]]) -> StatusAndHeaders:
    reason = {200: "OK", 404: "Not Found", 301: "Moved Permanently"}.get(status, "")
    return StatusAndHeaders(f"{status} {reason}".strip(), headers, protocol="HTTP/1.1")


def write_tool_warc(
    responses: list[CapturedResponse],
    path: Path,
    *,
    version: str = "1.0",
    article: re.Pattern[str] | None = None,
    first: datetime | None = None,
) -> ToolWarc:
    """Write `responses` (200s of a crawl) as another tool would; see the module docstring.
    The n-th response is dated `first` + n seconds, the revisits 30 days later."""
    article = article or re.compile(r"/tin-tuc/[a-z0-9-]+-\d+\.html$")
    first = (first or datetime(2025, 6, 1, 1, 0, tzinfo=UTC)).replace(microsecond=0)
    info = ToolWarc(path=path, first=first, revisited=first + timedelta(days=30))
    encodings = ("gzip", "br", "deflate", "")
    digests: dict[str, tuple[str, str]] = {}  # url -> (payload digest, WARC-Date)
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True, warc_version=version)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test-tool"}))
        pages = sorted((r for r in responses if r.status == 200), key=lambda r: r.url)
        for number, response in enumerate(pages):
            when = warc_date(first + timedelta(seconds=number), version)
            ctype = next(
                (v for k, v in response.headers.items() if k.lower() == "content-type"), ""
            )
            headers = [("Content-Type", ctype)] if ctype else []
            body = response.body
            if ctype.startswith("text/html"):
                coding = encodings[number % len(encodings)]
                if coding:
                    body = encode(body, coding)
                    headers.append(("Content-Encoding", coding))
                if number % 2:
                    body = chunked(body)
                    headers.append(("Transfer-Encoding", "chunked"))
                else:
                    headers.append(("Content-Length", str(len(body))))
            request = writer.create_warc_record(
                response.url,
                "request",
                payload=io.BytesIO(b""),
                length=0,
                http_headers=StatusAndHeaders(
                    f"GET {urlsplit(response.url).path or '/'} HTTP/1.1",
                    [("User-Agent", "test-tool")],
                    is_http_request=True,
                ),
                warc_headers_dict={"WARC-Date": when},
            )
            record = writer.create_warc_record(
                response.url,
                "response",
                payload=io.BytesIO(body),
                length=len(body),
                http_headers=_http(200, headers),
                warc_headers_dict={"WARC-Date": when},
            )
            writer.write_record(request)
            writer.write_record(record)
            digests[response.url] = (record.rec_headers.get_header("WARC-Payload-Digest"), when)
            outlinks = writer.create_warc_record(
                response.url,
                "metadata",
                payload=io.BytesIO(b"outlink: http://127.0.0.1/ L a/@href\n"),
                warc_content_type="application/warc-fields",
                warc_headers_dict={"WARC-Date": when},
            )
            writer.write_record(outlinks)
            if article.search(response.url) and len(info.older_after) < 5:
                # an older capture of the page, written after the newer one: the date decides
                older = response.body.replace(b"</h1>", " (BẢN CŨ)</h1>".encode(), 1)
                writer.write_record(
                    writer.create_warc_record(
                        response.url,
                        "response",
                        payload=io.BytesIO(older),
                        length=len(older),
                        http_headers=_http(200, [("Content-Type", ctype)]),
                        warc_headers_dict={"WARC-Date": warc_date(first - YEAR, version)},
                    )
                )
                info.older_after.append(response.url)
        screenshot = writer.create_warc_record(
            "urn:view:" + pages[0].url,
            "resource",
            payload=io.BytesIO(b"\x89PNG\r\n\x1a\nscreenshot"),
            warc_content_type="image/png",
        )
        writer.write_record(screenshot)
        revisit_date = warc_date(info.revisited, version)
        for number, response in enumerate(pages):
            if not article.search(response.url) or number % 3 == 0:
                continue
            digest, when = digests[response.url]
            revisit = writer.create_revisit_record(
                response.url,
                digest,
                response.url,
                when,
                http_headers=_http(200, [("Content-Type", "text/html; charset=utf-8")]),
                warc_headers_dict={"WARC-Date": revisit_date},
            )
            if len(info.by_digest) < 3:
                revisit.rec_headers.remove_header("WARC-Refers-To-Target-URI")
                revisit.rec_headers.remove_header("WARC-Refers-To-Date")
                info.by_digest.append(response.url)
            writer.write_record(revisit)
            info.revisits.append(response.url)
        origin = "{0.scheme}://{0.netloc}".format(urlsplit(pages[0].url))
        missing = origin + "/tin-tuc/bai-viet-khong-con-9999.html"
        lost = writer.create_revisit_record(
            missing,
            "sha1:" + "A" * 32,
            missing,
            warc_date(first - timedelta(days=700), version),
            http_headers=_http(200, [("Content-Type", "text/html; charset=utf-8")]),
            warc_headers_dict={"WARC-Date": revisit_date},
        )
        writer.write_record(lost)
        info.unresolvable = missing
    return info


def write_wacz(warcs: list[Path], path: Path, pages: list[str], *, deflate: bool = False) -> Path:
    """A WACZ holding `warcs` as archive/ members (stored, as the spec asks, or deflated)."""
    method = zipfile.ZIP_DEFLATED if deflate else zipfile.ZIP_STORED
    lines = [json.dumps({"format": "json-pages-1.0", "id": "pages", "title": "All Pages"})]
    for url in pages:
        page_id = hashlib.sha1(url.encode()).hexdigest()[:16]
        lines.append(json.dumps({"id": page_id, "url": url, "ts": "2025-06-01T01:00:00Z"}))
    resources = []
    with zipfile.ZipFile(path, "w") as archive:
        for warc in warcs:
            name = f"archive/{warc.name}"
            archive.write(warc, name, compress_type=method)
            data = warc.read_bytes()
            digest = "sha256:" + hashlib.sha256(data).hexdigest()
            resources.append({"name": warc.name, "path": name, "hash": digest, "bytes": len(data)})
        pages_text = "\n".join(lines) + "\n"
        archive.writestr("pages/pages.jsonl", pages_text, compress_type=zipfile.ZIP_DEFLATED)
        package = {"profile": "data-package", "wacz_version": "1.1.1", "resources": resources}
        archive.writestr("datapackage.json", json.dumps(package, indent=2))
    return path


# -- small WARCs -------------------------------------------------------------------------------

SITE = "https://tinhuy.example.vn"
HTML = "text/html; charset=utf-8"


class Warc:
    """A small WARC written record by record."""

    def __init__(self, path: Path, *, version: str = "1.0", gzip_records: bool = True) -> None:
        self.path = path
        self.handle = path.open("wb")
        self.writer = WARCWriter(self.handle, gzip=gzip_records, warc_version=version)
        self.writer.write_record(self.writer.create_warcinfo_record(path.name, {"x": "y"}))

    def response(self, url: str, body: bytes, date: str, *, status: int = 200, headers=()):
        http = StatusAndHeaders(f"{status} X", [("Content-Type", HTML), *headers], "HTTP/1.1")
        record = self.writer.create_warc_record(
            url, "response", payload=io.BytesIO(body), length=len(body), http_headers=http,
            warc_headers_dict={"WARC-Date": date},
        )  # fmt: skip
        self.writer.write_record(record)
        return record

    def revisit(self, url: str, original, date: str, *, by: str = "uri", http: bool = True):
        headers = StatusAndHeaders("200 OK", [("Content-Type", HTML)], "HTTP/1.1")
        record = self.writer.create_revisit_record(
            url,
            original.rec_headers.get_header("WARC-Payload-Digest"),
            original.rec_headers.get_header("WARC-Target-URI"),
            original.rec_headers.get_header("WARC-Date"),
            http_headers=headers if http else None,
            warc_headers_dict={"WARC-Date": date},
        )
        if by in ("id", "digest"):
            record.rec_headers.remove_header("WARC-Refers-To-Target-URI")
            record.rec_headers.remove_header("WARC-Refers-To-Date")
        if by == "id":
            record.rec_headers.add_header(
                "WARC-Refers-To", original.rec_headers.get_header("WARC-Record-ID")
            )
        self.writer.write_record(record)
        return record

    def other(self, kind: str, url: str) -> None:
        payload = b"GET / HTTP/1.1\r\nHost: x\r\n\r\n" if kind == "request" else b"x: y\r\n"
        self.writer.write_record(
            self.writer.create_warc_record(
                url, kind, payload=io.BytesIO(payload), warc_content_type="text/plain"
            )
        )

    def close(self) -> Path:
        self.handle.close()
        return self.path


def make_pages(tmp_path: Path, name: str, count: int = 40, **options) -> Path:
    warc = Warc(tmp_path / name, **options)
    for number in range(count):
        body = f"<p>trang {number} {'chữ ' * 2000}</p>".encode()
        warc.response(f"{SITE}/{number}.html", body, f"2025-05-01T00:00:{number:02d}Z")
    return warc.close()


def index_of(*paths: Path) -> CaptureIndex:
    sources = [source for path in paths for source in open_source(path)]
    index = CaptureIndex(sources)
    index.scan()
    return index


def body_of(index: CaptureIndex, url: str) -> bytes:
    return index.read(index.latest[url], 1_000_000).body
