"""Photos and their captions in the body, normalised to `<figure><img><figcaption>`.

Vietnamese portals caption a photo in a `<figcaption>`, in a caption-classed element beside the
image, in the cell of a table under it (older CMSs), in the same paragraph after a line break,
or in the short paragraph that follows it: centred, italic, or carrying the photo credit
("Ảnh: TTXVN"). Such a paragraph is the caption, never a paragraph of the body.
"""

from __future__ import annotations

import re

from lxml import etree

from scraper.dom import element_text, normalize_figure, remove_element

CAPTION_CLASS = re.compile(
    r"caption|chu-?thich|chuthich|legend|desc|note|photo-?text|image-?text|pcaption|img-?text",
    re.I,
)
_CREDIT = re.compile(r"(?:^|[\s(\[])(?:ảnh|anh|photo|nguồn ảnh)\s*:", re.I)
MAX_CAPTION = 400


def _attrs(el: etree._Element) -> str:
    return f"{el.get('class') or ''} {el.get('id') or ''}"


def caption_in(el: etree._Element) -> tuple[str, etree._Element | None]:
    """Caption text held by a figure-like element (figcaption, or a caption-classed part)."""
    for cap in el.iter("figcaption"):
        text = element_text(cap)
        if text:
            return text, cap
    for node in el.iter():
        if (
            node is not el
            and isinstance(node.tag, str)
            and node.tag != "img"
            and CAPTION_CLASS.search(_attrs(node))
            and (text := element_text(node))
        ):
            return text, node
    return "", None


def _styled_as_caption(el: etree._Element) -> bool:
    style = (el.get("style") or "").replace(" ", "").lower()
    centred = "text-align:center" in style or (el.get("align") or "").lower() == "center"
    italic = "font-style:italic" in style or _all_italic(el)
    return centred or italic or bool(CAPTION_CLASS.search(_attrs(el)))


def _all_italic(el: etree._Element) -> bool:
    """Every letter of the element is inside <em>/<i> (nested in spans or not)."""
    text = element_text(el)
    if not text:
        return False
    italic = " ".join(
        element_text(node)
        for node in el.iter("em", "i")
        if node is not el
        and not any(a.tag in ("em", "i") for a in node.iterancestors() if a is not el)
    )
    return len(italic.replace(" ", "")) >= len(text.replace(" ", ""))


def caption_after(el: etree._Element) -> etree._Element | None:
    """The paragraph right after an image paragraph when it is that image's caption."""
    nxt = el.getnext()
    if nxt is None or nxt.tag not in ("p", "div", "em", "i", "span", "figcaption"):
        return None
    if nxt.find(".//img") is not None:
        return None
    text = element_text(nxt)
    if not text or len(text) > MAX_CAPTION:
        return None
    if _styled_as_caption(nxt) or _CREDIT.search(text):
        return nxt
    return None


def _only_images(el: etree._Element) -> bool:
    return not element_text(el) and el.find(".//img") is not None


def _attach_loose_captions(body: etree._Element) -> None:
    """A <figcaption> printed beside its figures (a row of two photos and one caption) goes
    into the last figure before it."""
    for cap in list(body.iter("figcaption")):
        parent = cap.getparent()
        if parent is None or parent.tag == "figure":
            continue
        figure = next((s for s in cap.itersiblings(preceding=True) if s.tag == "figure"), None)
        if figure is not None and figure.find(".//figcaption") is None:
            parent.remove(cap)
            cap.tail = None
            figure.append(cap)


def normalize_figures(body: etree._Element) -> None:
    """Rewrite every photo of the body as a figure with its caption (pure tree surgery)."""
    _attach_loose_captions(body)
    for fig in list(body.iter("figure")):
        if fig.getparent() is not None:
            normalize_figure(fig, caption_in(fig)[0])
    for table in list(body.iter("table")):
        if table.getparent() is None:
            continue
        images = list(table.iter("img"))
        text = element_text(table)
        if 1 <= len(images) <= 2 and len(text) <= MAX_CAPTION:
            caption, _ = caption_in(table)
            normalize_figure(table, caption or text)
    for div in list(body.iter("div", "span")):
        if div.getparent() is None or div.find(".//img") is None:
            continue
        caption, _ = caption_in(div)
        if (
            caption
            and len(list(div.iter("img"))) == 1
            and len(element_text(div)) <= len(caption) + 5
        ):
            normalize_figure(div, caption)
    for p in list(body.iter("p", "div", "a", "span")):
        if p.getparent() is None or p.find(".//img") is None or p.find(".//figure") is not None:
            continue
        if p.tag in ("div", "span") and p.find(".//p") is not None:
            continue
        if _only_images(p):
            caption_el = caption_after(p)
            caption = element_text(caption_el) if caption_el is not None else ""
            if caption_el is not None:
                remove_element(caption_el)
            normalize_figure(p, caption)
        elif p.tag == "p" and len(list(p.iter("img"))) == 1:
            text = element_text(p)
            if len(text) <= MAX_CAPTION and (
                _styled_as_caption(p)
                or _CREDIT.search(text)
                or (len(text) <= SHORT_CAPTION and _image_first(p))
            ):
                normalize_figure(p, text)  # image and caption in one paragraph


SHORT_CAPTION = 200  # a line printed after the photo in its paragraph, not running text
_ICON = 48  # px: a smaller picture is an icon in a line of text, not a photo


def _image_first(p: etree._Element) -> bool:
    """The paragraph opens with its photo (no text before it) and the photo is no icon."""
    img = next(p.iter("img"))
    for size in (img.get("width"), img.get("height")):
        digits = (size or "").strip().removesuffix("px")
        if digits.isdigit() and int(digits) < _ICON:
            return False
    for event, node in etree.iterwalk(p, events=("start", "end")):
        if node is img:
            return True
        if event == "start" and isinstance(node.tag, str) and (node.text or "").strip():
            return False
        if event == "end" and node is not p and (node.tail or "").strip():
            return False
    return True
