"""The links of a page of a portal known only by its address: articles, pages of the same
listing (pagination), and other pages of the portal worth reading for more links."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit

from lxml import etree

from scraper.discovery.urls import not_content
from scraper.dom import absolute_url

_PAGINATION = re.compile(
    r"pagination|paging|phan-?trang|phantrang|pager|page-?nav|pages?-?list", re.I
)
_NEXT_TEXT = re.compile(r"^(?:trang sau|sau|tiếp|tiếp theo|next|›|»|>|>>|\d{1,3})$", re.I)


@dataclass
class PageLinks:
    articles: list[str] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)  # other pages of the portal
    next_pages: list[str] = field(default_factory=list)  # the same listing, continued


def _without_fragment(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, ""))


def _in_pagination(a: etree._Element) -> bool:
    if "next" in (a.get("rel") or "").lower().split():
        return True
    node = a.getparent()
    for _ in range(3):
        if node is None:
            return False
        if _PAGINATION.search(f"{node.get('class') or ''} {node.get('id') or ''}"):
            return bool(_NEXT_TEXT.match((a.text_content() or "").strip()))
        node = node.getparent()
    return False


def page_links(
    doc: etree._Element,
    base: str,
    on_site: Callable[[str], bool],
    is_article: Callable[[str], bool],
) -> PageLinks:
    """Every link of the page to the portal itself, sorted into articles, the listing's next
    pages and other pages; assets, log-in, search, print and share links are left out."""
    links = PageLinks()
    seen: set[str] = set()
    for a in doc.iter("a"):
        href = absolute_url(a.get("href"), base)
        if not href or not href.startswith(("http://", "https://")):
            continue
        url = _without_fragment(href)
        if url in seen or url == _without_fragment(base) or not on_site(url):
            continue
        seen.add(url)
        if not_content(url):
            continue
        if is_article(url):
            links.articles.append(url)
        elif _in_pagination(a):
            links.next_pages.append(url)
        else:
            links.pages.append(url)
    return links


def same_hosts(urls: Iterable[str]) -> set[str]:
    return {(urlsplit(u).hostname or "").lower() for u in urls}
