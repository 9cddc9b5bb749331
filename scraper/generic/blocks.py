"""Labelled blocks: the article's related lists (kept as "Các tin khác") and the site's own
recommendation boxes (removed, never kept).

A block is found from its label ("Tin liên quan", "Các tin đã đưa", "Tin xem nhiều" ...), a
short heading-like element that is not a menu item; its items are the title links printed after
the label and before the next label or heading, within the nearest ancestor that has any. Boxes
a site marks as related by class (`related`, `lien-quan`, `tin-khac` ...) are related lists
too, labelled or not, in the body or beside it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from lxml import etree

from archive_core.dates import parse_vn_date
from archive_core.models import OtherNewsItem
from archive_core.text import collapse_whitespace, fold_key
from scraper.dom import absolute_url, element_text, is_inside

RELATED_LABELS = frozenset(
    {
        "tin lien quan",
        "cac tin lien quan",
        "bai lien quan",
        "cac bai lien quan",
        "tin bai lien quan",
        "cac tin bai lien quan",
        "bai viet lien quan",
        "cac bai viet lien quan",
        "tin tuc lien quan",
        "bai tin lien quan",
        "cac bai tin lien quan",
        "cung chuyen muc",
        "tin cung chuyen muc",
        "bai cung chuyen muc",
        "tin bai cung chuyen muc",
        "tin cung loai",
        "cac tin khac",
        "tin khac",
        "cac bai khac",
        "bai khac",
        "tin bai khac",
        "cac tin bai khac",
        "bai viet khac",
        "cac bai viet khac",
        "tin da dua",
        "cac tin da dua",
        "tin bai da dua",
        "cac tin bai da dua",
        "dong su kien",
        "tham khao them",
        "tin tham khao",
        "doc them",
        "xem them",
        "tin cung su kien",
        "cung su kien",
    }
)
# Labels that are related lists only inside or right after the body: elsewhere they are a
# site-wide grid ("Đọc thêm") or a load-more button ("Xem thêm").
WEAK_LABELS = frozenset({"doc them", "xem them", "tham khao them"})
NOISE_LABELS = frozenset(
    {
        "tin doc nhieu",
        "tin tuc doc nhieu",
        "tin tuc xem nhieu",
        "bai doc nhieu",
        "tin tuc moi",
        "doc nhieu",
        "doc nhieu nhat",
        "xem nhieu",
        "tin xem nhieu",
        "xem nhieu nhat",
        "nhieu nguoi doc",
        "duoc quan tam",
        "duoc quan tam nhat",
        "co the ban quan tam",
        "ban co the quan tam",
        "co the ban chua doc",
        "dung bo lo",
        "tin moi",
        "tin moi nhat",
        "moi nhat",
        "tin moi cap nhat",
        "tin noi bat",
        "noi bat",
        "tieu diem",
        "tin tieu diem",
        "tin nong",
        "tin hot",
        "tin trong ngay",
        "tin anh",
        "chia se",
        "binh luan",
        "y kien ban doc",
        "y kien",
        "gui y kien",
        "lien ket website",
        "lien ket",
        "thong tin thoi tiet",
        "tham do y kien",
        "goc nhin",
        "video",
        "multimedia",
        "podcast",
        "emagazine",
        "infographic",
        "tin tuc",
        "su kien",
        "thong bao",
    }
)
_LABEL_TAGS = ("h2", "h3", "h4", "h5", "h6", "div", "span", "p", "strong", "b", "a", "td", "li")
_LABEL_STRIP = " :.-–—»›>«<|•*()[]0123456789"
_MENU = re.compile(r"(?:^|[-_ ])(menu|nav|navbar|navigation|topnav|main-?nav)(?:$|[-_ ])", re.I)
_RELATED_CLASS = re.compile(
    r"relate|relative[-_]?news?|lien-?quan|lienquan|tin-?khac|tinkhac|other-?news|othernews|cung-?chuyen-?muc|"
    r"samecat|same-?cate|dong-?su-?kien|news-?involve|involve",
    re.I,
)
MAX_ITEMS = 24  # a longer "list" after a label is a site-wide listing, not the article's
_DATE_ATTRS = ("data-date", "data-time", "data-publishdate", "datetime", "data-published")


@dataclass
class Block:
    element: etree._Element  # the box (or the nearest ancestor holding the labelled list)
    label: etree._Element | None
    related: bool  # False: a recommendation box to remove
    items: list[OtherNewsItem]
    parts: list[etree._Element]  # what to remove from the page: the label and its items


def label_key(text: str) -> str:
    return fold_key(text).strip(_LABEL_STRIP)


def _in_menu(el: etree._Element) -> bool:
    for ancestor in el.iterancestors():
        if ancestor.tag == "nav" or _MENU.search(
            f"{ancestor.get('class') or ''} {ancestor.get('id') or ''}"
        ):
            return True
    return False


def find_labels(doc: etree._Element) -> list[tuple[etree._Element, str]]:
    """(element, label key) of every block label, outermost element per label, in page order."""
    found: list[tuple[etree._Element, str]] = []
    taken: set[etree._Element] = set()
    for el in doc.iter(*_LABEL_TAGS):
        if len(el) > 4:
            continue
        raw = el.text_content()
        if not raw or len(raw) > 80:
            continue
        key = label_key(raw)
        if key not in RELATED_LABELS and key not in NOISE_LABELS:
            continue
        if any(a in taken for a in el.iterancestors()):
            continue
        if el.tag == "a" and el.get("href") and _in_menu(el):
            continue
        if el.tag == "li" or _in_menu(el) or _badge(el):
            continue
        taken.add(el)
        found.append((el, key))
    return found


def _badge(label: etree._Element) -> bool:
    """A tag printed on one item ("Nổi bật" on a card), not the heading of a list: the
    nearest ancestor holding a link holds the link of that one item only (one address, one
    title: links to one address under several titles are a list whose pages a mirror did not
    copy)."""
    for ancestor in list(label.iterancestors())[:3]:
        links = [a for a in ancestor.iter("a") if a.get("href")]
        if links:
            hrefs = {a.get("href") for a in links}
            titles = {element_text(a) for a in links if _is_title_link(element_text(a))}
            one_item = len(hrefs) == 1 and len(titles) <= 1
            return one_item and label.tag != "a" and label.find(".//a") is None
    return False


def _after(el: etree._Element, label: etree._Element, order: dict) -> bool:
    return order.get(el, 0) > order.get(label, 0)


def _is_title_link(text: str) -> bool:
    return len(text) >= 15 and len(text.split()) >= 4


def block_for_label(
    label: etree._Element, labels: set[etree._Element], order: dict
) -> tuple[etree._Element | None, list[etree._Element]]:
    """The nearest ancestor of the label holding title links after it, and those links (up to
    the next label or heading)."""
    node = label
    while node.getparent() is not None and node.getparent().tag not in ("body", "html"):
        parent = node.getparent()
        links = _links_after(parent, label, labels, order)
        if links:
            return parent, links
        node = parent
    return None, []


_BOX_HEADING = re.compile(
    r"\b(?:panel|box|block|widget|module|portlet)[-_]?(?:title|heading|header|head)\b|"
    r"\btitle[-_]?box\b",
    re.I,
)


def _links_after(
    block: etree._Element, label: etree._Element, labels: set[etree._Element], order: dict
) -> list[etree._Element]:
    start = order.get(label, 0)
    stop = None
    for other in labels:
        at = order.get(other, 0)
        if other is not label and at > start and is_inside(other, block):
            stop = at if stop is None else min(stop, at)
    for heading in block.iter("h1", "h2", "h3"):
        at = order.get(heading, 0)
        if at > start and not is_inside(heading, label) and heading.find(".//a") is None:
            stop = at if stop is None else min(stop, at)
    # The heading of the next box (a portal's "panel-title"), whatever its tag: an empty
    # related box does not take the links of the box after it.
    for heading in block.iter("div", "span", "p", "h4", "h5", "h6", "header", "strong"):
        at = order.get(heading, 0)
        if at <= start or (stop is not None and at >= stop):
            continue
        if not _BOX_HEADING.search(f"{heading.get('class') or ''} {heading.get('id') or ''}"):
            continue
        if is_inside(heading, label) or is_inside(label, heading):
            continue
        if len(heading.text_content()) <= 80:
            stop = at
    out = []
    for a in block.iter("a"):
        at = order.get(a, 0)
        if at <= start or (stop is not None and at >= stop) or is_inside(a, label):
            continue
        if a.get("href"):
            out.append(a)
    return out


def items_of(
    links: list[etree._Element], block: etree._Element, base: str, self_url: str
) -> list[OtherNewsItem]:
    """Title links -> items (one per URL, the longest text), with a date when printed or held
    in an attribute of the item."""
    items: list[OtherNewsItem] = []
    by_url: dict[str, int] = {}
    for a in links:
        raw = (a.get("href") or "").strip()
        if not raw or raw.startswith("#") or raw.lower().startswith(("javascript:", "mailto:")):
            continue
        href = _item_url(raw, base)
        if href is not None and href.split("#")[0] == self_url:
            continue
        text = element_text(a) or collapse_whitespace(a.get("title") or "")
        if not _is_title_link(text):
            text = ""
        # A page saved without its address, or a link to the home page: the item keeps no URL
        # and its title tells it apart.
        home = _is_home(absolute_url(raw, base) or "")
        key = href or (f"{raw}#{text}" if home else raw)
        date = _item_date(_item_container(a, block), text)
        if key in by_url:
            index = by_url[key]
            old = items[index]
            if text and len(text) > len(old.title):
                items[index] = OtherNewsItem(title=text, date=old.date or date, url=href)
            elif date and not old.date:
                items[index] = OtherNewsItem(title=old.title, date=date, url=href)
            continue
        if not text:
            continue
        by_url[key] = len(items)
        items.append(OtherNewsItem(title=text, date=date, url=href))
    return items


def _item_url(href: str, base: str) -> str | None:
    """The item's address when it can be known: absolute http(s), else None. A link to the
    site's home page is no article's address (a mirror points the pages it did not copy
    there): None too."""
    url = absolute_url(href, base)
    if not url or not url.startswith(("http://", "https://")) or _is_home(url):
        return None
    return url


def _is_home(url: str) -> bool:
    """The site's home page ("/", "/index.html", "/trang-chu.html")."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return False
    return bool(_HOME_PATH.fullmatch(parts.path)) and not parts.query


