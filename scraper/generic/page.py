"""What a page says about itself: JSON-LD, meta tags, `<title>`, site names, its address. Pure.

These are hints for the generic extractor, never the answer on their own: the archive keeps what
a reader sees, and portals' metadata is often stale, empty or the portal's own name.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from lxml import etree

from archive_core.text import collapse_whitespace, fold_key

ARTICLE_TYPES = {
    "NewsArticle",
    "Article",
    "ReportageNewsArticle",
    "BlogPosting",
    "AnalysisNewsArticle",
}
# Separators between the headline and the site's name in <title>.
_TITLE_SEPARATORS = re.compile(r"\s+(?:-|–|—|\||::|»|›|:)\s+")


@dataclass
class PageInfo:
    """Metadata of one page, read once."""

    base_url: str
    meta: dict[str, list[str]] = field(default_factory=dict)  # lower-case key -> values
    article_ld: dict = field(default_factory=dict)
    breadcrumb_ld: dict = field(default_factory=dict)
    title_text: str = ""  # <title>
    site_names: set[str] = field(default_factory=set)  # folded keys

    def first(self, *keys: str) -> str:
        for key in keys:
            for value in self.meta.get(key, []):
                if value:
                    return value
        return ""

    def headline_hints(self) -> list[str]:
        """og:title, JSON-LD headline, twitter:title and the <title>'s segments, best first."""
        hints: list[str] = []
        for value in (
            self.article_ld.get("headline"),
            self.article_ld.get("name"),
            *self.meta.get("og:title", []),
            *self.meta.get("twitter:title", []),
            self.title_text,
            *title_hints(self.title_text),
        ):
            if isinstance(value, str):
                value = collapse_whitespace(value)
                if value and value not in hints and not self.is_site_name(value):
                    hints.append(value)
        return hints

    def is_site_name(self, text: str) -> bool:
        key = fold_key(text)
        return bool(key) and key in self.site_names


def title_segments(title: str) -> list[str]:
    """`Headline - Section - Portal name` -> ['Headline', 'Section', 'Portal name']."""
    return [p.strip() for p in _TITLE_SEPARATORS.split(title) if p.strip()]


def title_hints(title: str) -> list[str]:
    """What `<title>` says the headline is: without its last part (the portal's name, which
    Vietnamese portals print last), then its first part (a headline may hold " - " too)."""
    parts = title_segments(title)
    if len(parts) < 2:
        return []
    cut = _TITLE_SEPARATORS.split(title)
    without_site = title[: title.rfind(cut[-1])].rstrip(" -–—|:»›")
    return list(dict.fromkeys([without_site.strip(), parts[0]]))


def _json_ld(doc: etree._Element) -> tuple[dict, dict]:
    article: dict = {}
    breadcrumb: dict = {}
    for script in doc.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
            continue
        data = _lenient_json(script.text)
        if data is None:
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            node = stack.pop(0)
            if not isinstance(node, dict):
                continue
            if isinstance(node.get("@graph"), list):
                stack.extend(node["@graph"])
            kind = node.get("@type")
            kinds = set(kind) if isinstance(kind, list) else {kind}
            if kinds & ARTICLE_TYPES and not article:
                article = node
            if "BreadcrumbList" in kinds and not breadcrumb:
                breadcrumb = node
    return article, breadcrumb


# Portals' hand-written JSON-LD often misses a comma at a line's end or leaves one before "}".
_MISSING_COMMA = re.compile(r'("|\d|true|false|null|\}|\])(\s*\n\s*")')
_TRAILING_COMMA = re.compile(r",(\s*[}\]])")


def _lenient_json(text: str) -> object | None:
    """JSON, or JSON with the usual hand-written slips mended; None when neither parses."""
    try:
        return json.loads(text)
    except ValueError:
        pass
    mended = _TRAILING_COMMA.sub(r"\1", _MISSING_COMMA.sub(r"\1,\2", text))
    try:
        return json.loads(mended)
    except ValueError:
        return None


def _meta(doc: etree._Element) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for meta in doc.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        value = meta.get("content")
        if key and value:
            out.setdefault(key, []).append(collapse_whitespace(value))
    return out


def _canonical(doc: etree._Element, meta: dict[str, list[str]]) -> str:
    for link in doc.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split():
            href = (link.get("href") or "").strip()
            if href.startswith(("http://", "https://")):
                return href
    for value in meta.get("og:url", []):
        if value.startswith(("http://", "https://")):
            return value
    return ""


# What a saved copy records of where it came from: HTTrack's "Mirrored from host/path by
# HTTrack", a browser's "saved from url=(0042)https://...", SingleFile's "url: https://...".
_SAVED_FROM = (
    re.compile(r"^\s*Mirrored from (\S+) by HTTrack"),
    re.compile(r"^\s*saved from url=\(\d+\)(https?://\S+)"),
    re.compile(r"^\s*Page saved with SingleFile\s.*?^\s*url: (https?://\S+)", re.M | re.S),
)


def saved_address(doc: etree._Element) -> str:
    """The address a page saved to a file records in its comments, or ''."""
    for comment in doc.iter(etree.Comment):
        text = comment.text or ""
        for pattern in _SAVED_FROM:
            found = pattern.search(text)
            if found:
                address = found.group(1)
                return address if "://" in address else f"https://{address}"
    return ""


def read_page(doc: etree._Element, url: str) -> PageInfo:
    """Read the page's metadata. Links are resolved against `url`, or, when `url` is not
    http(s) (a page saved to a file), against the page's own canonical address or the address
    its saved copy records."""
    meta = _meta(doc)
    article, breadcrumb = _json_ld(doc)
    base = url
    if not url.startswith(("http://", "https://")):
        base = _canonical(doc, meta) or saved_address(doc) or url
    title_el = doc.find(".//title")
    title_text = collapse_whitespace(title_el.text_content()) if title_el is not None else ""
    site_names = set()
    segments = title_segments(title_text)
    if len(segments) >= 2:
        site_names.add(fold_key(segments[-1]))
    for key in ("og:site_name", "application-name", "apple-mobile-web-app-title", "twitter:site"):
        for value in meta.get(key, []):
            site_names.add(fold_key(value.lstrip("@")))
    publisher = article.get("publisher")
    if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
        site_names.add(fold_key(publisher["name"]))
    host = urlsplit(base).hostname or ""
    if host:
        site_names.add(fold_key(host.removeprefix("www.")))
    site_names.discard("")
    return PageInfo(
        base_url=base,
        meta=meta,
        article_ld=article,
        breadcrumb_ld=breadcrumb,
        title_text=title_text,
        site_names=site_names,
    )
