"""Generic extraction for pages with no profile: trafilatura finds the running text, our
Vietnamese rules add what it misses (byline, captions, lead, breadcrumb, related-news items) and
keep related lists, share bars, menus and footers out of the body.

Pure: HTML in, Article out. The page is parsed once with lxml; trafilatura works on a copy.
"""

from __future__ import annotations

import copy
import json
import logging
import re
from collections import Counter
from datetime import datetime, timedelta

from lxml import etree

from archive_core.dates import parse_vn_date
from archive_core.models import OtherNewsItem
from archive_core.text import collapse_whitespace, fold_key
from scraper.byline import last_paragraph_byline, split_authors
from scraper.dom import (
    ExtractionError,
    absolute_url,
    element_text,
    is_inside,
    make_slug,
    normalize_figure,
    parse_document,
    remove_element,
    render_body,
    with_alt,
)
from scraper.models import Article

log = logging.getLogger(__name__)

# Headings of blocks whose items are kept as other news (folded, lower case).
RELATED_LABELS = (
    "tin lien quan",
    "bai lien quan",
    "tin bai lien quan",
    "cung chuyen muc",
    "tin cung chuyen muc",
    "bai cung chuyen muc",
    "cac tin khac",
    "tin khac",
    "doc them",
    "xem them",
    "tham khao them",
    "tin da dua",
)
# Headings of blocks that are removed and not kept (site-wide recommendations).
NOISE_LABELS = (
    "tin doc nhieu",
    "doc nhieu",
    "xem nhieu",
    "co the ban quan tam",
    "ban co the quan tam",
    "tin moi nhat",
    "tin moi",
    "tin noi bat",
    "noi bat",
    "tieu diem",
    "ban doc quan tam",
    "chia se",
    "binh luan",
    "y kien ban doc",
)
_BOILERPLATE_CLASS = re.compile(
    r"(?:^|[-_ ])(share|sharing|social|socials|comment|comments|banner|advert|advertisement|ads|"
    r"adv|qc|sponsor|menu|navbar|nav|navigation|footer|print|toolbar|rating|subscribe|popup|"
    r"modal|cookie|sidebar|widget|trending|most-?read|rennab|sda_\w+|zalo|facebook|fb|"
    r"google|newsletter|tool|tools|audio|player|video-?box|relate|related|lien-?quan|"
    r"recommend|suggest|box-?news|many-pack)(?:$|[-_ ])",
    re.I,
)
_DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "nav",
    "footer",
    "aside",
    "form",
    "iframe",
    "button",
    "svg",
    "template",
    "select",
    "input",
    "textarea",
    "object",
    "embed",
)
# Only blocks are removed by class: inline links such as <a class="cms-relate"> are body text.
_BLOCK_TAGS = (
    "div",
    "section",
    "ul",
    "ol",
    "table",
    "header",
    "aside",
    "nav",
    "footer",
    "dl",
    "article",
    "figure",
)
_LEAD_CLASS = re.compile(r"sapo|lead|summary|description|chapo|excerpt|desc\b|tomtat|intro", re.I)
_BYLINE_CLASS = re.compile(r"author|byline|tac-?gia|writer|reporter|nguoi-?viet", re.I)
_DATE_CLASS = re.compile(r"date|time|publish|ngay|created|posted", re.I)
_CAPTION_CLASS = re.compile(r"caption|desc|note|chuthich|chu-thich|legend", re.I)
_BREADCRUMB_CLASS = re.compile(r"breadcrumb|bread-crumb|duong-dan", re.I)
_TAG_CLASS = re.compile(r"(?:^|[-_ ])(tags?|keywords?|tu-?khoa)(?:$|[-_ ])", re.I)
_HOME = {"trang chu", "home", "trang nhat"}


def _classes(el: etree._Element) -> str:
    return f"{el.get('class') or ''} {el.get('id') or ''}".strip()


def _label_key(text: str) -> str:
    return fold_key(text).strip(" :.-–»›>")


# ---------------------------------------------------------------------------------------------
# Metadata (JSON-LD and meta tags)


def _json_ld(doc: etree._Element) -> dict:
    found: dict = {}
    for script in doc.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except ValueError:
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            node = stack.pop(0)
            if not isinstance(node, dict):
                continue
            if "@graph" in node and isinstance(node["@graph"], list):
                stack.extend(node["@graph"])
            kind = node.get("@type")
            kinds = kind if isinstance(kind, list) else [kind]
            if any(
                k in ("NewsArticle", "Article", "ReportageNewsArticle", "BlogPosting")
                for k in kinds
            ):
                found.setdefault("article", node)
            if "BreadcrumbList" in kinds:
                found.setdefault("breadcrumb", node)
    return found