_HOME_PATH = re.compile(r"/?(?:index|default|home|trang-chu)?(?:\.(?:html?|aspx?|php|jsp))?", re.I)


def _item_container(a: etree._Element, block: etree._Element) -> etree._Element:
    """The highest ancestor below the block that holds only this link's URL."""
    container = a
    href = a.get("href")
    while container.getparent() is not None and container.getparent() is not block:
        parent = container.getparent()
        if any(x.get("href") and x.get("href") != href for x in parent.iter("a")):
            break
        container = parent
    return container


def _item_date(container: etree._Element, title: str):
    for node in container.iter():
        if not isinstance(node.tag, str):
            continue
        for attr in _DATE_ATTRS:
            if node.get(attr) and (date := parse_vn_date(node.get(attr))):
                return date
    rest = element_text(container)
    if title:
        rest = rest.replace(title, " ")
    return parse_vn_date(rest) if rest.strip() and len(rest) < 200 else None


def related_class_blocks(doc: etree._Element, areas_taken: set) -> list[etree._Element]:
    """Boxes the site marks as related by class or id (outermost only), outside `areas_taken`."""
    out: list[etree._Element] = []
    for el in doc.iter("div", "section", "ul", "table", "aside", "article"):
        if not _RELATED_CLASS.search(_marks(el)) or _in_frame(el) or hidden(el):
            continue
        if any(a in areas_taken or a in out for a in el.iterancestors()) or el in areas_taken:
            continue
        out.append(el)
    return out


