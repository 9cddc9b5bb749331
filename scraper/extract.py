"""Profile-driven extraction: page HTML + Profile -> Article. Pure (no I/O).

For throughput the page is parsed once with lxml; the profile's CSS selectors (compiled once,
cached) find the fields; only the article body is handed to BeautifulSoup, which sanitises it
to the allowlist and converts it to Markdown.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime

from lxml import etree

from archive_core.dates import parse_vn_date
from archive_core.models import OtherNewsItem
from scraper.byline import split_authors, trailing_byline
from scraper.dom import (
    ExtractionError,
    absolute_url,
    css_select,
    element_text,
    is_inside,
    make_slug,
    normalize_figure,
    parse_document,
    remove_element,
    render_body,
    select_all,
    select_elements,
    select_first,
    select_values,
    with_alt,
)
from scraper.generic import extract_generic
from scraper.generic.figures import caption_after
from scraper.models import Article
from scraper.profiles import Profile, Selector, Selectors

__all__ = [
    "ExtractionError",
    "ListingItem",
    "ListingPage",
    "extract_article",
    "extract_listing",
    "listing_from_doc",
]

log = logging.getLogger(__name__)


# ---------------------------------------------------------------------------------------------
# Profile-driven extraction


def _other_news(doc: etree._Element, profile: Profile, url: str) -> list[OtherNewsItem]:
    items: list[OtherNewsItem] = []
    for block_def in profile.other_news:
        for block in select_elements(doc, block_def.block):
            for item in select_elements(block, block_def.item):
                title = select_first(item, block_def.title) if block_def.title else ""
                if not title:
                    link = next(iter(css_select(item, "a[href]")), None)
                    title = element_text(link) if link is not None else element_text(item)
                if not title:
                    continue
                date_text = select_first(item, block_def.date) if block_def.date else ""
                date = parse_vn_date(date_text, profile.date_formats) if date_text else None
                href = (
                    select_first(item, block_def.url)
                    if block_def.url
                    else select_first(item, (Selector("a[href]", "href"),))
                )
                items.append(OtherNewsItem(title=title, date=date, url=absolute_url(href, url)))
    return items


def _find_date(doc: etree._Element, selectors: Selectors, profile: Profile) -> datetime | None:
    for sel in selectors:
        for value in select_values(doc, (sel,)):
            date = parse_vn_date(value, profile.date_formats)
            if date is not None:
                return date
    return None


def extract_article(
    html: bytes | str, profile: Profile | None, *, url: str, encoding: str | None = None
) -> Article:
    """Extract one article. `profile=None` uses the generic extractor.

    Raises ExtractionError when the page has no title or no date (a date is never invented).
    """
    if profile is None:
        return extract_generic(html, url=url, encoding=encoding)
    if profile.generic:
        article = extract_generic(html, url=url, encoding=encoding or profile.charset)
        article.portal = profile.name
        return article
    try:
        doc = parse_document(html, encoding, profile.charset)
    except (ValueError, etree.ParserError) as exc:
        raise ExtractionError(url, f"cannot parse the page: {exc}") from None
    f = profile.fields

    title = select_first(doc, f.title)
    if not title:
        raise ExtractionError(url, f"no title found (selectors: {_show(f.title)})")
    date = _find_date(doc, f.date, profile)
    if date is None:
        raise ExtractionError(url, f"no date found (selectors: {_show(f.date)})")
    modified = _find_date(doc, f.modified, profile) if f.modified else None
    other_news = _other_news(doc, profile, url)
    lead = select_first(doc, f.lead) if f.lead else ""
    byline_values = select_values(doc, f.byline) if f.byline else []
    authors = _unique([n for v in byline_values for n in split_authors(v)])
    category_items = select_values(doc, f.category) if f.category else []
    category = category_items[-1] if category_items else ""
    tags = _unique(select_values(doc, f.tags)) if f.tags else []

    for sel in profile.drop:
        for el in css_select(doc, sel.css):
            remove_element(el)

    body_el = next(iter(select_elements(doc, f.body)), None)
    if body_el is None:
        raise ExtractionError(url, f"no article body found (selectors: {_show(f.body)})")

    # Parts printed inside the body that are fields of their own are not body text.
    for selectors in (f.title, f.lead, f.byline):
        for el in select_elements(body_el, selectors) if selectors else []:
            if el is not body_el and is_inside(el, body_el):
                remove_element(el)
    if not authors:  # a byline printed as the body's last short paragraph(s)
        byline_els, authors = trailing_byline(body_el)
        for el in byline_els:  # the names, and the unit or source line after them
            remove_element(el)
    if f.figure:
        for fig in select_elements(body_el, f.figure):
            if fig.getparent() is None or not is_inside(fig, body_el):
                continue
            caption = select_first(fig, f.captions) if f.captions else ""
            if not caption and fig.tag not in ("figure", "table") and not element_text(fig):
                # a photo paragraph captioned by the styled paragraph after it (the
                # generic extractor's rule)
                after = caption_after(fig)
                if after is not None:
                    caption = element_text(after)
                    remove_element(after)
            normalize_figure(fig, caption)

    body_markdown, images, _, removed = render_body(body_el, url)
    images = with_alt(images, title)
    return Article(
        title=title,
        date=date,
        modified=modified if modified and modified != date else None,
        body_markdown=body_markdown,
        source_url=url,
        authors=authors,
        summary=lead,
        category=category,
        tags=tags,
        images=images,
        other_news=other_news,
        slug=make_slug(title),
        portal=profile.name,
        removed=removed,
    )


def _unique(values: list[str]) -> list[str]:
    out: list[str] = []
    for value in values:
        if value not in out:
            out.append(value)
    return out


def _show(selectors: Selectors) -> str:
    return ", ".join(str(s) for s in selectors) or "none"


# ---------------------------------------------------------------------------------------------
# Listing pages


@dataclass(frozen=True)
class ListingItem:
    url: str
    title: str
    date: datetime | None = None


@dataclass
class ListingPage:
    items: list[ListingItem] = field(default_factory=list)
    next_urls: list[str] = field(default_factory=list)


def extract_listing(
    html: bytes | str, profile: Profile, *, url: str, encoding: str | None = None
) -> ListingPage:
    """Article links (with title and listing date when printed) and next-page links."""
    return listing_from_doc(parse_document(html, encoding, profile.charset), profile, url=url)


def listing_from_doc(doc: etree._Element, profile: Profile, *, url: str) -> ListingPage:
    """`extract_listing` on a page already parsed."""
    page = ListingPage()
    seen: set[str] = set()
    for item in select_all(doc, profile.listing.item):
        links = [item] if item.tag == "a" else css_select(item, "a[href]")
        target = None
        for link in links:
            href = absolute_url(link.get("href"), url)
            if href and profile.is_article_url(href):
                target = href
                break
        if target is None or target in seen:
            continue
        seen.add(target)
        title = select_first(item, profile.listing.item_title) if profile.listing.item_title else ""
        if not title:
            title = next((element_text(a) for a in links if element_text(a)), "")
        date_text = (
            select_first(item, profile.listing.item_date) if profile.listing.item_date else ""
        )
        date = parse_vn_date(date_text, profile.date_formats) if date_text else None
        page.items.append(ListingItem(url=target, title=title, date=date))
    for el in select_elements(doc, profile.listing.next):
        href = (
            el.get("href")
            if el.tag == "a"
            else next((a.get("href") for a in css_select(el, "a[href]")), None)
        )
        absolute = absolute_url(href, url)
        if (
            absolute
            and absolute.startswith(("http://", "https://"))
            and absolute not in page.next_urls
        ):
            page.next_urls.append(absolute)
    return page
