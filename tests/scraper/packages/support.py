"""Helpers for the package tests: small WARC files written by our own writer, one byte changed
in a record's payload, an article's header read and changed."""

from __future__ import annotations

import gzip
import zlib
from datetime import UTC, datetime
from pathlib import Path

from scraper.captures import WarcLog
from scraper.packages.records import RecordInfo, scan_warc

PAGE = (
    "<html><head><title>{title}</title></head><body><h1>{title}</h1>"
    "<p>Nội dung bài viết {n}.</p></body></html>"
)


def write_small_captures(captures: Path, portal: str = "demo", pages: int = 3) -> Path:
    """One crawl run's WARC file with `pages` article responses (and their requests)."""
    log = WarcLog(captures / portal, portal, {"portal": portal, "software": "tests"})
    for n in range(1, pages + 1):
        body = PAGE.format(title=f"Bài số {n}", n=n).encode("utf-8")
        log.response(
            f"http://127.0.0.1:9/tin-tuc/bai-{n}.html",
            200,
            [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))],
            body,
            datetime(2026, 12, 7, 23, 20, n, tzinfo=UTC),
            request_line=f"GET /tin-tuc/bai-{n}.html HTTP/1.1",
            request_headers=[("Host", "127.0.0.1:9")],
        )
    log.close()
    return log.path


def article_responses(warc: Path) -> list[RecordInfo]:
    scan = scan_warc(warc.name, lambda: warc.open("rb"))
    return [r for r in scan.records if r.rec_type == "response" and "/tin-tuc/" in r.uri]


def change_one_payload_byte(warc: Path, record: RecordInfo) -> None:
    """Change one byte of the record's payload (the page itself, not the WARC or HTTP headers)
    and write the record's gzip member again, as an editor of the file would: the file stays
    readable and only the payload digest can tell."""
    data = warc.read_bytes()
    member = data[record.offset : record.offset + record.length]
    text = bytearray(gzip.decompress(member))
    body_at = text.index(b"\r\n\r\n", text.index(b"\r\n\r\n") + 4) + 4  # after the HTTP headers
    at = text.index(b"<p>", body_at) + 3
    text[at] ^= 0x20  # "N" -> "n": one byte
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    changed = packer.compress(bytes(text)) + packer.flush()
    warc.write_bytes(data[: record.offset] + changed + data[record.offset + record.length :])


def flip_byte(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))


def header_values(path: Path) -> dict[str, str]:
    """The `Key: value` lines of a Markdown header (first occurrence of each key)."""
    head = path.read_text(encoding="utf-8").partition("\n\n")[0]
    values: dict[str, str] = {}
    for line in head.splitlines():
        key, sep, value = line.partition(": ")
        if sep and not line.startswith(" "):
            values.setdefault(key, value)
    return values


def set_header_value(path: Path, key: str, value: str) -> None:
    """Replace one `Key: value` line of a Markdown header (the key must be there)."""
    text = path.read_text(encoding="utf-8")
    head, sep, body = text.partition("\n\n")
    lines = head.splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith(f"{key}: "))
    lines[index] = f"{key}: {value}"
    path.write_text("\n".join(lines) + sep + body, encoding="utf-8")