_URL_DATA = ("data-src", "data-url", "data-href", "data-original", "data-link", "data-image")


def _marks(el: etree._Element) -> str:
    """What names an element's role: class, id, type and data-* values (not URLs)."""
    return " ".join(
        value
        for name, value in el.attrib.items()
        if name in ("class", "id", "type") or (name.startswith("data-") and name not in _URL_DATA)
    )


_HIDDEN_CLASS = re.compile(r"(?:^|\s)(?:hidden|hide|d-none|display-none|invisible|sr-only)(?:\s|$)")


def hidden(el: etree._Element) -> bool:
    """Not shown to a reader (display:none or a hiding class, on it or an ancestor)."""
    for node in (el, *el.iterancestors()):
        style = (node.get("style") or "").replace(" ", "").lower()
        if "display:none" in style or _HIDDEN_CLASS.search(node.get("class") or ""):
            return True
    return False


def _in_frame(el: etree._Element) -> bool:
    """Inside the page's header, navigation or footer ("related websites" of the portal)."""
    return any(a.tag in ("header", "nav", "footer") for a in el.iterancestors())


def find_blocks(
    doc: etree._Element,
    order: dict,
    base: str,
    self_url: str,
    body: etree._Element | None,
) -> list[Block]:
    """Every related-classed or labelled block, with its items when it is a related list.

    Each link is harvested once (a box the site marks as related may also carry a label, and
    is read as the box, with the dates its items hold); an item the portal prints in two lists
    is kept twice, as printed (the site's other_news plugin removes repeats)."""
    labels = find_labels(doc)
    label_set = {el for el, _ in labels}
    blocks: list[Block] = []
    taken: set[etree._Element] = set()  # elements already part of a block
    harvested: set[etree._Element] = set()  # <a> elements already read as items
    for element in related_class_blocks(doc, taken):
        links = [a for a in element.iter("a") if a.get("href")]
        items = items_of(links, element, base, self_url)
        if (
            items
            and len(items) <= MAX_ITEMS
            and not (body is not None and is_inside(body, element))
        ):
            blocks.append(Block(element, None, True, items, [element]))
            taken.add(element)
            harvested.update(links)
    for label, key in labels:
        if any(a in taken for a in label.iterancestors()):
            continue  # the label of a box already read
        if key in RELATED_LABELS and hidden(label):
            continue  # a list the page does not show
        element, links = block_for_label(label, label_set, order)
        if element is None:
            continue
        fresh = [a for a in links if a not in harvested]
        related = key in RELATED_LABELS
        if related and key in WEAK_LABELS and not _near_body(element, body, order):
            related = False
        items = items_of(fresh, element, base, self_url) if related else []
        if related and len(items) > MAX_ITEMS:
            related, items = False, []
        if related and not items:
            continue
        # Only the label and the items' own elements go: the ancestor may hold the body too.
        parts = [label, *dict.fromkeys(_item_container(a, element) for a in links)]
        blocks.append(Block(element, label, related, items, parts))
        taken.update(parts)
        harvested.update(fresh)
    if body is not None:
        blocks.extend(link_cards(body, taken, base, self_url))
    return blocks


