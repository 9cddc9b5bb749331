"""The publication time as displayed near the headline.

Candidates are `<time>` elements, date-classed elements and the short lines around the headline;
each is read with the Vietnamese date parser. A header's "Hôm nay: Thứ Hai, 30/06/2025" (today,
not the article's day) is never one, nor a "Cập nhật" time when a published one is printed. The
nearest candidate after the headline wins; the page's declared time (JSON-LD, meta) only confirms
it or stands in when nothing is printed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from lxml import etree

from archive_core.dates import parse_vn_date
from archive_core.text import collapse_whitespace, fold_key
from scraper.generic.page import PageInfo

_DATE_CLASS = re.compile(
    r"date|time|publish|ngay|created|posted|thoi-?gian|datetime|pubdate|ngaydang", re.I
)
_TODAY = ("hom nay", "today")
_MODIFIED = ("cap nhat", "sua doi", "chinh sua", "updated", "modified", "lan cuoi")
_PUBLISHED = ("ngay dang", "dang luc", "dang ngay", "xuat ban", "published", "ngay:", "dang:")
_NEAR = 14  # elements looked at after the headline (and its ancestors' next siblings)
_DECLARED_KEYS = (
    "article:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "dc.date.issued",
    "dc.date",
    "date",
    "og:published_time",
)


@dataclass(frozen=True)
class Published:
    date: datetime | None
    element: etree._Element | None
    shown: bool  # printed on the page (not only declared)


def declared_date(info: PageInfo) -> datetime | None:
    values = [info.article_ld.get("datePublished"), info.article_ld.get("dateCreated")]
    for key in _DECLARED_KEYS:
        values.extend(info.meta.get(key, []))
    for value in values:
        if isinstance(value, str) and (found := parse_vn_date(value)):
            return found
    return None


def declared_modified(info: PageInfo) -> datetime | None:
    for value in [info.article_ld.get("dateModified"), *info.meta.get("article:modified_time", [])]:
        if isinstance(value, str) and (found := parse_vn_date(value)):
            return found
    return None


def _near_headline(headline: etree._Element) -> list[etree._Element]:
    """Elements printed right after the headline (its next siblings, then its ancestors' next
    siblings), and the few just before it (a date line above the headline)."""
    out: list[etree._Element] = []
    node = headline
    for _ in range(4):
        if node is None or node.tag in ("body", "html"):
            break
        for sibling in node.itersiblings():
            if len(out) >= _NEAR:
                break
            out.append(sibling)
        for sibling in node.itersiblings(preceding=True):
            if len(out) >= _NEAR + 3:
                break
            out.append(sibling)
        node = node.getparent()
    return out


def _text_of(el: etree._Element) -> str:
    if not isinstance(el.tag, str):
        return ""
    value = el.get("datetime") if el.tag == "time" else None
    raw = el.text_content()
    if len(raw) > 400:
        return ""
    text = collapse_whitespace(raw)
    return f"{text} {value}" if value and not parse_vn_date(text) else text


def find_published(
    doc: etree._Element,
    info: PageInfo,
    headline: etree._Element | None,
    order: dict[etree._Element, int],
) -> Published:
    declared = declared_date(info)
    candidates: list[etree._Element] = list(doc.iter("time"))
    for el in doc.iter("div", "span", "p", "li", "td", "em", "i", "small", "font"):
        attrs = f"{el.get('class') or ''} {el.get('id') or ''} {el.get('itemprop') or ''}"
        if _DATE_CLASS.search(attrs):
            candidates.append(el)
    if headline is not None:
        candidates.extend(_near_headline(headline))
    anchor = order.get(headline, 0) if headline is not None else 0
    best: tuple[float, datetime, etree._Element] | None = None
    seen: set[etree._Element] = set()
    for el in candidates:
        if el in seen:
            continue
        seen.add(el)
        text = _text_of(el)
        if not text or len(text) > 160:
            continue
        value = parse_vn_date(text)
        if value is None:
            continue
        key = fold_key(text)
        if any(word in key for word in _TODAY):
            continue
        score = _score(value, key, order.get(el, 0) - anchor, declared)
        if best is None or score > best[0]:
            best = (score, value, el)
    if best is None:
        return Published(declared, None, False)
    _, visible, element = best
    return Published(_agree(visible, declared), element, True)


def _score(value: datetime, key: str, distance: int, declared: datetime | None) -> float:
    score = 0.0
    if value.hour or value.minute:
        score += 2
    if any(word in key for word in _PUBLISHED):
        score += 2
    if any(word in key for word in _MODIFIED):
        score -= 3
    if declared is not None:
        if value.date() == declared.date():
            score += 3
        elif abs(value - declared) > timedelta(days=2):
            score -= 1
    if distance >= 0:
        score -= min(distance, 400) / 100  # nearer after the headline is better
    else:
        score -= 1 + min(-distance, 400) / 50  # before the headline: the header's area
    return score


def _agree(visible: datetime, declared: datetime | None) -> datetime:
    """The printed time; its declared time of day when only the day is printed and the
    declared time is on that day."""
    if declared is None or visible.hour or visible.minute:
        return visible
    if declared.date() == visible.date():
        return declared
    return visible
