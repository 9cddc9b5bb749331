"""HTML allowlist for article bodies taken from portals (everything from a portal is untrusted).

Removed with their content (and counted): script, style, iframe, frame(set), object, embed, applet,
form and its controls, base, meta, link, svg, math, template, noscript. Other unknown elements are
unwrapped (their text is kept). Only a few attributes survive (href/title on links; src/alt/title
on images; colspan/rowspan on cells); event handlers (on*) are counted. URLs are made absolute;
any scheme other than http, https, mailto and tel (javascript:, vbscript:, data:, ... also when
entity-encoded or split by whitespace/control characters) is removed and counted.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from functools import lru_cache
from urllib.parse import unquote, urljoin

from bs4 import BeautifulSoup, Comment, Tag
from bs4.element import Doctype, NavigableString, ProcessingInstruction

DANGEROUS = frozenset(
    "script style iframe frame frameset object embed applet form input button select textarea "
    "option base meta link svg math template noscript audio video source track canvas dialog "
    "portal param".split()
)
ALLOWED = frozenset(
    "p br h1 h2 h3 h4 h5 h6 strong b em i u s sub sup blockquote ul ol li a img figure "
    "figcaption table thead tbody tfoot tr th td caption pre code hr div span section article "
    "small mark abbr cite q dl dt dd".split()
)
ALLOWED_ATTRS = {
    "a": frozenset({"href", "title"}),
    "img": frozenset({"src", "alt", "title"}),
    "td": frozenset({"colspan", "rowspan"}),
    "th": frozenset({"colspan", "rowspan"}),
}
URL_ATTRS = frozenset({"href", "src"})
SAFE_SCHEMES = {"a": ("http", "https", "mailto", "tel"), "img": ("http", "https")}
# Lazy-loading attributes that hold the real image URL.
LAZY_SRC = ("data-src", "data-original", "data-lazy-src", "data-srcset")

_CONTROL_AND_SPACE = re.compile(
    r"[\x00-\x20\x7f-\x9f\u00a0\u1680\u2000-\u200f\u2028-\u202f\ufeff]+"
)
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")


def url_scheme(value: str) -> str | None:
    """The scheme a browser would see in `value` (lower case), or None for a relative URL.

    Entities are decoded (repeatedly), percent-escapes are undone once, and whitespace and
    control characters (which browsers drop inside a scheme) are removed before looking.
    """
    text = value
    for _ in range(3):
        decoded = html.unescape(text)
        if decoded == text:
            break
        text = decoded
    schemes = set()
    for candidate in (text, unquote(text)):
        squeezed = _CONTROL_AND_SPACE.sub("", candidate)
        match = _SCHEME.match(squeezed)
        if match:
            schemes.add(match.group(1).lower())
    if not schemes:
        return None
    # Report the most dangerous interpretation.
    for scheme in sorted(schemes):
        if scheme not in ("http", "https", "mailto", "tel"):
            return scheme
    return sorted(schemes)[0]


def safe_url(value: str | None, base_url: str, *, element: str = "a") -> str | None:
    """An absolute URL with an allowed scheme, or None when the URL is unsafe or empty."""
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    return _safe_url(value, base_url, element)


@lru_cache(maxsize=8192)
def _safe_url(value: str, base_url: str, element: str) -> str | None:
    """`safe_url` of a stripped, non-empty value (pure: cached, as portals repeat their links
    on every page, in menus, related boxes and bodies)."""
    scheme = url_scheme(value)
    if scheme is not None and scheme not in SAFE_SCHEMES.get(element, SAFE_SCHEMES["a"]):
        return None
    cleaned = _CONTROL_AND_SPACE.sub(lambda m: "%20" if m.group(0) == " " else "", value)
    try:
        absolute = urljoin(base_url, cleaned) if base_url else cleaned
    except ValueError:  # e.g. "http://[::1/x": an unparsable URL is dropped like an unsafe one
        return None
    scheme = url_scheme(absolute)
    if scheme is not None and scheme not in SAFE_SCHEMES.get(element, SAFE_SCHEMES["a"]):
        return None
    return absolute


def sanitize_tree(root: Tag, base_url: str, counts: Counter[str] | None = None) -> Counter[str]:
    """Sanitise `root`'s descendants in place; returns counts of what was removed."""
    counts = counts if counts is not None else Counter()
    for node in list(root.descendants):
        if isinstance(node, (Comment, Doctype, ProcessingInstruction)):
            node.extract()
    for tag in list(root.find_all(True)):
        if tag.decomposed or tag.parent is None:
            continue
        name = (tag.name or "").lower()
        if name in DANGEROUS or ":" in name:
            counts[name.split(":")[-1]] += 1
            tag.decompose()
            continue
        attrs = dict(tag.attrs)
        if name == "img" and not attrs.get("src", "").strip():
            for lazy in LAZY_SRC:
                if attrs.get(lazy):
                    attrs["src"] = str(attrs[lazy]).split(",")[0].split()[0]
                    break
        allowed = ALLOWED_ATTRS.get(name, frozenset())
        new_attrs: dict[str, str] = {}
        for key, value in attrs.items():
            lkey = key.lower()
            if lkey.startswith("on"):
                counts["event handler"] += 1
                continue
            if lkey not in allowed:
                continue
            value = " ".join(value) if isinstance(value, list) else str(value)
            if lkey in URL_ATTRS:
                url = safe_url(value, base_url, element=name)
                if url is None:
                    if value.strip():
                        counts["unsafe url"] += 1
                    continue
                value = url
            new_attrs[lkey] = value
        tag.attrs = new_attrs
        if name not in ALLOWED:
            tag.unwrap()
        elif name == "img" and "src" not in new_attrs:
            tag.decompose()
    return counts


def sanitize_html(fragment: str, base_url: str = "") -> tuple[str, dict[str, int]]:
    """Sanitise an HTML fragment; returns (clean HTML, counts of what was removed)."""
    soup = BeautifulSoup(f"<div>{fragment}</div>", "lxml")
    root = soup.div
    assert root is not None
    counts = sanitize_tree(root, base_url)
    inner = "".join(str(child) for child in root.contents)
    return inner, dict(sorted(counts.items()))


def is_text(node: object) -> bool:
    return isinstance(node, NavigableString) and not isinstance(node, Comment)
