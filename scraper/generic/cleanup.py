"""Furniture inside the body element: share bars, ads, menus, widgets, link lists and the
headings of recommendation boxes ("TIN MỚI") come out; the running text stays."""

from __future__ import annotations

import re

from lxml import etree

from archive_core.text import collapse_whitespace
from scraper.dom import remove_element

DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "nav",
    "footer",
    "aside",
    "iframe",
    "button",
    "svg",
    "template",
    "select",
    "input",
    "textarea",
    "object",
    "embed",
    "audio",
    "video",
    "canvas",
)
# Only blocks are removed by class: inline links such as <a class="cms-relate"> are body text.
_BLOCK_TAGS = ("div", "section", "ul", "ol", "table", "header", "dl", "article", "p", "span")
_FURNITURE_CLASS = re.compile(
    r"(?:^|[-_ ])(share|sharing|social|socials|comment|comments|banner|advert|advertisement|ads|"
    r"adv|qc|sponsor|menu|navbar|nav|navigation|footer|print|toolbar|rating|subscribe|popup|"
    r"modal|cookie|sidebar|widget|trending|most-?read|rennab|sda_\w+|zalo|facebook|fb|"
    r"google|newsletter|tool|tools|audio|player|video-?box|relate|related|lien-?quan|"
    r"recommend|suggest|box-?news|many-pack|tags?|keywords?|tu-?khoa|breadcrumbs?|"
    r"author-?box|follow|donate|hotline|vote|poll)(?:$|[-_ ])",
    re.I,
)


def _attrs(el: etree._Element) -> str:
    return f"{el.get('class') or ''} {el.get('id') or ''}"


def _link_list(el: etree._Element) -> bool:
    """A list of links (three or more, links making most of the text): recommendations."""
    links = [a for a in el.iter("a") if a.get("href")]
    if len(links) < 3:
        return False
    text = collapse_whitespace(el.text_content())
    if not text:
        return True
    link_text = sum(len(collapse_whitespace(a.text_content())) for a in links)
    return link_text >= 0.7 * len(text)


def clean_body(body: etree._Element, keep: set[etree._Element]) -> int:
    """Remove furniture from `body` in place; never an element in `keep` or one holding it.
    Returns how many elements were removed."""
    protected = set(keep)
    for el in keep:
        protected.update(el.iterancestors())
    removed = 0
    for el in list(body.iter(*DROP_TAGS)):
        if el.getparent() is not None and el not in protected:
            remove_element(el)
            removed += 1
    for el in list(body.iter(*_BLOCK_TAGS)):
        if el is body or el.getparent() is None or el in protected:
            continue
        if _FURNITURE_CLASS.search(_attrs(el)) or (
            el.tag in ("ul", "ol", "div", "table") and _link_list(el)
        ):
            remove_element(el)
            removed += 1
    return removed
