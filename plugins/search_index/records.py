"""Pelican article -> plain `ArticleData` -> the document fragment `docs/<id>.json` (pure).

`ArticleData`, `html_to_text`, `first_image` and `article_data` come from the former
Pagefind-based search plugin, unchanged in behaviour.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import lxml.html

from archive_core.text import collapse_whitespace
from plugins.vietnamese.formatting import format_vn_date

FORMAT_VERSION = 2  # 2: the portal (Portal metadata) is part of a document


@dataclass(frozen=True)
class ArticleData:
    """What the index needs from an article, as plain data."""

    url: str  # relative to the site root, like "2025/05/slug/"
    title: str  # plain text
    date: datetime
    category: str = ""
    topics: tuple[str, ...] = ()
    summary: str = ""  # plain text
    text: str = ""  # plain text of the body
    image: str = ""  # relative to the site root, or absolute http(s)
    portal: str = ""  # the portal's key (Portal metadata), "" when none


@dataclass(frozen=True)
class RawArticle:
    """An article's inputs as Pelican holds them (HTML strings), before any analysis."""

    url: str
    title: str
    date: datetime
    category: str
    topics: tuple[str, ...]
    summary: str
    content: str
    source_path: str = ""  # named in error messages; not part of the analysis
    portal: str = ""  # the portal's key (Portal metadata), "" when none


_ODD_CHARACTERS = re.compile(
    "[\u200b\u200c\u200d\u2060\ufeff\u00ad\x00-\x08\x0e-\x1f\x7f-\x9f\ufffe\uffff]"
)


def collapse(text: str) -> str:
    """`scraper.text.collapse_whitespace`, faster when the text holds no zero-width or control
    characters (then NFC and splitting on whitespace give the same result)."""
    if _ODD_CHARACTERS.search(text):
        return collapse_whitespace(text)
    return " ".join(unicodedata.normalize("NFC", text).split())


def _parse(fragment: str) -> lxml.html.HtmlElement:
    return lxml.html.fragment_fromstring(fragment, create_parent="div")


def _text_of(root: lxml.html.HtmlElement) -> str:
    for element in list(root.iter("script", "style", "template")):
        element.drop_tree()
    return collapse(" ".join(root.itertext()))


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment, one space between text nodes, whitespace collapsed."""
    if not fragment or not fragment.strip():
        return ""
    if "<" not in fragment and "&" not in fragment:
        return collapse(fragment)
    return _text_of(_parse(fragment))


def _image_of(root: lxml.html.HtmlElement, page_url: str) -> str:
    image = next((img for img in root.iter("img") if img.get("src") is not None), None)
    if image is None:
        return ""
    src = str(image.get("src")).strip()
    if src.startswith(("http://", "https://", "data:")):
        return "" if src.startswith("data:") else src
    if src.startswith("/"):
        return src.lstrip("/")
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(page_url.rstrip("/") + "/x"), src))
    return "" if joined.startswith("..") else joined


def first_image(fragment: str, page_url: str) -> str:
    """The first <img src> of an article body, made relative to the site root."""
    if not fragment or "<img" not in fragment:
        return ""
    return _image_of(_parse(fragment), page_url)


def body_text_and_image(content: str, page_url: str) -> tuple[str, str]:
    """`html_to_text(content)` and `first_image(content, page_url)`, parsing the body once."""
    if not content or not content.strip():
        return "", ""
    if "<" not in content and "&" not in content:
        return collapse(content), ""
    root = _parse(content)
    image = _image_of(root, page_url) if "<img" in content else ""
    return _text_of(root), image


def _names(values: Any) -> list[str]:
    names = []
    for value in values or []:
        name = getattr(value, "name", value)
        if name:
            names.append(str(name))
    return names


def raw_article(article: Any, *, topic_fallback_to_tags: bool = True) -> RawArticle:
    """Adapter from a Pelican article to RawArticle (titles and metadata are HTML text)."""
    topics = _names(getattr(article, "archive_topics", None)) or _names(
        getattr(article, "topics", None)
    )
    if not topics and topic_fallback_to_tags:
        topics = _names(getattr(article, "tags", None))
    category = getattr(article, "category", None)
    summary = getattr(article, "metadata", {}).get("summary", "") or ""
    return RawArticle(
        url=str(article.url),
        title=str(article.title),
        date=article.date,
        category=str(getattr(category, "name", category or "")),
        topics=tuple(topics),
        summary=str(summary),
        content=str(_site_relative_content(article) or ""),
        source_path=str(getattr(article, "source_path", "") or ""),
        portal=portal_key(article),
    )


def portal_key(article: Any) -> str:
    """The article's `Portal` metadata, whitespace collapsed ("" when none)."""
    value = getattr(article, "portal", None)
    if value is None:
        value = getattr(article, "metadata", {}).get("portal", "")
    return " ".join(str(value or "").split())


