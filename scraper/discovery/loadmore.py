""" "Xem thêm" (load more): listings that continue through an endpoint instead of a link.

A page's load-more button names its endpoint in an attribute (`data-url`, `data-next`,
`data-href`, ...); a profile can name it instead, as a URL template (`{page}` counts from 2) or
as a JSON endpoint whose answers hold the items and the next URL. An answer is HTML (a fragment
of listing items) or JSON (a list of items with their URLs, and the next page's URL).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

from lxml import etree

_BUTTON = re.compile(
    r"xem-?them|xemthem|load-?more|loadmore|view-?more|viewmore|see-?more|show-?more|"
    r"btn-?more|more-?news|next-?page",
    re.I,
)
_BUTTON_TEXT = re.compile(r"^(?:xem thêm|tải thêm|xem tiếp|xem các tin khác|more|load more)", re.I)
_URL_ATTRS = ("data-url", "data-next", "data-href", "data-load-url", "data-next-url",
              "data-api", "data-src-url", "data-link")  # fmt: skip
_NEXT_KEYS = ("next", "next_url", "nextUrl", "next_page_url", "nextPage", "next_page", "more")
_URL_KEYS = ("url", "link", "href", "permalink", "Url", "Link")
_TITLE_KEYS = ("title", "name", "headline", "Title")
_DATE_KEYS = ("date", "published", "publishDate", "created", "time", "pubDate", "Date")


def load_more_urls(doc: etree._Element, base: str) -> list[str]:
    """Endpoints named by the page's load-more buttons, absolute, in page order."""
    out: list[str] = []
    for el in doc.iter("a", "button", "div", "span", "li", "input"):
        attrs = f"{el.get('class') or ''} {el.get('id') or ''}"
        text = (el.text or "").strip()
        if not (_BUTTON.search(attrs) or _BUTTON_TEXT.match(text)):
            continue
        for name in _URL_ATTRS:
            value = (el.get(name) or "").strip()
            if value and not value.lower().startswith(("javascript:", "#")):
                out.append(urljoin(base, value))
    return list(dict.fromkeys(out))


def template_pages(template: str, base: str, start: int = 2) -> Iterator[str]:
    """`.../timelinelist/1027/{page}.htm` -> the URLs of pages start, start+1, ..."""
    page = start
    while True:
        yield urljoin(base, template.replace("{page}", str(page)))
        page += 1


@dataclass
class JsonPage:
    items: list[tuple[str, str, str]] = field(default_factory=list)  # (url, title, date text)
    next_url: str | None = None


def _first(mapping: dict, keys: tuple[str, ...]) -> Any:
    for key in keys:
        if key in mapping and mapping[key] not in (None, ""):
            return mapping[key]
    return None


def _item_lists(data: Any, depth: int = 0) -> Iterator[list[dict]]:
    """Lists of objects that carry a URL, anywhere in the answer (items, data.items, ...)."""
    if depth > 4:
        return
    if isinstance(data, list):
        objects = [d for d in data if isinstance(d, dict)]
        if objects and any(_first(d, _URL_KEYS) for d in objects):
            yield objects
        for value in data:
            yield from _item_lists(value, depth + 1)
    elif isinstance(data, dict):
        for value in data.values():
            yield from _item_lists(value, depth + 1)


def parse_json_page(body: bytes, url: str, next_key: str | None = None) -> JsonPage:
    """Items and the next URL of a JSON load-more answer. Raises ValueError when it is not
    JSON."""
    try:
        data = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(f"{url}: not a JSON answer ({error})") from None
    page = JsonPage()
    for objects in _item_lists(data):
        for obj in objects:
            link = _first(obj, _URL_KEYS)
            if isinstance(link, str) and link.strip():
                title = _first(obj, _TITLE_KEYS)
                date = _first(obj, _DATE_KEYS)
                page.items.append((urljoin(url, link.strip()), str(title or ""), str(date or "")))
        break  # the first list of linked objects is the listing
    if isinstance(data, dict):
        keys = (next_key,) if next_key else _NEXT_KEYS
        value = _first(data, keys)
        if isinstance(value, str) and value.strip():
            page.next_url = urljoin(url, value.strip())
    return page


def is_json(body: bytes, content_type: str = "") -> bool:
    if "json" in content_type.lower():
        return True
    return body.lstrip()[:1] in (b"{", b"[")