_CARD_PREFIX = re.compile(
    r"^(?:xem thêm|đọc thêm|tin liên quan|bài liên quan|>>|»|►|→|\*)\s*:?\s*", re.I
)
_DOCUMENT = re.compile(r"\.(?:pdf|docx?|xlsx?|pptx?|zip|rar)(?:$|[?#])", re.I)


def link_cards(
    body: etree._Element, taken: set[etree._Element], base: str, self_url: str
) -> list[Block]:
    """Related links printed as cards or lines in the body: a block whose whole text is one
    article's title link ("Xem thêm: ..." included), not a document to download."""
    out: list[Block] = []
    for el in body.iter("div", "p", "li", "h3", "h4", "table"):
        if el is body or el.getparent() is None or any(a in taken for a in el.iterancestors()):
            continue
        links = [a for a in el.iter("a") if a.get("href")]
        if len(links) != 1 or el.find(".//img") is not None and el.tag == "p":
            continue
        link = links[0]
        text = element_text(el)
        title = element_text(link)
        if not title or _DOCUMENT.search(link.get("href") or ""):
            continue
        if _CARD_PREFIX.sub("", text).strip() != title or not _is_title_link(title):
            continue
        items = items_of(links, el, base, self_url)
        if items:
            out.append(Block(el, None, True, items, [el]))
            taken.add(el)
    return out


def _near_body(element: etree._Element, body: etree._Element | None, order: dict) -> bool:
    if body is None:
        return False
    if is_inside(element, body):
        return True
    end = max((order.get(el, 0) for el in body.iter()), default=0)
    return 0 <= order.get(element, 0) - end <= 60
