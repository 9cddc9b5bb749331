"""The article's body element, found cheaply: where the page's running text is.

One pass over the paragraphs: each paragraph of running text (a `<p>`, or a `<div>`/`<td>`
whose own text is long, as old CMSs write with `<br>`) credits its parent fully and its
grandparent and great-grandparent in part, readability-style; links count against it; menus,
footers, sidebars and comment areas do not count at all. Containers that come after the
headline, and those named like article bodies, are preferred.
"""

from __future__ import annotations

import re

from lxml import etree

from archive_core.text import collapse_whitespace

# Never the article's text. (Not <form>: ASP.NET portals wrap the whole page in one.)
BOILERPLATE_TAGS = {"nav", "header", "footer", "aside", "menu", "select", "button"}
_NOT_CONTENT = re.compile(
    r"(?:^|[-_ ])(comments?|binh-?luan|sidebar|side-?bar|footer|menu|navbar|nav|widget|"
    r"most-?read|xem-?nhieu|doc-?nhieu|banner|advert|ads|qc|quang-?cao|popup|modal|cookie|"
    r"share|social|toolbar|breadcrumbs?)(?:$|[-_ ])",
    re.I,
)
_CONTENT = re.compile(
    r"content|article|detail|body|noi-?dung|noidung|chi-?tiet|chitiet|entry|post|fck|"
    r"main-?text|cms-?body|singular|maincontent|news-?text|text-?news",
    re.I,
)
# (A photo story's text is its captions: <figcaption> is running text too.)
_PARAGRAPH_TAGS = ("p", "div", "td", "font", "span", "blockquote", "li", "pre", "figcaption")
_MIN_PARAGRAPH = 25


def _attrs(el: etree._Element) -> str:
    return f"{el.get('class') or ''} {el.get('id') or ''}"


def _own_text_length(el: etree._Element) -> int:
    """Characters of text directly in `el` (its text and its children's tails)."""
    total = len((el.text or "").strip())
    for child in el:
        total += len((child.tail or "").strip())
    return total


def excluded_areas(doc: etree._Element) -> dict[etree._Element, float]:
    """Areas whose text is not the article's, with the weight their paragraphs keep: 0 for
    menus, headers and footers by tag; a little for elements only named like sidebars or
    comments (VnExpress names its main column "sidebar-1")."""
    out: dict[etree._Element, float] = {}
    for el in doc.iter():
        if not isinstance(el.tag, str):
            continue
        if el.tag in BOILERPLATE_TAGS:
            out[el] = 0.0
        elif el.tag in ("div", "section", "ul", "table", "td") and _NOT_CONTENT.search(_attrs(el)):
            out[el] = 0.2
    return out


def _area_weight(el: etree._Element, areas: dict[etree._Element, float]) -> float:
    weight = 1.0
    for ancestor in el.iterancestors():
        if ancestor in areas:
            weight = min(weight, areas[ancestor])
    return weight


def paragraph_score(el: etree._Element) -> float:
    """Weight of one paragraph of running text (0 for link lists and short lines)."""
    if el.tag in ("p", "pre", "figcaption"):
        if el.tag == "figcaption" and el.find("p") is not None:
            return 0.0  # its paragraphs count themselves
        raw = el.text_content()
    elif el.tag == "li":
        return 0.0
    else:
        if _own_text_length(el) < 80:
            return 0.0
        raw = (el.text or "") + "".join(child.tail or "" for child in el)
    if len(raw) < _MIN_PARAGRAPH:
        return 0.0
    text = collapse_whitespace(raw)
    length = len(text)
    if length < _MIN_PARAGRAPH:
        return 0.0
    if el.tag in ("p", "pre", "figcaption"):
        links = sum(len(a.text_content()) for a in el.iter("a"))
        if links > 0.5 * length:
            return 0.0
        length -= links
    return min(length, 1200) + 10 * text.count(",")


def find_container(
    doc: etree._Element,
    headline: etree._Element | None,
    order: dict[etree._Element, int],
    areas: dict[etree._Element, float] | None = None,
) -> etree._Element | None:
    areas = excluded_areas(doc) if areas is None else areas
    scores: dict[etree._Element, float] = {}
    mass: dict[etree._Element, float] = {}  # all the running text inside an element
    count: dict[etree._Element, int] = {}  # and how many paragraphs make it
    for el in doc.iter(*_PARAGRAPH_TAGS):
        weight = paragraph_score(el)
        if weight:
            weight *= _area_weight(el, areas)
        if not weight:
            continue
        for depth, parent in enumerate(el.iterancestors()):
            if parent.tag in ("body", "html"):
                break
            if depth < 3:
                scores[parent] = scores.get(parent, 0.0) + weight * (1.0, 0.5, 0.3)[depth]
            mass[parent] = mass.get(parent, 0.0) + weight
            count[parent] = count.get(parent, 0) + 1
    if not scores:
        return None
    anchor = order.get(headline, 0) if headline is not None else None
    best, best_score = None, 0.0
    for el, score in scores.items():
        if _CONTENT.search(_attrs(el)) or el.get("itemprop") == "articleBody":
            score *= 1.25
        if anchor is not None and order.get(el, 0) < anchor and not _contains(el, headline):
            score *= 0.5  # printed before the headline: a lead-in list or a sidebar
        if score > best_score:
            best, best_score = el, score
    return _widen(best, mass, count, areas)


def _widen(best: etree._Element, mass: dict, count: dict, areas: dict) -> etree._Element:
    """A best-scored element that holds one or two paragraphs is a fragment of the body (a
    photo story: one caption table per photo): climb to the nearest ancestor that holds
    several paragraphs and at least twice the text, never up to the page's frame."""
    if count.get(best, 0) > 2:
        return best
    for depth, parent in enumerate(best.iterancestors()):
        if depth >= 6 or parent.tag in ("body", "html", "form"):
            break
        if any(areas.get(el) == 0.0 for el in parent.iter(*BOILERPLATE_TAGS)):
            break  # the parent holds a menu, header or footer: the page's frame
        if count.get(parent, 0) >= 3 and mass.get(parent, 0.0) >= 2 * mass.get(best, 0.0):
            return parent
    return best


def _contains(el: etree._Element, other: etree._Element | None) -> bool:
    if other is None:
        return False
    return any(ancestor is el for ancestor in other.iterancestors())
