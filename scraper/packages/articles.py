"""The archived articles of a portal, read from content/, and the lookup from an article to the
WARC response record it was extracted from.

An article names its capture in its Markdown header. Articles written since captures were
linked carry the record itself:

    Capture_record: <urn:uuid:…>          the response's WARC-Record-ID
    Capture_digest: sha1:…                its WARC-Payload-Digest
    Capture_file: demo-20261207231959-2677.warc.gz

Older articles carry only `Source` (the response's WARC-Target-URI) and `Captured` (its
WARC-Date, in Vietnam's time). `find_capture` is the only place that knows both ways.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from scraper.packages.records import RecordInfo

log = logging.getLogger(__name__)

CAPTURE_KEYS = ("capture_record", "capture_digest", "capture_file")
_WANTED = {"title", "source", "captured", "portal", *CAPTURE_KEYS}


@dataclass(frozen=True)
class ArticleRef:
    """What an article's header says about where it came from."""

    path: Path
    title: str  # plain text (the header holds HTML text: &lt; for <)
    portal: str
    source: str
    captured: str  # ISO 8601 as written, e.g. 2026-12-08T06:20:01+07:00
    capture_record: str = ""
    capture_digest: str = ""
    capture_file: str = ""

    @property
    def captured_utc(self) -> str:
        """`Captured` as a WARC-Date (`2026-12-07T23:20:01Z`), or "" when unreadable."""
        try:
            when = datetime.fromisoformat(self.captured)
        except ValueError:
            return ""
        if when.tzinfo is None:
            return ""
        return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

    @property
    def is_captured(self) -> bool:
        """True for an article that says it was extracted from a capture."""
        return bool(self.capture_record or (self.source and self.captured))


def read_header(path: Path) -> dict[str, str]:
    """The first value of the header keys we need (keys lower-cased), read up to the first
    blank line like Python-Markdown's meta reader."""
    found: dict[str, str] = {}
    with path.open(encoding="utf-8", errors="replace") as handle:
        for number, line in enumerate(handle):
            line = line.rstrip("\n")
            if number == 0 and line.strip() == "---":
                continue
            if not line.strip() or line.strip() in ("---", "..."):
                break
            if line.startswith("    "):
                continue  # a continuation line (Other_news)
            key, sep, value = line.partition(":")
            key = key.strip().lower()
            if not sep or not key.replace("_", "").replace("-", "").isalnum():
                break
            if key in _WANTED and key not in found:
                found[key] = value.strip()
    return found


def read_articles(content: Path, portal: str | None = None) -> Iterator[ArticleRef]:
    """Every captured article under `content` (of `portal`, when given), in path order.
    Files an editor wrote without a capture (no Source and Captured) are left out."""
    content = Path(content)
    if not content.is_dir():
        return
    for path in sorted(content.rglob("*.md")):
        header = read_header(path)
        ref = ArticleRef(
            path=path,
            title=html.unescape(header.get("title", "")),
            portal=header.get("portal", ""),
            source=html.unescape(header.get("source", "")),  # `&` is written `&amp;`
            captured=header.get("captured", ""),
            capture_record=header.get("capture_record", ""),
            capture_digest=header.get("capture_digest", ""),
            capture_file=header.get("capture_file", ""),
        )
        if (portal is None or ref.portal == portal) and ref.is_captured:
            yield ref


class CaptureIndex:
    """Response records of a portal's WARC files, found by record id or by URL and date."""

    def __init__(self, records: Iterable[RecordInfo]) -> None:
        self.by_id: dict[str, RecordInfo] = {}
        self.by_url_date: dict[tuple[str, str], list[RecordInfo]] = {}
        for record in records:
            if record.rec_type not in ("response", "resource", "revisit"):
                continue
            self.by_id.setdefault(record.record_id.strip("<>"), record)
            self.by_url_date.setdefault((record.uri, record.date), []).append(record)

    def __len__(self) -> int:
        return len(self.by_id)


def find_capture(article: ArticleRef, index: CaptureIndex) -> RecordInfo | None:
    """The response record `article` was extracted from, or None when it is not there.

    With `Capture_record` (and `Capture_file`) in the header, that record; otherwise the
    response for its `Source` URL dated its `Captured` time (a 200 one when the same second
    also holds a retried error)."""
    if article.capture_record:
        record = index.by_id.get(article.capture_record.strip("<>"))
        wanted = Path(article.capture_file).name  # the file's name (a path is accepted too)
        if record is not None and wanted and record.file != wanted:
            return None
        return record
    candidates = index.by_url_date.get((article.source, article.captured_utc), [])
    ok = [r for r in candidates if r.status == 200]
    return (ok or candidates or [None])[-1]
