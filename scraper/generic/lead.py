"""The lead (sapo) as displayed: a sapo-classed element, the element that prints the page's
description, or the bold block that opens the body (older government CMSs)."""

from __future__ import annotations

import re

from lxml import etree

from archive_core.text import collapse_whitespace, fold_key
from scraper.dom import element_text, is_inside
from scraper.generic.page import PageInfo

_LEAD_CLASS = re.compile(
    r"sapo|lead|summary|description|chapo|excerpt|desc\b|tom-?tat|tomtat|intro|abstract|"
    r"subtitle|sub-?title|short-?content|teaser|mota|mo-?ta|brief",
    re.I,
)
_LEAD_TAGS = ("div", "p", "h2", "h3", "h4", "span", "section", "strong", "b", "em", "td")
MIN_LEAD, MAX_LEAD = 40, 1500


def _attrs(el: etree._Element) -> str:
    return f"{el.get('class') or ''} {el.get('id') or ''} {el.get('itemprop') or ''}"


def description(info: PageInfo) -> str:
    value = info.article_ld.get("description")
    if isinstance(value, str) and value.strip():
        return collapse_whitespace(value)
    return info.first("og:description", "description", "twitter:description")


def _text(el: etree._Element) -> str:
    raw = el.text_content()
    # Words joined across blocks ("TựaNói") do not matter to find the lead; the lead's text is
    # read with block_text once it is found.
    return collapse_whitespace(raw) if len(raw) <= 3 * MAX_LEAD else ""


def _similar(text: str, hint: str) -> bool:
    a, b = fold_key(text), fold_key(hint)
    if not a or not b:
        return False
    head = min(len(a), len(b), 60)
    return a[:head] == b[:head] or a.rstrip(" .…") in b or b.rstrip(" .…") in a


def _bold_block(el: etree._Element) -> bool:
    """All of the element's text is bold (inside <strong>/<b>, or styled bold)."""
    style = (el.get("style") or "").replace(" ", "").lower()
    if "font-weight:bold" in style or "font-weight:700" in style:
        return True
    if (el.text or "").strip():
        return False
    bold = "".join(b.text_content() for b in el if b.tag in ("strong", "b"))
    return bool(bold.strip()) and len(collapse_whitespace(bold)) >= 0.9 * len(_text(el))


def _first_blocks(body: etree._Element, limit: int = 3):
    count = 0
    for el in body.iter("p", "div", "h2", "h3", "strong", "b"):
        if el is body:
            continue
        text = _text(el)
        if not text:
            continue
        yield el, text
        count += 1
        if count >= limit:
            return


def find_lead(
    doc: etree._Element,
    info: PageInfo,
    headline: etree._Element | None,
    body: etree._Element | None,
    order: dict[etree._Element, int],
) -> etree._Element | None:
    """The element that prints the lead, or None."""
    start = order.get(headline, 0) if headline is not None else 0
    title = fold_key(element_text(headline)) if headline is not None else ""
    hint = description(info)
    if title and fold_key(hint) == title:
        hint = ""  # a description that only repeats the headline says nothing of the lead
    if body is not None and _excerpt_of(hint, body):
        hint = ""  # the CMS cut the body's opening for the description: no lead there
    whole = len(element_text(body)) if body is not None else 0

    def acceptable(el: etree._Element, text: str) -> bool:
        if not MIN_LEAD <= len(text) <= MAX_LEAD or _holds(el, body):
            return False
        if headline is not None and (is_inside(headline, el) or fold_key(text) == title):
            return False
        return not (body is not None and is_inside(el, body) and len(text) >= 0.8 * whole)

    opening = {el for el, _ in _first_blocks(body)} if body is not None else set()
    body_at = order.get(body, len(order)) if body is not None else len(order)
    for el in doc.iter(*_LEAD_TAGS):
        at = order.get(el, 0)
        if not _LEAD_CLASS.search(_attrs(el)) or at < start:
            continue
        if at > body_at + 3 and el not in opening:
            continue  # a summary further down: a related item's, not the article's
        if acceptable(el, _text(el)):
            return el
    if body is not None:
        for el, text in _first_blocks(body):
            if not acceptable(el, text):
                continue
            if (hint and _similar(text, hint)) or _bold_block(el):
                return el
            break
    if hint and len(hint) >= MIN_LEAD:
        limit = order.get(body, start + 400) if body is not None else start + 400
        for el in doc.iter("p", "div", "h2", "strong", "span", "td"):
            at = order.get(el, 0)
            if at < start or at > limit + 50:
                continue
            text = _text(el)
            if len(text) <= 2 * len(hint) + 40 and acceptable(el, text) and _similar(text, hint):
                return el
    return None


def _excerpt_of(hint: str, body: etree._Element) -> bool:
    """The description is the body's first words cut off with "..." (an automatic excerpt)."""
    stripped = hint.rstrip()
    if not stripped.endswith(("...", "…")):
        return False
    stem = fold_key(stripped.rstrip(" .…"))
    return len(stem) >= MIN_LEAD and fold_key(element_text(body)).startswith(stem)


def _holds(el: etree._Element, body: etree._Element | None) -> bool:
    """The element holds the whole body (a wrapper named "summary" ...)."""
    if body is None:
        return False
    return any(a is el for a in body.iterancestors()) or el is body
