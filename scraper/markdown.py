"""Article -> Pelican Markdown (metadata header + body). Pure and deterministic.

Header keys, in this order, empty ones omitted: Title, Date, Modified, Category, Tags, Authors,
Slug, Summary, Lang, Source, Captured, Capture_file, Capture_record, Capture_digest, Portal,
Other_news. Header values are single lines; text from the portal is escaped so that it stays
text (no raw HTML; Summary is rendered by Pelican as Markdown, so it is Markdown-escaped too).
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from archive_core.dates import iso
from archive_core.header import header_value, list_value
from archive_core.listing import format_listing_line
from archive_core.text import collapse_whitespace
from scraper.dom import make_slug
from scraper.htmlmd import escape_block_start, escape_inline, figure_block
from scraper.models import Article, Image


def render_header(article: Article) -> list[str]:
    title = header_value(article.title)
    if not title.strip():
        raise ValueError("an article needs a title (it is empty once normalised)")
    if article.date is None:
        raise ValueError(f"article {article.title!r} has no date (a date is never invented)")
    lines: list[tuple[str, str]] = [
        ("Title", title),
        ("Date", iso(article.date) or ""),
        ("Modified", iso(article.modified) or ""),
        ("Category", header_value(article.category)),
        ("Tags", list_value(article.tags)),
        ("Authors", list_value(article.authors)),
        ("Slug", article.slug or make_slug(article.title)),
        ("Summary", escape_block_start(escape_inline(collapse_whitespace(article.summary)))),
        ("Lang", article.lang or "vi"),
        ("Source", header_value(article.source_url or "")),
        ("Captured", iso(article.captured) or ""),
        ("Capture_file", header_value(article.capture_file)),
        ("Capture_record", header_value(article.capture_record)),
        ("Capture_digest", header_value(article.capture_digest)),
        ("Portal", header_value(article.portal)),
    ]
    out = [f"{key}: {value}" for key, value in lines if value]
    news = [format_listing_line(item) for item in article.other_news]
    news = [line for line in news if line]
    if news:
        out.append(f"Other_news: {news[0]}")
        out.extend(f"    {line}" for line in news[1:])
    return out


def render_markdown(article: Article) -> str:
    """The whole file: header, blank line, body; ends with exactly one newline."""
    header = "\n".join(render_header(article))
    body = article.body_markdown.strip("\n")
    return f"{header}\n\n{body}\n" if body else f"{header}\n"


def rewrite_images(article: Article, mapping: dict[str, str]) -> Article:
    """Point images at local copies (`{static}/images/...`): body figures and `images` list."""
    body = article.body_markdown
    images: list[Image] = []
    for img in article.images:
        new_src = mapping.get(img.src)
        if new_src and new_src != img.src:
            old_block = figure_block(img.src, img.caption, img.alt)
            new_block = figure_block(new_src, img.caption, img.alt)
            body = body.replace(old_block, new_block, 1)
            images.append(dataclasses.replace(img, src=new_src))
        else:
            images.append(img)
    return dataclasses.replace(article, body_markdown=body, images=images)


def article_to_json(article: Article) -> dict[str, Any]:
    """The JSON shape of `python -m scraper extract --format json` (keys as in DESIGN.md)."""
    return {
        "title": article.title,
        "date": iso(article.date),
        "modified": iso(article.modified),
        "authors": list(article.authors),
        "summary": article.summary,
        "category": article.category,
        "tags": list(article.tags),
        "body_markdown": article.body_markdown,
        "images": [{"src": img.src, "caption": img.caption} for img in article.images],
        "other_news": [
            {"title": item.title, "date": iso(item.date), "url": item.url}
            for item in article.other_news
        ],
        "source_url": article.source_url,
        "lang": article.lang,
    }


def render_json(article: Article) -> str:
    return json.dumps(article_to_json(article), ensure_ascii=False, indent=2) + "\n"