def _meta(doc: etree._Element) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for meta in doc.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        value = meta.get("content")
        if key and value:
            out.setdefault(key, []).append(collapse_whitespace(value))
    return out


def _ld_names(value: object) -> list[str]:
    items = value if isinstance(value, list) else [value]
    names = []
    for item in items:
        name = item.get("name") if isinstance(item, dict) else item
        if isinstance(name, str) and collapse_whitespace(name):
            names.append(collapse_whitespace(name))
    return names


# ---------------------------------------------------------------------------------------------
# Related blocks


def _find_labelled_blocks(doc: etree._Element, labels: tuple[str, ...]) -> list[etree._Element]:
    blocks: list[etree._Element] = []
    for el in doc.iter():
        if not isinstance(el.tag, str) or el.tag in ("html", "body", "head", "title", "script"):
            continue
        if len(el) > 4:
            continue
        raw = el.text_content()
        if not raw or len(raw) > 120:
            continue
        own = collapse_whitespace(raw)
        if not own or len(own) > 40:
            continue
        key = _label_key(own)
        if key not in labels:
            continue
        block = el
        while block is not None:
            links = [a for a in block.iter("a") if a.get("href") and not is_inside(a, el)]
            if links:
                break
            block = block.getparent()
        if block is None or block.tag in ("body", "html"):
            continue
        if any(is_inside(block, b) for b in blocks):
            continue
        blocks = [b for b in blocks if not is_inside(b, block)]
        blocks.append(block)
    return blocks


def _related_items(block: etree._Element, base: str, labels_el: set[str]) -> list[OtherNewsItem]:
    items: list[OtherNewsItem] = []
    seen: dict[str, int] = {}
    for a in block.iter("a"):
        href = absolute_url(a.get("href"), base)
        if not href or not href.startswith("http") or href.split("#")[0] == base.split("#")[0]:
            continue
        text = element_text(a) or collapse_whitespace(a.get("title") or "")
        if _label_key(text) in labels_el or len(text) < 12:
            text = ""
        # The item container: the highest ancestor below the block holding only this URL.
        container = a
        while container.getparent() is not None and container.getparent() is not block:
            parent = container.getparent()
            urls = {x.get("href") for x in parent.iter("a") if x.get("href")}
            if len(urls) > 1:
                break
            container = parent
        date = None
        # Date attributes on the item, inside it, or on the block when it is one item.
        around = [container, *[a for a in container.iterancestors() if is_inside(a, block)]]
        for attr in ("data-date", "data-time", "data-publishdate", "datetime"):
            for node in [*container.iter(), *around[1:]]:
                if isinstance(node.tag, str) and node.get(attr):
                    date = parse_vn_date(node.get(attr))
                    if date:
                        break
            if date:
                break
        if date is None:
            rest = element_text(container).replace(text, " ") if text else ""
            date = parse_vn_date(rest) if rest else None
        if href in seen:
            index = seen[href]
            old = items[index]
            if text and len(text) > len(old.title):
                items[index] = OtherNewsItem(title=text, date=old.date or date, url=href)
            continue
        if not text:
            continue
        seen[href] = len(items)
        items.append(OtherNewsItem(title=text, date=date, url=href))
    return items


# ---------------------------------------------------------------------------------------------
# Body container


def _container_from_text(
    doc: etree._Element, text: str, exclude: list[etree._Element]
) -> etree._Element | None:
    """The deepest element holding most (by length) of the paragraphs trafilatura kept."""
    keys = {}
    for line in text.split("\n"):
        line = collapse_whitespace(line)
        if len(line) >= 30:
            keys[fold_key(line[:90])[:60]] = len(line)
    longest = max(keys.values(), default=0)
    if not keys:
        return None
    hits: list[tuple[etree._Element, int]] = []
    hit_set: set[etree._Element] = set()
    for el in doc.iter("p", "div", "li", "td", "blockquote", "h2", "h3", "span"):
        raw = el.text_content()
        if len(raw) < 30 or len(raw) > 2 * longest + 200:
            continue
        own = collapse_whitespace(raw)
        line_len = keys.get(fold_key(own[:90])[:60])
        if line_len is None or len(own) > 1.3 * line_len + 20:
            continue
        if any(is_inside(el, x) or is_inside(x, el) for x in exclude):
            continue
        if not any(a in hit_set for a in el.iterancestors()):
            hits.append((el, len(own)))
            hit_set.add(el)
    if not hits:
        return None
    weight: Counter = Counter()
    for el, size in hits:
        node = el.getparent()
        while node is not None:
            weight[node] += size
            node = node.getparent()
    need = 0.7 * sum(size for _, size in hits)
    best = None
    for node, total in weight.items():
        if total >= need and (best is None or is_inside(node, best)):
            best = node
    return best


