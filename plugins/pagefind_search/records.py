"""Index records: one small HTML document per article, written for Pagefind only.

A record holds, inside `data-pagefind-body`, the folded tokens of the title (in an <h1>, which
Pagefind weights higher) and of the body (see tokens.py). Outside the body it holds what the
results page shows, in the original accented text: `data-pagefind-meta` title, date, category,
image and the plain text used for excerpts; `data-pagefind-filter` topic, category, year; and
`data-pagefind-sort` date. Readers never download these documents; Pagefind turns them into its
index and fragments.
"""

from __future__ import annotations

import html
import posixpath
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import lxml.html

from plugins.vietnamese.formatting import format_vn_date
from scraper.text import collapse_whitespace

from .tokens import index_tokens


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
    image: str = ""  # relative to the site root, or absolute
    extra: dict[str, Any] = field(default_factory=dict)


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment, one space between text nodes, whitespace collapsed."""
    if not fragment or not fragment.strip():
        return ""
    if "<" not in fragment and "&" not in fragment:
        return collapse_whitespace(fragment)
    root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    for element in root.xpath("//script|//style|//template"):
        element.drop_tree()
    return collapse_whitespace(" ".join(root.itertext()))


def first_image(fragment: str, page_url: str) -> str:
    """The first <img src> of an article body, made relative to the site root."""
    if not fragment or "<img" not in fragment:
        return ""
    images = lxml.html.fragment_fromstring(fragment, create_parent="div").xpath("//img[@src]")
    if not images:
        return ""
    img = images[0]
    src = str(img.get("src")).strip()
    if src.startswith(("http://", "https://", "data:")):
        return "" if src.startswith("data:") else src
    if src.startswith("/"):
        return src.lstrip("/")
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(page_url.rstrip("/") + "/x"), src))
    return "" if joined.startswith("..") else joined


def record_path(url: str) -> str:
    """The file a record is written to, so that Pagefind gives it `url`."""
    url = url.split("#", 1)[0].split("?", 1)[0].lstrip("/")
    if not url or url.endswith("/"):
        return f"{url}index.html"
    if url.endswith((".html", ".htm")):
        return url
    return f"{url}/index.html"


def record_html(
    data: ArticleData,
    *,
    filters: list[str],
    pairs: bool = True,
    repeat_cap: int = 1,
    excerpt_source_chars: int = 3000,
    language: str = "vi",
) -> str:
    """The HTML record Pagefind indexes for one article (pure, same input -> same bytes)."""
    e = html.escape
    body_text = " ".join(part for part in (data.summary, data.text) if part)
    excerpt_text = _cut(body_text, excerpt_source_chars)
    lines = [
        "<!doctype html>",
        f'<html lang="{e(language)}"><head><meta charset="utf-8">',
        f"<title>{e(data.title)}</title></head><body>",
        "<div data-pagefind-body>",
        f"<h1>{index_tokens(data.title, pairs=pairs, repeat_cap=repeat_cap)}</h1>",
        f"<p>{index_tokens(body_text, pairs=pairs, repeat_cap=repeat_cap)}</p>",
        "</div>",
        f'<p data-pagefind-meta="title">{e(data.title)}</p>',
        f'<p data-pagefind-meta="date">{e(format_vn_date(data.date))}</p>',
        f'<p data-pagefind-meta="text">{e(excerpt_text)}</p>',
        f'<p data-pagefind-sort="date">{e(data.date.strftime("%Y-%m-%dT%H:%M"))}</p>',
    ]
    if data.category:
        lines.append(f'<p data-pagefind-meta="category">{e(data.category)}</p>')
    if data.image:
        lines.append(f'<img data-pagefind-meta="image[src]" src="{e(data.image)}" alt="">')
    values = {
        "topic": list(dict.fromkeys(t for t in data.topics if t)),
        "category": [data.category] if data.category else [],
        "year": [f"{data.date.year:04d}"],
    }
    for name in filters:
        for value in values[name]:
            lines.append(f'<p data-pagefind-filter="{name}">{e(value)}</p>')
    lines.append("</body></html>")
    return "\n".join(lines) + "\n"


def _cut(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a space."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    space = cut.rfind(" ")
    return cut[:space] if space > limit // 2 else cut


def _names(values: Any) -> list[str]:
    names = []
    for value in values or []:
        name = getattr(value, "name", value)
        if name:
            names.append(html_to_text(str(name)))
    return names


def article_data(article: Any, *, topic_fallback_to_tags: bool = True) -> ArticleData:
    """Adapter from a Pelican article to ArticleData (titles and metadata are HTML text)."""
    topics = _names(getattr(article, "archive_topics", None)) or _names(
        getattr(article, "topics", None)
    )
    if not topics and topic_fallback_to_tags:
        topics = _names(getattr(article, "tags", None))
    category = getattr(article, "category", None)
    content = getattr(article, "content", "") or ""
    summary = getattr(article, "metadata", {}).get("summary", "") or ""
    url = str(article.url)
    return ArticleData(
        url=url,
        title=html_to_text(str(article.title)),
        date=article.date,
        category=html_to_text(str(getattr(category, "name", category or ""))),
        topics=tuple(topics),
        summary=html_to_text(str(summary)),
        text=html_to_text(content),
        image=first_image(content, url),
    )
