"""Sitemaps: `Sitemap:` lines of robots.txt, sitemap indexes, URL sets, news sitemaps, gzip.

A sitemap is read as a stream (lxml's pull parser, each entry dropped once read), so a file of
50,000 URLs, or an index of many such files, never sits in memory as a tree.
"""

from __future__ import annotations

import gzip
import io
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urljoin

from lxml import etree
from scrapy.utils.gz import gunzip
from scrapy.utils.sitemap import sitemap_urls_from_robots

from archive_core.dates import parse_vn_date

log = logging.getLogger(__name__)

MAX_SITEMAP_BYTES = 50 * 1024 * 1024  # the sitemaps protocol's limit, uncompressed
DEFAULT_SITEMAPS = ("/sitemap.xml", "/sitemap_index.xml")


@dataclass(frozen=True)
class SitemapEntry:
    url: str
    is_sitemap: bool  # a child sitemap of an index, not a page
    lastmod: datetime | None = None
    published: datetime | None = None  # <news:publication_date>
    title: str = ""  # <news:title>


def sitemaps_in_robots(robots: bytes, base_url: str) -> list[str]:
    """The `Sitemap:` URLs of a robots.txt (Scrapy's reader), in order, without repeats."""
    return list(dict.fromkeys(sitemap_urls_from_robots(robots, base_url=base_url)))


def default_sitemaps(origin: str) -> list[str]:
    return [urljoin(origin, path) for path in DEFAULT_SITEMAPS]


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def decompress(body: bytes, url: str) -> bytes:
    """The sitemap's XML: gzip bodies (`.xml.gz`, or gzip sent without Content-Encoding)
    are unpacked, at most MAX_SITEMAP_BYTES."""
    if body[:2] == b"\x1f\x8b":
        try:
            return gunzip(body, max_size=MAX_SITEMAP_BYTES)
        except (OSError, EOFError, gzip.BadGzipFile, ValueError) as error:
            raise ValueError(f"{url}: not a readable gzip sitemap ({error})") from None
    return body


def parse_sitemap(body: bytes, url: str) -> Iterator[SitemapEntry]:
    """Every entry of a sitemap or sitemap index, as it is read. Raises ValueError when the
    body is not a sitemap (an HTML error page, say)."""
    data = decompress(body, url)
    head = data[:512].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")):
        raise ValueError(f"{url}: an HTML page, not a sitemap")
    parser = etree.iterparse(
        io.BytesIO(data),
        events=("end",),
        recover=True,
        resolve_entities=False,
        no_network=True,
        huge_tree=True,
    )
    found = False
    try:
        for _, element in parser:
            name = _local(element.tag)
            if name not in ("url", "sitemap"):
                continue
            found = True
            entry = _entry(element, name == "sitemap", url)
            element.clear()
            parent = element.getparent()
            while parent is not None and element.getprevious() is not None:
                del parent[0]  # what was read is gone: memory stays flat
            if entry is not None:
                yield entry
    except etree.XMLSyntaxError as error:
        if not found:
            raise ValueError(f"{url}: not a sitemap ({error})") from None
        log.warning("%s: the sitemap breaks off (%s); the entries before were read", url, error)
        return
    root = getattr(parser, "root", None)
    if not found and (root is None or _local(root.tag) not in ("urlset", "sitemapindex")):
        raise ValueError(f"{url}: not a sitemap (no <urlset> or <sitemapindex>)")


def _entry(element: etree._Element, is_sitemap: bool, base: str) -> SitemapEntry | None:
    loc = lastmod = published = None
    title = ""
    for child in element.iter():
        name = _local(child.tag)
        text = (child.text or "").strip()
        if name == "loc" and loc is None and text and child.getparent() is element:
            loc = text
        elif name == "lastmod" and text:
            lastmod = parse_vn_date(text)
        elif name == "publication_date" and text:
            published = parse_vn_date(text)
        elif name == "title" and text:
            title = text
    if not loc:
        return None
    return SitemapEntry(
        url=urljoin(base, loc),
        is_sitemap=is_sitemap,
        lastmod=lastmod,
        published=published,
        title=title,
    )