def _container_by_density(doc: etree._Element) -> etree._Element | None:
    best, best_score = None, 0.0
    for el in doc.iter("div", "article", "section", "main", "td"):
        score = 0.0
        for p in el.iterchildren("p"):
            text = collapse_whitespace(p.text_content())
            if len(text) >= 25:
                link_text = sum(len(element_text(a)) for a in p.iter("a"))
                score += len(text) - 2 * link_text
        if score > best_score:
            best, best_score = el, score
    return best


def _trafilatura_text(doc: etree._Element, url: str) -> str:
    try:
        from trafilatura import bare_extraction

        result = bare_extraction(
            copy.deepcopy(doc),
            url=url,
            include_comments=False,
            include_tables=True,
            with_metadata=False,
            deduplicate=False,
        )
    except Exception as exc:  # a library failure must not lose the page
        log.warning("trafilatura failed on %s: %s; using the density rule", url, exc)
        return ""
    if result is None:
        return ""
    return getattr(result, "text", None) or (
        result.get("text", "") if isinstance(result, dict) else ""
    )


# ---------------------------------------------------------------------------------------------
# Fields


def _title(doc: etree._Element, meta: dict, ld: dict) -> str:
    candidates = [collapse_whitespace(h.text_content()) for h in doc.iter("h1")]
    candidates = [c for c in candidates if c]
    hints = [ld.get("article", {}).get("headline")] + meta.get("og:title", [])
    hints = [collapse_whitespace(h) for h in hints if isinstance(h, str) and h.strip()]
    for cand in candidates:
        if any(fold_key(h).startswith(fold_key(cand)[:30]) for h in hints):
            return cand
    if hints:
        return hints[0]
    if candidates:
        return candidates[0]
    title = doc.find(".//title")
    return collapse_whitespace(title.text_content()) if title is not None else ""


def _visible_date(doc: etree._Element, h1: etree._Element | None) -> datetime | None:
    nodes = [el for el in doc.iter("time")]
    for el in doc.iter("div", "span", "p", "time", "li"):
        if _DATE_CLASS.search(_classes(el) + " " + (el.get("itemprop") or "")):
            nodes.append(el)
    if h1 is not None:  # the meta line near the headline
        parent = h1.getparent()
        for _ in range(3):
            if parent is None:
                break
            nodes.extend(parent.iterchildren())
            parent = parent.getparent()
    for el in nodes:
        if not isinstance(el.tag, str):
            continue
        raw = el.text_content()
        if not raw.strip() or len(raw) > 300:
            continue
        text = collapse_whitespace(raw)
        if 0 < len(text) <= 80:
            value = parse_vn_date(text)
            if value is not None:
                return value
    return None


def _pick_date(visible: datetime | None, declared: datetime | None) -> datetime | None:
    """The printed date with its time when it agrees with the declared one, else the declared."""
    if visible is None:
        return declared
    if declared is None:
        return visible
    has_time = visible.hour or visible.minute
    if has_time and abs(visible - declared) < timedelta(days=1):
        return visible
    return declared if visible.date() == declared.date() or not has_time else visible


def _caption_for(el: etree._Element) -> tuple[str, list[etree._Element]]:
    """Caption text of a figure-like element and the elements that hold it."""
    for cap in el.iter("figcaption"):
        return element_text(cap), [cap]
    for node in el.iter():
        if (
            node is not el
            and isinstance(node.tag, str)
            and node.tag != "img"
            and _CAPTION_CLASS.search(_classes(node))
            and element_text(node)
        ):
            return element_text(node), [node]
    return "", []


