"""DOM helpers shared by the profile and the generic extractors: parse a page once with lxml,
select by CSS, move elements about, normalise figures, render the body to Markdown. Pure.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

import lxml.html
from bs4 import BeautifulSoup
from cssselect import HTMLTranslator
from lxml import etree
from slugify import slugify

from archive_core.text import collapse_whitespace
from scraper.charset import decode_html
from scraper.htmlmd import html_to_markdown
from scraper.models import Image
from scraper.profiles import Selectors
from scraper.sanitize import safe_url, sanitize_tree

_XML_DECL = re.compile(r"^\s*<\?xml[^>]*>", re.I)
_TRANSLATOR = HTMLTranslator()
LAZY_SRC = ("data-src", "data-original", "data-lazy-src")


class ExtractionError(ValueError):
    """The page cannot become an article (no title, no date, ...). `reason` says why."""

    def __init__(self, url: str, reason: str) -> None:
        self.url = url
        self.reason = reason
        super().__init__(f"{url}: {reason}")


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


_BLOCK_TAGS = frozenset(
    {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "blockquote"}
)


def block_text(el: etree._Element) -> str:
    """The element's text as displayed: a block (paragraph, line break, cell) separates words
    ("<p>Bài 2: Tựa</p><p>Nói …</p>" is "Bài 2: Tựa Nói …", not "TựaNói")."""
    if not isinstance(el.tag, str):
        return ""
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        block = isinstance(node.tag, str) and node.tag in _BLOCK_TAGS
        if block:
            parts.append(" ")
        if isinstance(node.tag, str) and node.text:
            parts.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if block:
            parts.append(" ")

    walk(el)
    return collapse_whitespace("".join(parts))


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
