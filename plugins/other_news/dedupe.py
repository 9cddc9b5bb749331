"""Deduplicate a listing: one item per title, first position kept, copies merged. Pure.

Titles are compared by `title_key`, which keeps diacritics (two Vietnamese titles may differ
only in tone marks) but ignores what portals vary without meaning to: case, Unicode form,
runs of white space and odd spaces, straight vs typographic quotes, dash kinds and the spaces
around dashes, a missing space next to a quote, and the old or new placement of a tone mark in
`oa`, `oe`, `uy` (`hòa` = `hoà`, `thủy` = `thuỷ`).
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache

from archive_core.models import OtherNewsItem
from archive_core.text import normalize_text

# Quotes become spaces (so `châm“chủ` = `châm “chủ`), dashes one hyphen set off by spaces.
_QUOTES = re.compile(
    "[\"'`\u00ab\u00bb\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u2032\u2033\u2039\u203a]"
)
_DASHES = re.compile("[-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d]")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
# Where the tone mark sits in `oa`, `oe` and `uy` is a matter of style (old `hòa`, `thủy`,
# new `hoà`, `thuỷ`): both spellings map to one. Placement never tells two Vietnamese words apart.
_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"
_TONE_STYLE = {
    unicodedata.normalize("NFC", first + tone + second): unicodedata.normalize(
        "NFC", first + second + tone
    )
    for first, second in (("o", "a"), ("o", "e"), ("u", "y"))
    for tone in _TONE_MARKS
}
_OLD_STYLE = re.compile("|".join(_TONE_STYLE))


@lru_cache(maxsize=65536)
def title_key(title: str) -> str:
    """The comparison key of a listing title (never shown to readers).

    Built from regular expressions and C string methods only; it runs once per distinct title.
    """
    if "&" in title:  # `&amp;` (as the scraper writes header values) = `&`
        title = html.unescape(title)
    text = unicodedata.normalize("NFC", title).casefold()  # any input form gives the same text
    if "\u2026" in text:
        text = text.replace("\u2026", "...")
    text = _DASHES.sub(" - ", _QUOTES.sub(" ", _INVISIBLE.sub("", text)))
    text = " ".join(text.split())  # str.split also splits on no-break and other odd spaces
    if not text:
        return normalize_text(title)  # a title made only of quotes still has a key
    return _OLD_STYLE.sub(lambda match: _TONE_STYLE[match.group()], text)


_DEFAULT_PORTS = (":80", ":443")


@lru_cache(maxsize=65536)
def url_key(url: str) -> str:
    """The comparison key of a URL: scheme, `www.`, default port, fragment and a trailing slash
    ignored; host lower-cased; path and query kept as they are. (String operations only:
    urlsplit is several times slower and this runs for every listing URL.)"""
    text = url.strip()
    scheme_end = text.find("://")
    if scheme_end >= 0 and text[:scheme_end].isalpha():
        text = text[scheme_end + 3 :]
        slash = text.find("/")
        host, rest = (text, "") if slash < 0 else (text[:slash], text[slash:])
        for cut in ("?", "#"):  # a query or fragment right after the host
            if cut in host:
                host, rest = host[: host.index(cut)], host[host.index(cut) :] + rest
        host = host.rpartition("@")[2].lower().removeprefix("www.")
        for port in _DEFAULT_PORTS:
            host = host.removesuffix(port)
    else:
        host, rest = "", text
    rest = rest.partition("#")[0]
    path, mark, query = rest.partition("?")
    path = path.rstrip("/") or "/"
    return f"{host}{path}{mark}{query}" if query else f"{host}{path}"


def merge_keyed(
    pairs: Iterable[tuple[str, OtherNewsItem]],
    *,
    skip_key: str | None = None,
    skip_url: str | None = None,
) -> dict[str, OtherNewsItem]:
    """`dedupe_listing` over (title key, item) pairs whose keys are already known; returns
    key -> merged item in first-seen order."""
    merged: dict[str, OtherNewsItem] = {}
    for key, item in pairs:
        if not key or key == skip_key:
            continue
        if skip_url is not None and item.url is not None and url_key(item.url) == skip_url:
            continue
        first = merged.get(key)
        if first is None:
            merged[key] = item
        elif (first.date is None and item.date is not None) or (
            first.url is None and item.url is not None
        ):
            merged[key] = replace(first, date=first.date or item.date, url=first.url or item.url)
    return merged


def dedupe_listing(
    items: Iterable[OtherNewsItem],
    *,
    self_url: str | None = None,
    self_title: str | None = None,
) -> list[OtherNewsItem]:
    """One item per title key, in first-seen order, each with the first date and the first URL
    that any copy had. Items pointing at the article itself (same URL or same title) are dropped.
    """
    merged = merge_keyed(
        ((title_key(item.title), item) for item in items),
        skip_key=title_key(self_title) if self_title else None,
        skip_url=url_key(self_url) if self_url else None,
    )
    return list(merged.values())
