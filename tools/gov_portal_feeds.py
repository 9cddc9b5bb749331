"""The machine-readable files of the government-CMS test portal (tools/make_gov_portal.py):
robots.txt, the sitemap index and its two child sitemaps (one gzip), the RSS feed, the JSON
answers of the "Xem thêm" button, and expected.json (what a careful reader finds in each article).
Absolute URLs carry GOV_ORIGIN, which tools/demo_portal.py replaces with its own address."""

from __future__ import annotations

import json
import struct
import zlib
from datetime import datetime
from email.utils import format_datetime
from html import escape

from tools import gov_portal_text as text
from tools.demo_portal import GOV_ORIGIN
from tools.gov_portal_articles import (
    PAGE_SIZE,
    SAVED,
    Category,
    GovArticle,
    categories,
    newest_first,
    section_url,
)
from tools.gov_portal_pages import RSS_URL, load_more_url

SITEMAP_INDEX = "/sitemap.xml"
NEWS_SITEMAP = "/sitemap-tin-moi.xml"  # this year's articles, with <news:publication_date>
ARCHIVE_SITEMAP = "/sitemap-luu-tru.xml.gz"  # the listing pages and older articles, gzip
INTERNAL_PREFIX = "/noi-bo/"
RSS_ITEMS = 20
OTHER_PAGES = ["/", "/Pages/gioi-thieu.aspx", "/Pages/lien-he.aspx"]
XML = '<?xml version="1.0" encoding="UTF-8"?>\n'


def iso(value: datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%S+07:00")


def gzip_bytes(data: bytes) -> bytes:
    """gzip with a fixed header (no name, mtime 0, OS unknown): the same bytes on every run."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    body = packer.compress(data) + packer.flush()
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
    return header + body + struct.pack("<II", zlib.crc32(data), len(data) & 0xFFFFFFFF)


def robots() -> str:
    return (
        "User-agent: *\n"
        f"Disallow: {INTERNAL_PREFIX}\n"
        "Disallow: /_layouts/\n"
        "\n"
        f"Sitemap: {GOV_ORIGIN}{SITEMAP_INDEX}\n"
        f"Sitemap: {GOV_ORIGIN}{NEWS_SITEMAP}\n"
    )


def is_news(article: GovArticle) -> bool:
    return article.date.year == SAVED.year


def sitemap_index(articles: list[GovArticle]) -> str:
    news = max(a.lastmod for a in articles if is_news(a))
    old = max(a.lastmod for a in articles if not is_news(a))
    rows = "".join(
        f"<sitemap><loc>{GOV_ORIGIN}{path}</loc><lastmod>{iso(when)}</lastmod></sitemap>\n"
        for path, when in ((NEWS_SITEMAP, news), (ARCHIVE_SITEMAP, old))
    )
    return f'{XML}<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{rows}</sitemapindex>\n'


def news_sitemap(articles: list[GovArticle]) -> str:
    rows = "".join(
        f"<url><loc>{GOV_ORIGIN}{a.url}</loc><lastmod>{iso(a.lastmod)}</lastmod><news:news>"
        f"<news:publication><news:name>{escape(text.SITE_NAME)}</news:name>"
        "<news:language>vi</news:language></news:publication>"
        f"<news:publication_date>{iso(a.date)}</news:publication_date>"
        f"<news:title>{escape(a.title)}</news:title></news:news></url>\n"
        for a in newest_first(articles)
        if is_news(a)
    )
    return (
        f'{XML}<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
        f' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n{rows}</urlset>\n'
    )


def archive_sitemap(articles: list[GovArticle]) -> bytes:
    pages = OTHER_PAGES + [section_url(s) for s in text.SECTIONS] + [c.url for c in categories()]
    rows = [
        f"<url><loc>{GOV_ORIGIN}{p}</loc><changefreq>daily</changefreq><priority>0.8</priority></url>\n"
        for p in pages
    ]
    rows += [
        f"<url><loc>{GOV_ORIGIN}{a.url}</loc><lastmod>{iso(a.lastmod)}</lastmod>"
        "<changefreq>monthly</changefreq><priority>0.5</priority></url>\n"
        for a in newest_first(articles)
        if not is_news(a)
    ]
    xml = f'{XML}<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{"".join(rows)}</urlset>\n'
    return gzip_bytes(xml.encode())


def rss(articles: list[GovArticle]) -> str:
    def rfc822(value: datetime) -> str:
        return format_datetime(value).replace(" -0000", " +0700")

    items = "".join(
        f"<item><title>{escape(a.title)}</title><link>{GOV_ORIGIN}{a.url}</link>"
        f"<description>{escape(a.lead)}</description><category>{escape(a.category.name)}</category>"
        f"<pubDate>{rfc822(a.date)}</pubDate>"
        f'<guid isPermaLink="true">{GOV_ORIGIN}{a.url}</guid></item>\n'
        for a in newest_first(articles)[:RSS_ITEMS]
    )
    return (
        f'{XML}<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">\n<channel>\n'
        f"<title>Tin tức - {escape(text.SITE_NAME)}</title>\n<link>{GOV_ORIGIN}/</link>\n"
        f"<description>{escape(text.SITE_DESCRIPTION)}</description>\n<language>vi-VN</language>\n"
        f"<lastBuildDate>{rfc822(SAVED)}</lastBuildDate>\n"
        f'<atom:link href="{GOV_ORIGIN}{RSS_URL}" rel="self" type="application/rss+xml" />\n'
        f"{items}</channel>\n</rss>\n"
    )


def load_more(category: Category, items: list[GovArticle]) -> dict[str, str]:
    """{URL: JSON} of the "Xem thêm" answers of a category with at least PAGE_SIZE items: pages
    2, 3, ... of PAGE_SIZE items (an exact multiple ends with an empty page); `next` is the
    following answer's URL or null. Dates as ASP.NET's serialiser writes them (local, no zone)."""
    if len(items) < PAGE_SIZE:
        return {}
    answers = {}
    number = 2
    while True:
        chunk = items[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]
        more = len(items) > number * PAGE_SIZE
        data = {
            "items": [
                {"title": a.title, "url": a.url, "date": a.date.strftime("%Y-%m-%dT%H:%M:%S")}
                for a in chunk
            ],
            "next": load_more_url(category.slug, number + 1) if more else None,
        }
        answers[load_more_url(category.slug, number)] = json.dumps(
            data, ensure_ascii=False, separators=(",", ":")
        )
        if not more:
            return answers
        number += 1


def expected_record(article: GovArticle) -> dict:
    words = article.body_words()
    return {
        "url": article.url,
        "item_id": article.item_id,
        "title": article.title,
        "date": iso(article.date),
        "category": article.category.name,
        "section": article.category.section[0] if article.category.section else None,
        "authors": article.byline.authors,
        "byline": [line for _, line in article.byline.lines],
        "byline_style": article.byline.style,
        "source_credit": article.byline.credit,
        "lead": article.lead,
        "body_start": " ".join(words[:8]),
        "body_end": " ".join(words[-8:]),
        "captions": [f.caption for f in article.figures() if f.caption],
        "images": [f.src for f in article.figures()],
        "related": [
            {"title": a.title, "date": f"{a.date:%d/%m/%Y}", "url": a.url}
            for a in article.related()
        ],
        "meta_description": article.description,
    }


def expected(articles: list[GovArticle], internal: list[GovArticle]) -> str:
    data = {
        "portal": text.SITE_NAME,
        "origin": GOV_ORIGIN,
        "saved": f"{SAVED:%Y-%m-%d}",
        "articles": [expected_record(a) for a in articles],
        "disallowed": [p.url for p in internal],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
