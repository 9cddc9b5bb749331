"""The article's section: the most specific item of the visible breadcrumb, else the section
label printed above the headline, else what the page declares (JSON-LD, article:section)."""

from __future__ import annotations

import re

from lxml import etree

from archive_core.text import collapse_whitespace, fold_key
from scraper.dom import element_text
from scraper.generic.page import PageInfo

_BREADCRUMB = re.compile(r"bread-?crumbs?|duong-?dan|breadcum|bread_crumb|crumbs?\b", re.I)
_SECTION = re.compile(
    r"(?:^|[-_ ])(cate|category|categories|cat|chuyen-?muc|chuyenmuc|section|folder|"
    r"cat-?name|cate-?name|catename|danh-?muc|parent-?cate|box-?cate|tag-?cate)(?:$|[-_ ])",
    re.I,
)
_HOME = {"trang chu", "home", "trang nhat", "trang chinh"}
_SEPARATORS = re.compile(r"\s*(?:>|»|›|/|\||→|::)\s*")


def _attrs(el: etree._Element) -> str:
    return f"{el.get('class') or ''} {el.get('id') or ''} {el.get('itemtype') or ''}"


def _clean(items: list[str], title: str) -> list[str]:
    title_key = fold_key(title)
    out = []
    for item in items:
        item = collapse_whitespace(item).strip(" >»›/|")
        key = fold_key(item)
        if not item or key in _HOME or key == title_key or len(item) > 80:
            continue
        out.append(item)
    return out


def _breadcrumb_items(el: etree._Element) -> list[str]:
    links = [element_text(a) for a in el.iter("a")]
    items = [t for t in links if t]
    # A last item printed as text (the current section, not linked).
    for node in el.iter("span", "li", "strong", "b"):
        text = element_text(node)
        if text and node.find(".//a") is None and text not in items and len(text) <= 60:
            items.append(text)
    if not items:
        items = _SEPARATORS.split(element_text(el))
    return items


def find_category(
    doc: etree._Element,
    info: PageInfo,
    title: str,
    headline: etree._Element | None,
    order: dict[etree._Element, int],
) -> str:
    for el in doc.iter("nav", "ol", "ul", "div", "p", "span", "section", "td"):
        attrs = _attrs(el)
        if (
            _BREADCRUMB.search(attrs)
            or "BreadcrumbList" in attrs
            or (el.get("aria-label") or "").lower() in ("breadcrumb", "breadcrumbs")
        ):
            items = _clean(_breadcrumb_items(el), title)
            if items:
                return items[-1]
    items = _clean(_ld_breadcrumb(info), title)
    if items:
        return items[-1]
    if headline is not None:
        label = _section_label(doc, headline, order)
        if label:
            return label
    sections = [s for v in info.meta.get("article:section", []) for s in v.split(",")]
    sections = _clean(sections, title)
    return sections[-1] if sections else ""


def _ld_breadcrumb(info: PageInfo) -> list[str]:
    out = []
    items = info.breadcrumb_ld.get("itemListElement") or []
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict):
            continue
        inner = item.get("item")
        name = (inner.get("name") if isinstance(inner, dict) else None) or item.get("name")
        if isinstance(name, str):
            out.append(name)
    return out


def _section_label(doc: etree._Element, headline: etree._Element, order: dict) -> str:
    """A short section-classed label printed shortly before the headline."""
    anchor = order.get(headline, 0)
    best = ""
    for el in doc.iter("a", "span", "div", "p", "h2", "h3", "li"):
        at = order.get(el, 0)
        if not (anchor - 40 <= at < anchor) or not _SECTION.search(_attrs(el)):
            continue
        text = element_text(el)
        if text and len(text) <= 50 and fold_key(text) not in _HOME:
            best = text
    return best
