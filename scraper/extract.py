"""Profile-driven extraction: page HTML + Profile -> Article. Pure (no I/O).

For throughput the page is parsed once with lxml; the profile's CSS selectors (compiled once,
cached) find the fields; only the article body is handed to BeautifulSoup, which sanitises it
to the allowlist and converts it to Markdown.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache

import lxml.html
from bs4 import BeautifulSoup
from cssselect import HTMLTranslator
from lxml import etree
from slugify import slugify

from scraper.byline import last_paragraph_byline, split_authors
from scraper.dates import parse_vn_date
from scraper.htmlmd import html_to_markdown
from scraper.models import Article, Image, OtherNewsItem
from scraper.profiles import Profile, Selector, Selectors
from scraper.sanitize import safe_url, sanitize_tree
from scraper.text import collapse_whitespace, decode_html

log = logging.getLogger(__name__)

_XML_DECL = re.compile(r"^\s*<\?xml[^>]*>", re.I)
_TRANSLATOR = HTMLTranslator()
LAZY_SRC = ("data-src", "data-original", "data-lazy-src")


class ExtractionError(ValueError):
    """The page cannot become an article (no title, no date, ...). `reason` says why."""

    def __init__(self, url: str, reason: str) -> None:
        self.url = url
        self.reason = reason
        super().__init__(f"{url}: {reason}")


# ---------------------------------------------------------------------------------------------
# lxml helpers (shared with generic.py)


@lru_cache(maxsize=1024)
def _xpath(css: str) -> etree.XPath:
    return etree.XPath(_TRANSLATOR.css_to_xpath(css))


def css_select(root: etree._Element, css: str) -> list[etree._Element]:
    """Elements under `root` (or root itself) matching a CSS selector; "" -> [root]."""
    if not css:
        return [root]
    return [el for el in _xpath(css)(root) if isinstance(el, etree._Element)]


def element_text(el: etree._Element) -> str:
    return collapse_whitespace(el.text_content()) if isinstance(el.tag, str) else ""


def select_values(root: etree._Element, selectors: Selectors) -> list[str]:
    """Values of the first selector that yields any non-empty value (text or attribute)."""
    for sel in selectors:
        values = []
        for el in css_select(root, sel.css):
            value = collapse_whitespace(el.get(sel.attr) or "") if sel.attr else element_text(el)
            if value:
                values.append(value)
        if values:
            return values
    return []


def select_first(root: etree._Element, selectors: Selectors) -> str:
    values = select_values(root, selectors)
    return values[0] if values else ""


def select_elements(root: etree._Element, selectors: Selectors) -> list[etree._Element]:
    for sel in selectors:
        found = css_select(root, sel.css)
        if found:
            return found
    return []


def select_all(root: etree._Element, selectors: Selectors) -> list[etree._Element]:
    """Elements matched by any of the selectors, in document order, without duplicates."""
    if len(selectors) == 1:
        return css_select(root, selectors[0].css)
    found: set[etree._Element] = set()
    for sel in selectors:
        found.update(css_select(root, sel.css))
    return [el for el in root.iter() if el in found]


def remove_element(el: etree._Element) -> None:
    """Remove an element but keep its tail text."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    if tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


def parse_document(html: bytes | str, encoding: str | None, override: str | None = None):
    """Decode (charset-safe) and parse a whole page with lxml."""
    if isinstance(html, bytes):
        text, _ = decode_html(html, encoding, override=override)
    else:
        text = html
    text = _XML_DECL.sub("", text, count=1).replace("\x00", "")
    if not text.strip():
        raise ValueError("empty page")
    return lxml.html.document_fromstring(text)


def is_inside(el: etree._Element, ancestor: etree._Element) -> bool:
    node = el
    while node is not None:
        if node is ancestor:
            return True
        node = node.getparent()
    return False


def image_src(img: etree._Element) -> str:
    src = (img.get("src") or "").strip()
    if not src or src.startswith("data:"):
        for attr in LAZY_SRC:
            if img.get(attr):
                return img.get(attr).strip()
    return src


def normalize_figure(fig: etree._Element, caption: str) -> None:
    """Replace a figure-like element by <figure><img src alt><figcaption>caption</figcaption>."""
    img = fig if fig.tag == "img" else next(iter(fig.iter("img")), None)
    src = image_src(img) if img is not None else ""
    alt = collapse_whitespace(img.get("alt") or "") if img is not None else ""
    new = etree.Element("figure")
    if src:
        etree.SubElement(new, "img", src=src, alt=alt)
    if caption:
        etree.SubElement(new, "figcaption").text = caption
    new.tail = fig.tail
    parent = fig.getparent()
    if parent is None:
        return
    if not src and not caption:
        remove_element(fig)
        return
    parent.replace(fig, new)


def render_body(body_el: etree._Element, url: str) -> tuple[str, list[Image], int, dict[str, int]]:
    """Cut the body out, sanitise it with BeautifulSoup, convert it to Markdown."""
    fragment = lxml.html.tostring(body_el, encoding="unicode", with_tail=False)
    soup = BeautifulSoup(fragment, "lxml")
    root = soup.body or soup
    counts: Counter[str] = Counter()
    sanitize_tree(root, url, counts)
    converted = html_to_markdown(root)
    images = [
        Image(src=img.src, caption=img.caption, alt=img.alt)
        for img in converted.images
        if img.src or img.caption
    ]
    return converted.markdown, images, converted.paragraphs, dict(sorted(counts.items()))


def with_alt(images: list[Image], title: str) -> list[Image]:
    """Every image gets an alt text: the portal's, else its caption, else the headline."""
    return [
        img if img.alt else Image(src=img.src, caption=img.caption, alt=img.caption or title)
        for img in images
    ]


def make_slug(title: str) -> str:
    """python-slugify of the title, as the site's vn_slugify (max 120, word boundary)."""
    return slugify(title, max_length=120, word_boundary=True) or "bai-viet"


def absolute_url(value: str | None, base: str) -> str | None:
    if not value:
        return None
    return safe_url(value, base)


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
        from scraper.generic import extract_generic

        return extract_generic(html, url=url, encoding=encoding)
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
    if not authors:  # a byline printed as the body's last short paragraph
        byline_el, authors = last_paragraph_byline(body_el)
        if byline_el is not None:
            remove_element(byline_el)
    if f.figure:
        for fig in select_elements(body_el, f.figure):
            if fig.getparent() is None or not is_inside(fig, body_el):
                continue
            caption = select_first(fig, f.captions) if f.captions else ""
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
    doc = parse_document(html, encoding, profile.charset)
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
