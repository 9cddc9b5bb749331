"""Who wrote it, as printed: a byline-classed element, the body's closing byline (a short name
line, often right-aligned, sometimes followed by the author's unit), or the names printed beside
the date. JSON-LD authors count only when the page prints them. When nothing is found with
confidence the answer is no author (the crawl report counts such pages)."""

from __future__ import annotations

import re

from lxml import etree

from archive_core.dates import parse_vn_date
from archive_core.text import collapse_whitespace
from scraper.byline import clean_authors, is_source_credit, name_like, trailing_byline
from scraper.generic.page import PageInfo

_BYLINE_CLASS = re.compile(
    r"author|byline|tac-?gia|tacgia|writer|reporter|nguoi-?viet|nguoiviet|news-?source-?author",
    re.I,
)
_DATE_PART = re.compile(
    r"(?:thứ\s+\S+|chủ\s+nhật)?[,\s]*\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}(?:\s*[-–,|]?\s*\d{1,2}[:hg]\d{2}"
    r"(?:\s*(?:AM|PM|GMT\+7))?)?|\d{1,2}[:hg]\d{2}(?:\s*(?:AM|PM))?",
    re.I,
)
_LABELS = re.compile(r"(?:cập nhật|đăng|ngày đăng|lúc|gmt\+7|\(gmt\+7\))\s*:?", re.I)


def _attrs(el: etree._Element) -> str:
    parts = (el.get("class"), el.get("id"), el.get("itemprop"), el.get("rel"))
    return " ".join(p for p in parts if p)


def _names(text: str) -> list[str]:
    names = clean_authors(text)
    return names if names and all(name_like(n) for n in names) else []


def _classed(
    doc: etree._Element, start: int, end: int, order: dict
) -> tuple[list[etree._Element], list[str]]:
    for el in doc.iter("div", "p", "span", "strong", "b", "em", "a", "address", "li", "td"):
        at = order.get(el, 0)
        if not (start <= at <= end) or not _BYLINE_CLASS.search(_attrs(el)):
            continue
        raw = el.text_content()
        if not raw.strip() or len(raw) > 300:
            continue
        text = collapse_whitespace(raw)
        if is_source_credit(text):
            return [el], []
        names = _names(_DATE_PART.sub(" ", text))
        if names:
            return [el], names
    return [], []


def _beside_date(date_el: etree._Element | None) -> list[str]:
    """ "Minh Anh | 08:00 20/07/2026": the names printed on the date's line."""
    if date_el is None:
        return []
    for node in (date_el, date_el.getparent()):
        if node is None:
            continue
        raw = node.text_content()
        if len(raw) > 160:
            continue
        text = collapse_whitespace(raw)
        rest = _LABELS.sub(" ", _DATE_PART.sub(" ", text))
        rest = collapse_whitespace(rest.replace("|", " ").strip(" -–,|"))
        if rest and parse_vn_date(text) and rest != text:
            names = _names(rest)
            if names:
                return names
    return []


def find_authors(
    doc: etree._Element,
    info: PageInfo,
    headline: etree._Element | None,
    body: etree._Element | None,
    date_el: etree._Element | None,
    order: dict[etree._Element, int],
) -> tuple[list[etree._Element], list[str]]:
    """(elements that print the byline, to take out of the body; the names)."""
    start = order.get(headline, 0) if headline is not None else 0
    end = _end_of(body, order) + 40 if body is not None else len(order)
    classed, classed_names = _classed(doc, start, end, order)
    trailing, trailing_names = trailing_byline(body) if body is not None else ([], [])
    if classed_names:
        if set(trailing_names) <= set(classed_names):  # the same byline printed again
            classed = classed + trailing
        return classed, classed_names
    if trailing:
        return trailing, trailing_names
    if classed:  # a source credit
        return classed, []
    names = _beside_date(date_el)
    if names:
        return [], names
    return [], _printed_ld_authors(doc, info)


def _end_of(el: etree._Element, order: dict) -> int:
    """The document position of the last element inside `el`."""
    return max((order.get(node, 0) for node in el.iter()), default=order.get(el, 0))


def _printed_ld_authors(doc: etree._Element, info: PageInfo) -> list[str]:
    value = info.article_ld.get("author")
    people = value if isinstance(value, list) else [value]
    names = []
    for person in people:
        name = person.get("name") if isinstance(person, dict) else person
        if isinstance(name, str) and name_like(collapse_whitespace(name)):
            names.append(collapse_whitespace(name))
    if not names:
        return []
    text = collapse_whitespace(" ".join(_VISIBLE_TEXT(doc)))
    return [n for n in names if n in text and not info.is_site_name(n)]


_VISIBLE_TEXT = etree.XPath(
    "//body//text()[not(ancestor::script) and not(ancestor::style) and not(ancestor::noscript)]"
)
