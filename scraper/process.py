"""The steps a fetched article page goes through, shared by the crawl and the replay:
extract -> (images) -> store. No network here: images come in as bytes."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Mapping
from datetime import datetime

from scraper.extract import ExtractionError, extract_article
from scraper.markdown import rewrite_images
from scraper.models import Article, RawPage
from scraper.profiles import Profile
from scraper.report import Report
from scraper.store import Store, WriteResult

log = logging.getLogger(__name__)

# magic bytes -> extension; anything else (SVG, HTML error pages, ...) is refused
_IMAGE_TYPES = (
    (b"\xff\xd8\xff", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
)


def image_extension(data: bytes) -> str | None:
    """The file type of an image from its first bytes (JPEG, PNG, GIF, WebP), else None."""
    for magic, ext in _IMAGE_TYPES:
        if data.startswith(magic):
            return ext
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    return None


def charset_of(headers: Mapping[str, str]) -> str | None:
    for key, value in headers.items():
        if key.lower() == "content-type" and "charset=" in value.lower():
            return value.lower().split("charset=", 1)[1].split(";")[0].strip().strip("\"'")
    return None


def extract_page(page: RawPage, profile: Profile, report: Report) -> Article | None:
    """Extract an article; a page without title or date is reported as failed (None)."""
    try:
        article = extract_article(
            page.body, profile, url=page.url, encoding=charset_of(page.headers)
        )
    except ExtractionError as error:
        if profile.generic:  # a portal known by address: a page of it, not every one a bulletin
            report.not_articles.append((page.url, error.reason))
            log.info("%s: not an article: %s", page.url, error.reason)
            return None
        report.failed.append((page.url, f"not written: {error.reason}"))
        log.warning("%s: not written: %s", page.url, error.reason)
        return None
    return accept_article(article, page, profile, report)


def accept_article(article: Article, page: RawPage, profile: Profile, report: Report) -> Article:
    """An extracted article becomes one of the run's: counted, dated by its capture."""
    report.removed.update(article.removed)
    report.record_missing(article)
    return dataclasses.replace(
        article,
        captured=page.fetched,
        portal=profile.name,
        capture_file=page.warc_file or "",
        capture_record=(page.warc_record_id or "").strip("<>"),
        capture_digest=page.warc_payload_digest or "",
    )


def localise_images(
    article: Article,
    fetched: Mapping[str, bytes | str],
    store: Store,
    report: Report,
    max_bytes: int,
) -> Article:
    """Save downloaded images under images/<portal>/ and point the article at them.

    `fetched` maps an image URL to its bytes, or to the reason it could not be fetched. Images that
    are missing, too large or not an image keep their original URL (and are reported)."""
    mapping: dict[str, str] = {}
    for image in article.images:
        data = fetched.get(image.src)
        if data is None or image.src in mapping:
            continue
        if isinstance(data, str):
            report.images_failed.append((image.src, data))
            continue
        if len(data) > max_bytes:
            report.images_failed.append((image.src, f"larger than {max_bytes} bytes"))
            continue
        ext = image_extension(data)
        if ext is None:
            report.images_failed.append((image.src, "not a JPEG, PNG, GIF or WebP image"))
            continue
        mapping[image.src] = store.write_image(article.portal, image.src, data, ext)
        report.images_saved += 1
    return rewrite_images(article, mapping) if mapping else article


def store_article(article: Article, store: Store, report: Report) -> WriteResult:
    result = store.write_article(article)
    report.record_write(result.status, result.path, result.scraped_path)
    return result


def captured_at(value: str | datetime | None) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(value)
