"""Generic extraction for pages of portals with no profile. Pure: HTML in, Article out.

The page is parsed once with lxml and read the way a person reads it: the headline the page's
title hints agree with (`headline`), the time printed next to it (`published`), the element
holding the running text (`container`), the sapo (`lead`), the byline (`authors`), the
section (`category`), the related lists and the recommendation boxes (`blocks`), the photos
and their captions (`figures`). `locate` returns the elements found, so that a profile can be
inferred from them; `extract_generic` turns them into an Article.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import datetime

from lxml import etree

from archive_core.dates import parse_vn_date
from archive_core.models import OtherNewsItem
from scraper.dom import (
    ExtractionError,
    block_text,
    element_text,
    is_inside,
    make_slug,
    normalize_figure,
    parse_document,
    remove_element,
    render_body,
    with_alt,
)
from scraper.generic.authors import find_authors
from scraper.generic.blocks import Block, find_blocks
from scraper.generic.category import find_category
from scraper.generic.cleanup import clean_body
from scraper.generic.container import excluded_areas, find_container
from scraper.generic.figures import caption_in, normalize_figures
from scraper.generic.headline import Headline, find_headline
from scraper.generic.lead import find_lead
from scraper.generic.page import PageInfo, read_page
from scraper.generic.published import Published, declared_modified, find_published
from scraper.models import Article

__all__ = ["Located", "extract_generic", "locate"]

log = logging.getLogger(__name__)

_TAG_CLASS = re.compile(r"(?:^|[-_ ])(tags?|keywords?|tu-?khoa|tukhoa)(?:$|[-_ ])", re.I)
_URL_DATE = re.compile(r"(?<!\d)(20\d{2})[/-]?(0[1-9]|1[0-2])[/-]?(0[1-9]|[12]\d|3[01])(?!\d)")


@dataclass
class Located:
    """Where each part of the article is on the page (elements of the parsed tree)."""

    doc: etree._Element
    info: PageInfo
    headline: Headline
    published: Published
    container: etree._Element | None
    lead: etree._Element | None
    blocks: list[Block] = field(default_factory=list)
    byline: list[etree._Element] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    category: str = ""
    tags: list[str] = field(default_factory=list)

    @property
    def other_news(self) -> list[OtherNewsItem]:
        return [item for block in self.blocks if block.related for item in block.items]


def _prepare(doc: etree._Element) -> None:
    """Drop scripts and styles; a line break separates words in the text it reads
    ("Tâm Giao<br>Ảnh: ..." is two lines, not "GiaoẢnh")."""
    for el in list(doc.iter("script", "style", "noscript", "template")):
        remove_element(el)
    for br in doc.iter("br"):
        tail = br.tail or ""
        if not tail.startswith((" ", "\n")):
            br.tail = " " + tail


def _tags(doc: etree._Element, info: PageInfo) -> list[str]:
    for el in doc.iter("div", "ul", "p", "span", "section"):
        if _TAG_CLASS.search(f"{el.get('class') or ''} {el.get('id') or ''}"):
            tags = [element_text(a) for a in el.iter("a") if element_text(a)]
            if tags:
                return list(dict.fromkeys(tags))
    values = [t.strip() for v in info.meta.get("article:tag", []) for t in v.split(",")]
    return list(dict.fromkeys(t for t in values if t))


def locate(doc: etree._Element, url: str) -> Located:
    """Find every part of the article on a parsed page (the tree is read, not changed, except
    that scripts and styles are dropped)."""
    info = read_page(doc, url)  # JSON-LD lives in <script>: read it first
    _prepare(doc)
    order = {el: i for i, el in enumerate(doc.iter())}
    headline = find_headline(doc, info)
    areas = excluded_areas(doc)
    container = find_container(doc, headline.element, order, areas)
    self_url = info.base_url.split("#")[0]
    blocks = find_blocks(doc, order, info.base_url, self_url, container)
    published = find_published(doc, info, headline.element, order)
    lead = find_lead(doc, info, headline.element, container, order)
    category = find_category(doc, info, headline.text, headline.element, order)
    located = Located(
        doc=doc,
        info=info,
        headline=headline,
        published=published,
        container=container,
        lead=lead,
        blocks=blocks,
        category=category,
        tags=_tags(doc, info),
    )
    protected = {el for el in (container, headline.element, lead) if el is not None}
    for block in blocks:
        for part in block.parts:
            if part.getparent() is not None and not any(
                part is p or is_inside(p, part) for p in protected
            ):
                remove_element(part)
    located.byline, located.authors = find_authors(
        doc, info, headline.element, container, published.element, order
    )
    return located


def extract_generic(html: bytes | str, *, url: str, encoding: str | None = None) -> Article:
    """Extract an article from a page of an unknown site. Raises ExtractionError (no title, no
    date or no body: nothing is invented)."""
    try:
        doc = parse_document(html, encoding)
    except (ValueError, etree.ParserError) as exc:
        raise ExtractionError(url, f"cannot parse the page: {exc}") from None
    found = locate(doc, url)
    title = found.headline.text
    if not title:
        raise ExtractionError(url, "no title found (no headline element, og:title or <title>)")
    date = found.published.date or _fallback_date(html, found.info.base_url)
    if date is None:
        raise ExtractionError(url, "no date found (none printed, declared or in the address)")
    body = found.container
    if body is None:
        raise ExtractionError(url, "no article body found (no paragraphs of running text)")
    lead = block_text(found.lead) if found.lead is not None else ""
    if found.lead is not None and is_inside(body, found.lead):
        raise ExtractionError(url, "no article body found (the lead holds all the text)")
    leading = _leading_figures(doc, found.headline.element, body)
    clean_body(body, keep=set())
    for el in [*found.byline, found.lead, found.headline.element]:
        if el is not None and el is not body and el.getparent() is not None and is_inside(el, body):
            remove_element(el)
    for fig in reversed(leading):
        fig.tail = None
        body.insert(0, fig)
        normalize_figure(fig, caption_in(fig)[0])
    normalize_figures(body)
    body_markdown, images, _, removed = render_body(body, found.info.base_url)
    images = with_alt(images, title)
    if lead and body_markdown.startswith(lead):
        body_markdown = body_markdown[len(lead) :].lstrip("\n")
    modified = declared_modified(found.info)
    return Article(
        title=title,
        date=date,
        modified=modified if modified and modified != date else None,
        body_markdown=body_markdown,
        source_url=url,
        authors=found.authors,
        summary=lead,
        category=found.category,
        tags=found.tags,
        images=images,
        other_news=found.other_news,
        slug=make_slug(title),
        portal="",
        removed=removed,
    )


def _leading_figures(
    doc: etree._Element, headline: etree._Element | None, body: etree._Element
) -> list[etree._Element]:
    """Figures printed between the headline and the body (the lead photo), copied."""
    if headline is None:
        return []
    import copy

    out = []
    started = False
    for el in doc.iter("figure"):
        if is_inside(el, body):
            break
        if not started:
            started = _follows(el, headline)
        if started:
            out.append(copy.deepcopy(el))
    return out


def _follows(el: etree._Element, anchor: etree._Element) -> bool:
    for node in anchor.itersiblings():
        if node is el or is_inside(el, node):
            return True
    parent = anchor.getparent()
    return parent is not None and parent.tag not in ("body", "html") and _follows(el, parent)


def _fallback_date(html: bytes | str, url: str) -> datetime | None:
    """The date in the page's address (…/2025/05/28/…), else htmldate's reading of the page."""
    match = _URL_DATE.search(url or "")
    if match:
        found = parse_vn_date("-".join(match.groups()))
        if found:
            return found
    try:
        from htmldate import find_date

        value = find_date(
            html, extensive_search=False, original_date=True, outputformat="%Y-%m-%dT%H:%M:%S"
        )
    except Exception as exc:  # a library failure must not lose the page
        log.debug("htmldate failed on %s: %s", url, exc)
        return None
    return parse_vn_date(value) if value else None
