"""The article's section: the most specific item of the visible breadcrumb, else the section
label printed above the headline, else what the page declares (JSON-LD, article:section), else
the site menu's item that links to the section the article's address sits in."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from lxml import etree

from archive_core.text import collapse_whitespace, fold_key
from scraper.dom import element_text
from scraper.generic.page import PageInfo

# (VnExpress printed "breakumb"; others "breadcum", "duongdan".)
_BREADCRUMB = re.compile(
    r"bread-?crumbs?|bread_crumb|breadcum|breakumb|breakumn|duong-?dan|duongdan|crumbs?\b", re.I
)
_ACTIVE = re.compile(r"(?:^|[-_ ])(active|current|selected|on)(?:$|[-_ ])", re.I)
_SECTION = re.compile(
    r"(?:^|[-_ ])(cate|category|categories|cat|chuyen-?muc|chuyenmuc|section|folder|"
    r"cat-?name|cate-?name|catename|danh-?muc|parent-?cate|box-?cate|tag-?cate)(?:$|[-_ ])",
    re.I,
)
_HOME = {"trang chu", "home", "trang nhat", "trang chinh"}
MAX_PATH = 5  # a breadcrumb longer than this is a menu
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


_SUB_MENU = re.compile(
    r"(?:^|[-_ ])(sub|sub-?menu|submenu|sub-?cate\w*|children|child)(?:$|[-_ ])", re.I
)


def _in_sub_menu(node: etree._Element, crumb: etree._Element) -> bool:
    """Inside a list of sibling sections printed within the breadcrumb's box."""
    for ancestor in node.iterancestors():
        if ancestor is crumb:
            return False
        if ancestor.tag == "nav" or _SUB_MENU.search(_attrs(ancestor)):
            return True
    return False


def _breadcrumb_items(el: etree._Element) -> tuple[list[str], list[str]]:
    """(the path's items, every item including sibling-section menus in the box)."""
    path: list[str] = []
    every: list[str] = []
    current = ""
    for a in el.iter("a"):
        text = element_text(a) or collapse_whitespace(a.get("title") or "")
        if not text:
            continue
        every.append(text)
        if not _in_sub_menu(a, el):
            path.append(text)
        elif _is_current(a, el):
            current = text  # the current section, marked in the menu of its siblings
    # A last item printed as text (the current section, not linked).
    for node in el.iter("span", "li", "strong", "b"):
        text = element_text(node)
        if text and node.find(".//a") is None and text not in every and len(text) <= 60:
            every.append(text)
            if not _in_sub_menu(node, el):
                path.append(text)
    if not every:
        path = every = _SEPARATORS.split(element_text(el))
    if current:
        path.append(current)
    return path, every


def _is_current(a: etree._Element, crumb: etree._Element) -> bool:
    node = a
    for _ in range(3):
        if node is None or node is crumb:
            return False
        if _ACTIVE.search(node.get("class") or "") or node.get("aria-current"):
            return True
        node = node.getparent()
    return False


def find_category(
    doc: etree._Element,
    info: PageInfo,
    title: str,
    headline: etree._Element | None,
    order: dict[etree._Element, int],
) -> str:
    declared = _clean(_ld_breadcrumb(info), title)
    anchor = order.get(headline, 0) if headline is not None else 0
    best: tuple[int, str] | None = None  # (distance to the headline, section)
    seen: set[etree._Element] = set()
    for el in doc.iter("nav", "ol", "ul", "div", "p", "span", "section", "td"):
        attrs = _attrs(el)
        if any(a in seen for a in el.iterancestors()):
            continue  # a part of a breadcrumb box already read as a whole
        if not (
            _BREADCRUMB.search(attrs)
            or "BreadcrumbList" in attrs
            or (el.get("aria-label") or "").lower() in ("breadcrumb", "breadcrumbs")
        ):
            continue
        seen.add(el)
        path, every = (_clean(items, title) for items in _breadcrumb_items(el))
        if not every or len(path) > MAX_PATH:
            continue  # a menu of sections, not the path to this article
        # The page's declared section, when the box prints it (in its path, or in the menu of
        # sibling sections that some portals print inside the breadcrumb's box).
        if declared and fold_key(declared[-1]) in {fold_key(i) for i in every}:
            return declared[-1]
        if path:
            at = order.get(el, 0)
            distance = anchor - at if at <= anchor else 10_000 + at - anchor
            if best is None or distance < best[0]:
                best = (distance, path[-1])
    if best is not None:
        return best[1]
    if declared:
        return declared[-1]
    if headline is not None:
        label = _section_label(doc, headline, order)
        if label:
            return label
    sections = [s for v in info.meta.get("article:section", []) for s in v.split(",")]
    sections = _clean(sections, title)
    if sections:
        return sections[-1]
    return _address_section(doc, info.base_url, title)


_PAGE_SUFFIX = re.compile(r"(?:/index)?\.(?:html?|aspx?|php|jsp)$", re.I)
MAX_MENU_LABEL = 40


def _page_key(path: str) -> str:
    """/tin-tuc/, /tin-tuc.html, /tin-tuc/index.html -> /tin-tuc"""
    return _PAGE_SUFFIX.sub("", path.rstrip("/")).rstrip("/").lower()


def _address_section(doc: etree._Element, base_url: str, title: str) -> str:
    """The first link of the page to the folder the article's address sits in
    (`/blog/slug` -> a menu item `/blog`): the section, when nothing on the page names it."""
    here = urlsplit(base_url)
    if here.scheme not in ("http", "https"):
        return ""
    folder = _page_key(here.path.rstrip("/").rsplit("/", 1)[0])
    if not folder.strip("/"):
        return ""  # an article at the site's root: its folder is the home page
    for a in doc.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:")):
            continue
        try:
            target = urlsplit(urljoin(base_url, href))
        except ValueError:  # a malformed address ("http://[" ...): not a menu link
            continue
        if target.netloc != here.netloc or target.query or _page_key(target.path) != folder:
            continue
        label = _clean([element_text(a) or ""], title)
        if label and len(label[0]) <= MAX_MENU_LABEL:
            return label[0]
    return ""


def _ld_breadcrumb(info: PageInfo) -> list[str]:
    out = []
    items = info.breadcrumb_ld.get("itemListElement") or []
    items = items if isinstance(items, list) else []
    # Some portals nest each item in a list of its own ([[{...}], [{...}]]).
    items = [i for item in items for i in (item if isinstance(item, list) else [item])]
    for item in items:
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
        path, _ = _breadcrumb_items(el)
        parts = _clean(path, "")
        if len(parts) >= 1 and len(path) >= 2:  # "Home › Section" printed as a label
            best = parts[-1]
            continue
        text = element_text(el)
        if text and len(text) <= 50 and fold_key(text) not in _HOME:
            best = text
    return best