def _normalize_figures(body: etree._Element) -> None:
    for fig in list(body.iter("figure")):
        if fig.getparent() is not None:
            normalize_figure(fig, _caption_for(fig)[0])
    for table in list(body.iter("table")):
        imgs = list(table.iter("img"))
        if len(imgs) == 1 and len(element_text(table)) < 400 and table.getparent() is not None:
            caption, _ = _caption_for(table)
            normalize_figure(table, caption or element_text(table))
    for div in list(body.iter("div")):
        if div.getparent() is None or not list(div.iter("img")):
            continue
        caption, _ = _caption_for(div)
        if (
            caption
            and len(list(div.iter("img"))) == 1
            and len(element_text(div)) <= len(caption) + 5
        ):
            normalize_figure(div, caption)
    # <p><img></p> followed by a short centred/italic paragraph: that paragraph is the caption.
    for p in list(body.iter("p")):
        if p.getparent() is None or element_text(p) or not list(p.iter("img")):
            continue
        nxt = p.getnext()
        caption = ""
        if nxt is not None and nxt.tag == "p":
            text = element_text(nxt)
            italic = (
                all(c.tag in ("em", "i") for c in nxt)
                and len(nxt) > 0
                and not (nxt.text or "").strip()
            )
            if text and len(text) <= 300 and (italic or _CAPTION_CLASS.search(_classes(nxt))):
                caption = text
                remove_element(nxt)
        normalize_figure(p, caption)


