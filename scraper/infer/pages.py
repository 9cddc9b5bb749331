"""The sample pages, read by the generic extractor, with what it found kept findable. Pure.

`read_sample` parses a page, marks every element with its position (`data-infer`), keeps an
untouched copy, and lets the generic extractor (`scraper.generic.locate`, which removes scripts
and related boxes as it reads) find the article's parts; the parts are then looked up in the
untouched copy, where the selectors are tried the way the profile extractor reads a page.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from lxml import etree

from scraper.dom import ExtractionError, element_text, parse_document
from scraper.generic import extract_generic, locate
from scraper.generic.figures import caption_in
from scraper.models import Article
from scraper.warcs.pagekind import not_an_article

MARK = "data-infer"
MAX_FIGURE_TEXT = 400


class SampleError(ValueError):
    """A sample cannot be used: `source` names it, `reason` says why and what to do."""

    def __init__(self, source: str, reason: str) -> None:
        self.source = source
        self.reason = reason
        super().__init__(f"{source}: {reason}")


@dataclass(frozen=True)
class Sample:
    source: str  # what the operator named: a file or a URL
    url: str  # the page's address
    html: bytes
    encoding: str | None = None


@dataclass
class Page:
    sample: Sample
    article: Article  # what the generic extractor makes of it
    doc: etree._Element  # the untouched parse, every element marked
    title: list[etree._Element] = field(default_factory=list)
    date: list[etree._Element] = field(default_factory=list)
    body: list[etree._Element] = field(default_factory=list)
    lead: list[etree._Element] = field(default_factory=list)
    byline: list[etree._Element] = field(default_factory=list)
    related: list[etree._Element] = field(default_factory=list)  # related-news boxes
    figures: list[etree._Element] = field(default_factory=list)
    captions: list[etree._Element] = field(default_factory=list)
    cleaned: list[etree._Element] = field(default_factory=list)  # furniture in the body

    @property
    def url(self) -> str:
        return self.sample.url


def _mark(doc: etree._Element) -> None:
    for i, el in enumerate(doc.iter()):
        if isinstance(el.tag, str):
            el.set(MARK, str(i))


def _index(doc: etree._Element) -> dict[str, etree._Element]:
    return {el.get(MARK): el for el in doc.iter() if isinstance(el.tag, str) and el.get(MARK)}


def read_sample(sample: Sample) -> Page:
    """Read one sample. Raises SampleError when it is not an article page."""
    try:
        article = extract_generic(sample.html, url=sample.url, encoding=sample.encoding)
    except ExtractionError as exc:
        raise SampleError(sample.source, f"not an article page: {exc.reason}") from None
    kind = not_an_article(article, sample.html, sample.encoding)
    if kind:
        raise SampleError(sample.source, f"not an article page: {kind}")
    doc = parse_document(sample.html, sample.encoding)
    _mark(doc)
    clean = copy.deepcopy(doc)
    found = locate(doc, sample.url)
    index = _index(clean)

    def mapped(*elements: etree._Element | None) -> list[etree._Element]:
        out = []
        for el in elements:
            if el is not None and (twin := index.get(el.get(MARK) or "")) is not None:
                out.append(twin)
        return out

    page = Page(sample=sample, article=article, doc=clean)
    page.title = mapped(found.headline.element)
    page.date = mapped(found.published.element)
    page.body = mapped(found.container)
    page.lead = mapped(found.lead)
    page.byline = mapped(*found.byline)
    page.related = mapped(*(b.element for b in found.blocks if b.related))
    if page.body:
        page.figures, page.captions = _figures(page.body[0])
        page.cleaned = _furniture(found.container, index)
    return page


def _figures(body: etree._Element) -> tuple[list[etree._Element], list[etree._Element]]:
    """The photo boxes of the body (the largest element around one photo, with little text)
    and their caption elements."""
    figures: list[etree._Element] = []
    captions: list[etree._Element] = []
    for img in body.iter("img"):
        box = img
        node = img.getparent()
        while node is not None and node is not body:
            if len(list(node.iter("img"))) > 1 or len(element_text(node)) > MAX_FIGURE_TEXT:
                break
            box = node
            node = node.getparent()
        if box is img or box in figures:
            continue
        figures.append(box)
        _, caption = caption_in(box)
        if caption is not None:
            captions.append(caption)
    return figures, captions


def _furniture(container: etree._Element | None, index: dict) -> list[etree._Element]:
    """What the generic extractor's clean-up takes out of the body (share bars, ads, boxes)."""
    if container is None:
        return []
    from scraper.generic.cleanup import clean_body

    probe = copy.deepcopy(container)
    before = {el.get(MARK) for el in probe.iter() if isinstance(el.tag, str)}
    clean_body(probe, keep=set())
    after = {el.get(MARK) for el in probe.iter() if isinstance(el.tag, str)}
    gone = before - after
    out = []
    for mark in gone:
        el = index.get(mark or "")
        if el is not None and (el.getparent() is None or el.getparent().get(MARK) not in gone):
            out.append(el)
    return out
