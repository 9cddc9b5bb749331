"""The capture keys of an article header (Capture_file, Capture_record, Capture_digest).

The crawler and `import-warc` write them beside `Source` and `Captured`: the WARC file, the
WARC-Record-ID of the response the article was extracted from, and that record's
WARC-Payload-Digest (see scraper/markdown.py). `make verify-captures` looks the record up by
them; this module checks only their form, for `make check` (tools/check_content.py).
"""

from __future__ import annotations

import re

from tools.content_header import Header

CAPTURE_KEYS = ("capture_file", "capture_record", "capture_digest")
# WARC-Record-ID is a URI (in the WARC header between angle brackets; the article keeps the URI).
_RECORD = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>]+")
# WARC-Payload-Digest: algorithm ":" value (base32 for sha1 as most tools write it; hex or
# base64 from some).
_DIGEST = re.compile(r"(sha1|sha-1|sha256|sha-256|sha512|sha-512|md5):[A-Za-z0-9+/=]+", re.I)
# A capture file's name, or a WACZ member: "portal.wacz:archive/file.warc.gz".
_WARC_NAME = r"[^/\\\s:]+\.(warc|arc)(\.gz)?"
_FILE = re.compile(rf"{_WARC_NAME}|[^/\\\s:]+\.wacz:archive/{_WARC_NAME}", re.I)


def capture_problems(header: Header) -> list[tuple[int, str, str]]:
    """(line, what is wrong, what to do) for each problem with the header's capture keys."""
    problems: list[tuple[int, str, str]] = []
    fields = {key: header.first(key) for key in CAPTURE_KEYS}
    file, record = fields["capture_file"], fields["capture_record"]
    digest = fields["capture_digest"]
    if record is not None and not _RECORD.fullmatch(record.value):
        fix = "write the WARC-Record-ID as in the WARC header, e.g. urn:uuid:…"
        if record.value.startswith("<"):
            fix = "write it without the angle brackets, e.g. urn:uuid:…"
        problems.append((record.line, f"Capture_record '{record.value}' is not a record id", fix))
    if digest is not None and not _DIGEST.fullmatch(digest.value):
        problems.append(
            (
                digest.line,
                f"Capture_digest '{digest.value}' is not a payload digest",
                "write the record's WARC-Payload-Digest as in the WARC header, e.g. sha1:…",
            )
        )
    if file is not None and not _FILE.fullmatch(file.value):
        problems.append(
            (
                file.line,
                f"Capture_file '{file.value}' is not a WARC file's name",
                "write the file's name only (….warc.gz), or portal.wacz:archive/….warc.gz",
            )
        )
    if file is None and (record or digest):
        given = record or digest
        assert given is not None
        problems.append(
            (
                given.line,
                f"{given.key} without Capture_file",
                "add the capture file's name (Capture_file: ….warc.gz), or remove the capture keys",
            )
        )
    if file is not None and record is None:
        problems.append(
            (
                file.line,
                "Capture_file without Capture_record",
                "add the WARC-Record-ID of the response (Capture_record: urn:uuid:…), or remove "
                "Capture_file",
            )
        )
    if any(fields.values()) and header.first("source") is None:
        line = min(f.line for f in fields.values() if f is not None)
        problems.append(
            (line, "capture keys without Source", "add the original article's address (Source:)")
        )
    return problems
