"""RSS, Atom and JSON feeds: where a portal declares them, the usual Vietnamese portal paths,
and the article links they list."""

from __future__ import annotations

from urllib.parse import urljoin

from lxml import etree

# Paths portals put their feeds at when no page declares one.
USUAL_FEED_PATHS = ("/rss", "/rss.xml", "/feed", "/rss.aspx", "/rss/tin-tuc.rss", "/feeds/all.rss")
_FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/feed+json",
    "application/json",
    "application/xml",
    "text/xml",
)


def declared_feeds(doc: etree._Element, base: str) -> list[str]:
    """`<link rel="alternate" type="application/rss+xml" href>` of a page, absolute."""
    out = []
    for link in doc.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").lower().split(";")[0].strip()
        href = (link.get("href") or "").strip()
        if "alternate" in rel and kind in _FEED_TYPES[:3] and href:
            out.append(urljoin(base, href))
    return list(dict.fromkeys(out))


def usual_feeds(origin: str) -> list[str]:
    return [urljoin(origin, path) for path in USUAL_FEED_PATHS]


def feed_links(body: bytes, url: str) -> list[str]:
    """The item links of an RSS, Atom or JSON feed, absolute, in feed order. Raises ValueError
    when the body is none of them."""
    head = body.lstrip()[:1]
    if head in (b"{", b"["):
        return _json_feed_links(body, url)
    try:
        root = etree.fromstring(
            body, etree.XMLParser(recover=True, resolve_entities=False, no_network=True)
        )
    except etree.XMLSyntaxError as error:
        raise ValueError(f"{url}: not a feed ({error})") from None
    if root is None or _local(root.tag) not in ("rss", "feed", "rdf"):
        raise ValueError(f"{url}: not a feed (an HTML page or another document)")
    links: list[str] = []
    for item in root.iter():
        name = _local(item.tag)
        if name == "item":  # RSS 2.0 / 1.0
            link = next((c for c in item if _local(c.tag) == "link"), None)
            href = (link.text or "").strip() if link is not None else ""
            if not href:
                guid = next((c for c in item if _local(c.tag) == "guid"), None)
                href = (guid.text or "").strip() if guid is not None else ""
        elif name == "entry":  # Atom
            candidates = [c for c in item if _local(c.tag) == "link" and c.get("href")]
            alternate = [c for c in candidates if c.get("rel", "alternate") == "alternate"]
            href = (alternate or candidates or [None])[0]
            href = href.get("href").strip() if href is not None else ""
        else:
            continue
        if href.startswith(("http://", "https://", "/")):
            links.append(urljoin(url, href))
    return list(dict.fromkeys(links))


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _json_feed_links(body: bytes, url: str) -> list[str]:
    import json

    try:
        data = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(f"{url}: not a feed ({error})") from None
    items = data.get("items") if isinstance(data, dict) else None
    links = []
    for item in items if isinstance(items, list) else []:
        href = item.get("url") if isinstance(item, dict) else None
        if isinstance(href, str) and href.strip():
            links.append(urljoin(url, href.strip()))
    return list(dict.fromkeys(links))