def extract_generic(html: bytes | str, *, url: str, encoding: str | None = None) -> Article:
    """Extract an article from a page of an unknown site. Raises ExtractionError (no title/date)."""
    try:
        doc = parse_document(html, encoding)
    except (ValueError, etree.ParserError) as exc:
        raise ExtractionError(url, f"cannot parse the page: {exc}") from None
    ld = _json_ld(doc)
    meta = _meta(doc)
    article_ld = ld.get("article", {})

    title = _title(doc, meta, ld)
    if not title:
        raise ExtractionError(
            url, "no title found (no <h1>, og:title, JSON-LD headline or <title>)"
        )
    h1 = next((h for h in doc.iter("h1") if collapse_whitespace(h.text_content()) == title), None)

    declared = None
    for value in (
        [article_ld.get("datePublished")]
        + meta.get("article:published_time", [])
        + meta.get("datepublished", [])
        + meta.get("pubdate", [])
    ):
        if isinstance(value, str) and (declared := parse_vn_date(value)):
            break
    visible = _visible_date(doc, h1)
    date = _pick_date(visible, declared)
    if date is None:
        date = _htmldate(html)
    if date is None:
        raise ExtractionError(
            url, "no date found (no visible date, meta tag, JSON-LD or htmldate result)"
        )
    modified = None
    for value in [article_ld.get("dateModified")] + meta.get("article:modified_time", []):
        if isinstance(value, str) and (modified := parse_vn_date(value)):
            break

    # Category: visible breadcrumb, else JSON-LD BreadcrumbList, else article:section.
    crumbs: list[str] = []
    for el in doc.iter():
        if isinstance(el.tag, str) and _BREADCRUMB_CLASS.search(_classes(el)):
            crumbs = [element_text(a) for a in el.iter("a") if element_text(a)]
            crumbs = [c for c in crumbs if fold_key(c) not in _HOME]
            if crumbs:
                break
    if not crumbs and "breadcrumb" in ld:
        items = ld["breadcrumb"].get("itemListElement") or []
        for item in items if isinstance(items, list) else []:
            inner = item.get("item") if isinstance(item, dict) else None
            name = (inner.get("name") if isinstance(inner, dict) else None) or (
                item.get("name") if isinstance(item, dict) else None
            )
            if isinstance(name, str) and fold_key(name) not in _HOME:
                crumbs.append(collapse_whitespace(name))
    if not crumbs:
        crumbs = [s for s in ",".join(meta.get("article:section", [])).split(",") if s.strip()]
    category = collapse_whitespace(crumbs[-1]) if crumbs else ""

    tags: list[str] = []
    for el in doc.iter("div", "ul", "p", "span", "section"):
        if _TAG_CLASS.search(_classes(el)):
            tags = [element_text(a) for a in el.iter("a") if element_text(a)]
            if tags:
                break
    if not tags:
        tags = meta.get("article:tag", [])
    tags = list(dict.fromkeys(tags))

    # Related news (kept) and recommendation boxes (dropped), then boilerplate.
    other_news: list[OtherNewsItem] = []
    for block in _find_labelled_blocks(doc, RELATED_LABELS):
        if h1 is not None and is_inside(h1, block):
            continue
        other_news.extend(_related_items(block, url, set(RELATED_LABELS)))
        remove_element(block)
    for block in _find_labelled_blocks(doc, NOISE_LABELS):
        if h1 is None or not is_inside(h1, block):
            remove_element(block)
    for el in list(doc.iter(*_DROP_TAGS)):
        if el.getparent() is not None and (h1 is None or not is_inside(h1, el)):
            remove_element(el)
    for el in list(doc.iter(*_BLOCK_TAGS)):
        if el.getparent() is None:
            continue
        if _BOILERPLATE_CLASS.search(_classes(el)) and (h1 is None or not is_inside(h1, el)):
            remove_element(el)

    # Lead: a sapo-like element (JSON-LD/meta description only as a hint).
    description = collapse_whitespace(str(article_ld.get("description") or "")) or next(
        iter(meta.get("og:description", []) + meta.get("description", [])), ""
    )
    lead_el = None
    for el in doc.iter("div", "p", "h2", "h3", "span", "section", "strong"):
        if el.getparent() is None or not _LEAD_CLASS.search(_classes(el)):
            continue
        raw = el.text_content()
        if len(raw) > 3000:
            continue
        text = collapse_whitespace(raw)
        if 40 <= len(text) <= 1200:
            lead_el = el
            break
    if lead_el is None and description:
        key = fold_key(description)[:50]
        for el in doc.iter("p", "div", "h2", "strong"):
            raw = el.text_content()
            if len(raw) > 3 * len(description) + 200:
                continue
            text = collapse_whitespace(raw)
            if len(text) < 2 * len(description) + 20 and fold_key(text[:80]).startswith(key):
                lead_el = el
                break
    lead = element_text(lead_el) if lead_el is not None else ""

    # Body container: where trafilatura's running text is; density rule as a fallback.
    text = _trafilatura_text(doc, url)
    exclude = [el for el in (lead_el, h1) if el is not None]
    body_el = _container_from_text(doc, text, exclude) if text else None
    if body_el is None or body_el.tag in ("html", "body"):
        body_el = _container_by_density(doc)
    if body_el is None:
        raise ExtractionError(url, "no article body found")
    if lead_el is not None and is_inside(body_el, lead_el):
        body_el = lead_el  # degenerate: lead holds everything
    # Figures printed between the headline and the body (lead photo) belong to the article.
    leading_figures = []
    if h1 is not None:
        started = False
        for el in doc.iter("figure"):
            if is_inside(el, body_el):
                break
            if not started:
                started = _follows(el, h1)
            if started and not is_inside(el, body_el):
                leading_figures.append(el)

    # Byline: a byline-classed element (inside or near the body), else the last short line.
    authors: list[str] = []
    byline_el = None
    scope = body_el.getparent() if body_el.getparent() is not None else body_el
    for el in scope.iter("div", "p", "span", "strong", "em", "a"):
        if _BYLINE_CLASS.search(_classes(el)):
            raw = el.text_content()
            text = collapse_whitespace(raw) if len(raw) <= 300 else ""
            if text and len(text) <= 80:
                byline_el, authors = el, split_authors(text)
                break
    if byline_el is None:
        byline_el, authors = last_paragraph_byline(body_el)
    if not authors:
        authors = _ld_names(article_ld.get("author"))
    authors = [a for a in authors if a and len(a) <= 60]

    for el in [lead_el, byline_el, h1]:
        if el is not None and el is not body_el and is_inside(el, body_el):
            remove_element(el)
    for fig in reversed(leading_figures):
        caption, _ = _caption_for(fig)
        fig_copy = copy.deepcopy(fig)
        fig_copy.tail = None
        body_el.insert(0, fig_copy)
        normalize_figure(fig_copy, caption)
    _normalize_figures(body_el)
    body_markdown, images, _, removed = render_body(body_el, url)
    images = with_alt(images, title)
    if lead and body_markdown.startswith(lead):
        body_markdown = body_markdown[len(lead) :].lstrip("\n")

    return Article(
        title=title,
        date=date,
        modified=modified if modified and modified != date else None,
        body_markdown=body_markdown,
        source_url=url,
        authors=authors,
        summary=lead,
        category=category,
        tags=tags,
        images=images,
        other_news=other_news,
        slug=make_slug(title),
        portal="",
        removed=removed,
    )


def _follows(el: etree._Element, anchor: etree._Element) -> bool:
    """True when `el` comes after `anchor` in document order."""
    for node in anchor.itersiblings():
        if node is el or is_inside(el, node):
            return True
    parent = anchor.getparent()
    return parent is not None and parent.tag not in ("body", "html") and _follows(el, parent)


def _htmldate(html: bytes | str) -> datetime | None:
    try:
        from htmldate import find_date

        found = find_date(
            html, extensive_search=False, original_date=True, outputformat="%Y-%m-%dT%H:%M:%S"
        )
    except Exception as exc:
        log.debug("htmldate failed: %s", exc)
        return None
    return parse_vn_date(found) if found else None
