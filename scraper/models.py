"""Plain data passed between the scraper's stages. No behaviour beyond small conveniences."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from archive_core.models import OtherNewsItem


@dataclass(frozen=True)
class Image:
    src: str  # absolute URL, or a site-local path once downloaded
    caption: str = ""
    alt: str = ""


@dataclass
class Article:
    """One article as extracted from a portal page (or an editor's text), before rendering."""

    title: str
    date: datetime | None  # aware; None means "not found" (such an article is never written)
    body_markdown: str
    source_url: str | None = None
    modified: datetime | None = None
    authors: list[str] = field(default_factory=list)
    summary: str = ""
    category: str = ""
    tags: list[str] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    other_news: list[OtherNewsItem] = field(default_factory=list)
    lang: str = "vi"
    slug: str = ""
    portal: str = ""
    captured: datetime | None = None
    # the response record it was extracted from: WARC file name, WARC-Record-ID (urn:uuid:...,
    # without the angle brackets), WARC-Payload-Digest; empty for an article not from a capture
    capture_file: str = ""
    capture_record: str = ""
    capture_digest: str = ""
    removed: dict[str, int] = field(default_factory=dict)  # sanitiser counts: what -> how many


@dataclass(frozen=True)
class RawPage:
    """A fetched response, as kept in the captures."""

    url: str
    status: int
    headers: dict[str, str]
    body: bytes
    fetched: datetime | None = None
    warc_file: str | None = None  # the capture file it was read from (replay, import-warc)
    warc_record_id: str | None = None  # its WARC-Record-ID there
    warc_payload_digest: str | None = None  # its WARC-Payload-Digest
