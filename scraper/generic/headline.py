"""The headline as displayed: the visible element that the page's own title hints agree with.

Portals put the headline in an `<h1>`, in a styled `<div>`/`<span>` (older government CMSs, whose
only `<h1>` is the portal's name), or both; `<title>`, og:title and JSON-LD say what it is,
usually followed by the portal's name. The visible element that matches a hint wins, whatever
its tag; with no match, an `<h1>` that is not the portal's name; with no such element, the best
hint itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from archive_core.text import collapse_whitespace, fold_key
from scraper.generic.page import PageInfo

_TITLE_CLASS = re.compile(
    r"title|tieu-?de|tieude|headline|heading|lbltitle|news-?name|post-?name|subject", re.I
)
_CHROME_CLASS = re.compile(r"logo|banner|brand|masthead|site-?name|header|top-?bar", re.I)
_SEPARATOR_START = re.compile(r"^\s*(?:-|–|—|\||::|»|›|:)\s")
_CANDIDATE_TAGS = ("h1", "h2", "h3", "h4", "div", "span", "p", "td", "strong", "b", "a", "font")
_TAG_WEIGHT = {"h1": 3, "h2": 2, "h3": 1}


@dataclass(frozen=True)
class Headline:
    text: str
    element: etree._Element | None  # None when only a hint was found


def _attrs(el: etree._Element) -> str:
    return f"{el.get('class') or ''} {el.get('id') or ''} {el.get('itemprop') or ''}"


def hint_match(text: str, hints_folded: list[str]) -> float:
    """1.0 equal to a hint; 0.9 the start of a hint followed by a separator (the portal's name
    after it); 0.7 a hint is the start of the text, or the text the start of a long hint."""
    key = fold_key(text)
    if not key:
        return 0.0
    best = 0.0
    for hint in hints_folded:
        if key == hint:
            return 1.0
        if hint.startswith(key) and len(key) >= 12:
            rest = hint[len(key) :]
            if _SEPARATOR_START.match(rest):
                best = max(best, 0.9)
            elif len(key) >= 0.75 * len(hint):
                best = max(best, 0.7)
        elif key.startswith(hint) and len(hint) >= 0.75 * len(key) and len(hint) >= 12:
            best = max(best, 0.7)
    return best


def _in_chrome(el: etree._Element) -> bool:
    """Inside the banner, logo or header area (where the portal's name is printed)."""
    node = el
    for _ in range(6):
        if node is None:
            return False
        if node.tag in ("header",) or _CHROME_CLASS.search(_attrs(node)):
            return True
        node = node.getparent()
    return False


def _candidates(doc: etree._Element):
    for el in doc.iter(*_CANDIDATE_TAGS):
        tag = el.tag
        if tag not in _TAG_WEIGHT and tag != "h4" and not _TITLE_CLASS.search(_attrs(el)):
            continue
        raw = el.text_content()
        if not raw or len(raw) > 600:
            continue
        text = collapse_whitespace(raw)
        if 4 <= len(text) <= 400:
            yield el, text


def _weight(el: etree._Element) -> int:
    weight = _TAG_WEIGHT.get(el.tag, 0)
    if "headline" in (el.get("itemprop") or "").lower():
        weight += 3
    elif _TITLE_CLASS.search(_attrs(el)):
        weight += 1
    return weight


def find_headline(doc: etree._Element, info: PageInfo) -> Headline:
    hints = info.headline_hints()
    hints_folded = [fold_key(h) for h in hints]
    best: tuple[float, int, int] | None = None
    best_el: tuple[etree._Element, str] | None = None
    h1s: list[tuple[etree._Element, str]] = []
    for order, (el, text) in enumerate(_candidates(doc)):
        if info.is_site_name(text):
            continue
        if el.tag == "h1":
            h1s.append((el, text))
        match = hint_match(text, hints_folded)
        if match == 0.0:
            continue
        if match < 1.0 and _in_chrome(el):
            continue
        key = (match, _weight(el), -order)
        if best is None or key > best:
            best, best_el = key, (el, text)
    if best_el is not None:
        el, text = best_el
        # A title-classed wrapper around the heading: keep the innermost element of that text.
        for inner in el.iter(*_CANDIDATE_TAGS):
            if inner is not el and collapse_whitespace(inner.text_content()) == text:
                el = inner
        return Headline(text, el)
    if hints and (found := _plain_element_with_hint(doc, info, hints_folded)) is not None:
        return found
    content_h1s = [(el, text) for el, text in h1s if not _in_chrome(el)]
    if len(content_h1s) == 1:
        return Headline(content_h1s[0][1], content_h1s[0][0])
    if hints:
        return Headline(_headline_hint(info, hints), None)
    if h1s:
        return Headline(h1s[0][1], h1s[0][0])
    return Headline(info.title_text, None)


def _plain_element_with_hint(
    doc: etree._Element, info: PageInfo, hints_folded: list[str]
) -> Headline | None:
    """An element of any tag and class whose own text is the headline (old CMSs style a bare
    `<span>` or `<font>`). Only when no usual candidate matched: it reads every text node."""
    starts = {h[:8] for h in hints_folded if len(h) >= 8}
    for el in doc.iter():
        raw = el.text if isinstance(el.tag, str) else None
        if not raw or len(raw) < 8 or el.tag in ("title", "script", "style", "option"):
            continue
        text = collapse_whitespace(raw)
        if fold_key(text[:12])[:8] not in starts:
            continue
        whole = collapse_whitespace(el.text_content())
        if hint_match(whole, hints_folded) >= 0.9 and not info.is_site_name(whole):
            return Headline(whole, el)
    return None


def _headline_hint(info: PageInfo, hints: list[str]) -> str:
    """The best hint when no element matches: JSON-LD/og:title, else <title> without the
    portal's name."""
    explicit = [
        h
        for h in (info.article_ld.get("headline"), *info.meta.get("og:title", []))
        if isinstance(h, str) and h.strip()
    ]
    if explicit:
        return collapse_whitespace(explicit[0])
    return hints[0]
