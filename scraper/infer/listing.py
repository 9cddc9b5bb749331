"""Listing selectors of a draft profile, from one listing (category) page. Pure.

The article links of the page are the links whose address matches the learned article URL
pattern; each one's item is the largest element around it that links to that article only (a
`<li>`, a teaser box). The items of the largest group of alike items (same selector, same
parent) are generalised to `listing.item`; inside them the link printing the headline gives
`item_title`, an element printing a date gives `item_date`. The "next page" link is the link
marked as such (`rel=next`, a `next` class, "»", "Sau", "Trang sau", "Tiếp") or, failing that,
the numbered links of the pagination box; a "Xem thêm" button that names its endpoint
(`data-url="/Ajax/LoadMore.ashx?cat=x&page=2"`) gives `next_template` with `{page}`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit

from lxml import etree

from archive_core.dates import parse_vn_date
from archive_core.text import fold_key
from scraper.discovery.loadmore import load_more_urls
from scraper.dom import absolute_url, css_select, element_text, select_first
from scraper.extract import listing_from_doc
from scraper.infer.selectors import Target, generalise, simple_selectors
from scraper.profiles import Listing, Profile, Selector

_NEXT_TEXT = {"»", "›", ">", ">>", "sau", "trang sau", "tiep", "tiep theo", "next", "xem tiep"}
_NEXT_CLASS = re.compile(r"(?:^|[-_ ])(next|sau|tiep)(?:$|[-_ ])", re.I)
_PAGER_CLASS = re.compile(r"pag|phan-?trang|phantrang|trang", re.I)
_LOAD_MORE_ATTRS = ("data-url", "data-next", "data-href", "data-next-url", "data-source")
_PAGE_PARAM = re.compile(
    r"(?P<key>(?:^|[?&])(?:page|p|trang|pageindex|pageno|paged)=)2(?=&|$)", re.I
)
_PAGE_PATH = re.compile(r"(?P<key>[/_-])2(?=(?:\.[a-z]{2,5})?(?:[?#]|$))", re.I)


@dataclass
class ListingSelectors:
    listing: dict[str, list[str] | str] = field(default_factory=dict)
    sections: list[str] = field(default_factory=list)  # the listing page and its siblings
    articles: list[str] = field(default_factory=list)  # article links found on the page
    notes: dict[str, str] = field(default_factory=dict)


def _sel(text: str) -> tuple[Selector, ...]:
    return (Selector.parse(text),)


def _item_of(a: etree._Element, href: str, url: str) -> etree._Element:
    item = a
    while item.getparent() is not None and item.getparent().tag not in ("body", "html"):
        parent = item.getparent()
        others = {absolute_url(x.get("href"), url) for x in parent.iter("a") if x.get("href")}
        if others - {href}:
            break
        item = parent
    return item


def infer_listing(doc: etree._Element, url: str, profile: Profile) -> ListingSelectors:
    """Listing selectors for `profile` (its article_url_pattern) from a parsed listing page."""
    out = ListingSelectors(sections=section_pages(doc, url, profile))
    items: dict[etree._Element, str] = {}
    for a in doc.iter("a"):
        href = absolute_url(a.get("href"), url)
        if href and profile.is_article_url(href):
            items.setdefault(_item_of(a, href, url), href)
    if not items:
        out.notes["item"] = "no link on the listing page matches the article URL pattern"
        return out
    groups = Counter((el.getparent(), el.tag) for el in items)
    (parent, tag), _ = groups.most_common(1)[0]
    group = [el for el in items if el.getparent() is parent and el.tag == tag]
    wanted = [items[el] for el in group]
    out.articles = wanted

    def item_ok(sel: str) -> bool:
        draft = replace(profile, listing=Listing(item=_sel(sel)))
        found = [i.url for i in listing_from_doc(doc, draft, url=url).items]
        return found == list(dict.fromkeys(wanted))

    item_sel = generalise([Target(doc, tuple(group))], item_ok)
    if item_sel is None:
        out.notes["item"] = "no selector picks exactly the listed articles"
        return out
    out.listing["item"] = [item_sel]
    title = _item_title(doc, group)
    if title:
        out.listing["item_title"] = [title]
    date = _item_date(doc, group, profile)
    if date:
        out.listing["item_date"] = [date]
    nxt = _next(doc)
    if nxt:
        out.listing["next"] = [nxt]
    template = _load_more(doc, url)
    if template and load_more_urls(doc, url):
        # The crawl follows a "Xem thêm" button's endpoint (and the next URL each answer
        # gives) by itself: a template would only ask for pages past the last one.
        out.notes["next_template"] = (
            f'not needed: the crawl follows the "Xem thêm" button\'s endpoint ({template})'
        )
    elif template:
        out.listing["next_template"] = template
    if not nxt and not template:
        out.notes["next"] = "no next-page link or load-more endpoint on the listing page"
    return out


def _headline_link(item: etree._Element) -> etree._Element | None:
    links = [a for a in item.iter("a") if element_text(a)]
    return max(links, key=lambda a: len(element_text(a)), default=None)


def _item_title(doc: etree._Element, group: list[etree._Element]) -> str | None:
    """A selector (inside an item) of the link printing the headline, when the item's first
    link does not print it (a thumbnail link first)."""
    heads = [_headline_link(item) for item in group]
    if any(h is None for h in heads):
        return None
    firsts = [next((a for a in item.iter("a") if element_text(a)), None) for item in group]
    options = []
    for head in heads[:1]:
        parent = head.getparent()
        own = [s for s in simple_selectors(head) if s != "a"]
        options.extend(own)
        if parent is not None and parent not in group:
            options.extend(f"{p} a" for p in simple_selectors(parent))
        options.append("a")
    for sel in dict.fromkeys(options):
        if all(
            select_first(item, _sel(sel)) == element_text(h)
            for item, h in zip(group, heads, strict=True)
        ):
            return None if sel == "a" and heads == firsts else sel
    return None


def _item_date(doc: etree._Element, group: list[etree._Element], profile: Profile) -> str | None:
    options: list[str] = []
    for item in group[:1]:
        for el in item.iter():
            if isinstance(el.tag, str) and el.tag != "a" and el is not item:
                text = element_text(el)
                if len(text) <= 40 and parse_vn_date(text):
                    options.extend(simple_selectors(el))
    for sel in dict.fromkeys(options):
        values = [select_first(item, _sel(sel)) for item in group]
        if all(v and parse_vn_date(v, profile.date_formats) for v in values):
            return sel
    return None


def _next(doc: etree._Element) -> str | None:
    links = [a for a in doc.iter("a") if a.get("href") and not a.get("href").startswith("#")]
    marked = [
        a
        for a in links
        if (a.get("rel") or "").lower() == "next"
        or _NEXT_CLASS.search(a.get("class") or "")
        or fold_key(element_text(a)) in _NEXT_TEXT
    ]
    marked = [a for a in marked if not (a.get("href") or "").lower().startswith("javascript")]
    if marked:
        target = marked[0]

        def one(sel: str) -> bool:
            return css_select(doc, Selector.parse(sel).css) == [target]

        found = generalise([Target(doc, (target,))], one)
        if found:
            return found
    pagers = [
        el
        for el in doc.iter("div", "ul", "nav", "p", "span")
        if _PAGER_CLASS.search(f"{el.get('class') or ''} {el.get('id') or ''}")
        and any(element_text(a).isdigit() for a in el.iter("a"))
    ]
    for pager in pagers:
        for sel in simple_selectors(pager):
            if sel != pager.tag and css_select(doc, sel) == [pager]:
                return f"{sel} a"
    return None


def _load_more(doc: etree._Element, url: str) -> str | None:
    for el in doc.iter():
        if not isinstance(el.tag, str):
            continue
        for attr in _LOAD_MORE_ATTRS:
            value = el.get(attr)
            if not value:
                continue
            target = absolute_url(value, url)
            if not target:
                continue
            template = _PAGE_PARAM.sub(r"\g<key>{page}", target, count=1)
            if template == target:
                template = _PAGE_PATH.sub(r"\g<key>{page}", target, count=1)
            if "{page}" in template:
                parts = urlsplit(template)  # relative: it holds on a copy served elsewhere
                return parts.path + (f"?{parts.query}" if parts.query else "")
    return None


def _shape(url: str) -> tuple[str, str, int, str, bool] | None:
    parts = urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    if not segments:
        return None
    last = segments[-1]
    ext = last.rsplit(".", 1)[1] if "." in last else ""
    parent = "/".join(segments[:-1])
    return parts.netloc, parent, len(segments), ext, parts.path.endswith("/")


def section_pages(doc: etree._Element, url: str, profile: Profile) -> list[str]:
    """The listing page and the other sections' pages its menu links to: addresses of the same
    shape (same folder, same ending, no query), in page order. The crawl starts from them."""
    shape = _shape(url)
    found = [url]
    if shape is None or urlsplit(url).query:
        return found
    for a in doc.iter("a"):
        href = absolute_url(a.get("href"), url)
        if not href or urlsplit(href).query or urlsplit(href).fragment:
            continue
        if profile.is_article_url(href) or _shape(href) != shape:
            continue
        if href not in found:
            found.append(href)
    return found