UTF8 = ("utf-8", "surrogatepass")


def _site_relative_content(article: Any) -> str:
    """The body with `{static}`/`{filename}` links resolved against the site root ("/...").

    `article.content` resolves them against the page being written at the time (relative URLs)
    or SITEURL: the index must not depend on when, or in which process, it is built.
    """
    get_content = getattr(article, "get_content", None)
    if callable(get_content):
        return get_content("/")
    return getattr(article, "content", "")


def raw_digest(raw: RawArticle, settings_key: str) -> str:
    """A digest of everything a document's analysis depends on (and the format version)."""
    parts = (
        raw.url,
        raw.title,
        raw.date.isoformat(),
        raw.category,
        "\x1f".join(raw.topics),
        raw.summary,
        raw.content,
        raw.portal,
    )
    return digest_of_parts(settings_key, (part.encode(*UTF8) for part in parts))


def digest_of_parts(settings_key: str, parts: Iterable[bytes]) -> str:
    """`raw_digest` from the record's parts already in UTF-8: url, title, ISO date, category,
    topics joined by U+001F, summary, content, portal."""
    h = hashlib.sha256()
    for data in (f"v{FORMAT_VERSION}".encode(), settings_key.encode(*UTF8), *parts):
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


def article_data(raw: RawArticle) -> ArticleData:
    """Plain text of a RawArticle's HTML parts; the first image of its body."""
    text, image = body_text_and_image(raw.content, raw.url)
    return ArticleData(
        url=raw.url,
        title=html_to_text(raw.title),
        date=raw.date,
        category=html_to_text(raw.category),
        topics=tuple(dict.fromkeys(t for t in map(html_to_text, raw.topics) if t)),
        summary=html_to_text(raw.summary),
        text=text,
        image=image,
        portal=raw.portal,
    )


def cut_text(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a space (when one is in the second half)."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    space = cut.rfind(" ")
    return cut[:space] if space > limit // 2 else cut


def doc_fragment(data: ArticleData, *, excerpt_source_chars: int) -> dict[str, str]:
    """What the results list shows for one document (in its chunk, `docs/<chunk>.json.gz`);
    `portal` is the portal's key ("" when none)."""
    body_text = " ".join(part for part in (data.summary, data.text) if part)
    return {
        "category": data.category,
        "date": format_vn_date(data.date),
        "image": data.image,
        "portal": data.portal,
        "text": cut_text(body_text, excerpt_source_chars),
        "title": data.title,
        "url": data.url.lstrip("/"),
    }


def filter_values(data: ArticleData) -> dict[str, list[str]]:
    """The values of every filter for one document (each value once, in article order)."""
    return {
        "topic": list(dict.fromkeys(t for t in data.topics if t)),
        "category": [data.category] if data.category else [],
        "year": [f"{data.date.year:04d}"],
        "portal": [data.portal] if data.portal else [],
    }
