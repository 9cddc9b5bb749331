"""schema.org NewsArticle data for an article, and JSON that is safe inside a <script> element.

Pelican metadata (title, category, tags, authors) is HTML text, as Pelican's convention has it and
as scraper/markdown.py writes it (`<` as `&lt;`); the JSON-LD carries its plain text.

`script_json` escapes `<`, `>` and `&` as \\u003c, \\u003e, \\u0026 (and U+2028/U+2029), so a
hostile headline such as `</script><script>alert(1)</script>` cannot end the JSON-LD element.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime

_UNSAFE = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def script_json(data: object) -> str:
    """JSON text (UTF-8, sorted keys, stable) that can sit inside <script type=...json>."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for char, escaped in _UNSAFE.items():
        text = text.replace(char, escaped)
    return text


def news_article(
    *,
    headline: str,
    url: str,
    published: datetime,
    modified: datetime | None = None,
    authors: Iterable[str] = (),
    description: str = "",
    section: str = "",
    keywords: Iterable[str] = (),
    publisher: str = "",
    source_url: str = "",
    language: str = "vi",
    image: str = "",
) -> dict:
    """A schema.org NewsArticle as a plain dict (empty fields left out)."""
    data: dict = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": headline,
        "url": url,
        "mainEntityOfPage": url,
        "datePublished": published.isoformat(),
        "dateModified": (modified or published).isoformat(),
        "inLanguage": language,
    }
    names = [name for name in authors if name]
    if names:
        data["author"] = [{"@type": "Person", "name": name} for name in names]
    if description:
        data["description"] = description
    if section:
        data["articleSection"] = section
    words = [word for word in keywords if word]
    if words:
        data["keywords"] = words
    if publisher:
        data["publisher"] = {"@type": "Organization", "name": publisher}
    if source_url:
        data["isBasedOn"] = source_url
    if image:
        data["image"] = [image]
    return data


def _plain(html: object) -> str:
    """Text of an HTML fragment (tags removed, entities decoded, whitespace collapsed)."""
    from markupsafe import Markup

    return " ".join(Markup(str(html or "")).striptags().split())


def article_json_ld(article: object, base_url: str, publisher: str = "") -> str:
    """The NewsArticle JSON-LD text for a Pelican article (any object with its attributes)."""
    metadata = getattr(article, "metadata", {}) or {}
    category = getattr(article, "category", None)
    data = news_article(
        headline=_plain(getattr(article, "title", "")),
        url=f"{base_url.rstrip('/')}/{getattr(article, 'url', '')}",
        published=article.date,
        modified=getattr(article, "modified", None),
        authors=[_plain(author) for author in getattr(article, "authors", []) or []],
        description=_plain(metadata.get("summary", "")),
        section=_plain(category) if category else "",
        keywords=[_plain(tag) for tag in getattr(article, "tags", []) or []],
        publisher=publisher,
        source_url=str(metadata.get("source", "") or ""),
        language=str(getattr(article, "lang", "") or "vi"),
    )
    return script_json(data)
