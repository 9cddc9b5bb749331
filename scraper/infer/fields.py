"""Field selectors of a draft profile, from the samples the generic extractor read. Pure.

For each field the elements the generic extractor found are generalised to a selector
(`selectors.generalise`) that gives, on every sample, what the generic extractor gave: the same
headline, the same date, the very body element, the same lead, authors, category, tags and
related items. A field for which no selector holds on every sample is left out of the draft
(the profile extractor then does what it does without it: the byline, for instance, is read
from the body's last paragraph) and the report says so.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from archive_core.dates import parse_vn_date
from scraper.byline import split_authors
from scraper.dom import css_select, element_text, select_elements, select_first, select_values
from scraper.infer.pages import Page
from scraper.infer.selectors import Target, candidates, generalise, simple_selectors
from scraper.profiles import OtherNewsBlock, Profile, Selector

_DATE_TEXT = re.compile(
    r"(?P<d>\d{1,2})(?P<s1>[/.-])(?P<m>\d{1,2})(?P=s1)(?P<y>\d{4})"
    r"(?:(?P<sep>\s*[-,|·]?\s*)(?P<H>\d{1,2})(?P<c>[:h])(?P<M>\d{2}))?"
)
_META_DATES = (
    'meta[property="article:published_time"]::attr(content)',
    'meta[itemprop="datePublished"]::attr(content)',
    'meta[name="pubdate"]::attr(content)',
)
_META_TITLES = ('meta[property="og:title"]::attr(content)',)


@dataclass
class FieldSelectors:
    """What the draft's [fields], [[other_news]] and drop hold, and what was left out."""

    fields: dict[str, list[str]] = field(default_factory=dict)
    other_news: list[dict[str, list[str]]] = field(default_factory=list)
    drop: list[str] = field(default_factory=list)
    date_formats: list[str] = field(default_factory=list)
    notes: dict[str, str] = field(default_factory=dict)  # field -> why it was left out


def _sel(text: str) -> tuple[Selector, ...]:
    return (Selector.parse(text),)


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


def _targets(pages: Sequence[Page], attr: str) -> list[Target]:
    return [Target(p.doc, tuple(getattr(p, attr))) for p in pages]


def _first_ok(options: Sequence[str], check: Callable[[str], bool]) -> str | None:
    return next((o for o in options if check(o)), None)


def date_formats(pages: Sequence[Page]) -> list[str]:
    """strptime formats of the dates as printed ("%d/%m/%Y %H:%M"), most common first."""
    counts: dict[str, int] = {}
    for page in pages:
        for el in page.date:
            match = _DATE_TEXT.search(element_text(el))
            if not match:
                continue
            s = match["s1"]
            fmt = f"%d{s}%m{s}%Y"
            if match["H"]:
                fmt += f"{match['sep']}%H{match['c']}%M"
            counts[fmt] = counts.get(fmt, 0) + 1
    return sorted(counts, key=lambda f: -counts[f])


def _figure_selectors(pages: Sequence[Page]) -> tuple[list[str], list[str]]:
    """One selector (a group: the profile extractor uses the first selector that matches)
    of the body's photo boxes, each part matching only boxes that hold a photo, and the
    caption selector giving the caption the generic extractor reads."""
    kinds: list[str] = []
    for page in pages:
        for fig in page.figures:
            own = [s for s in simple_selectors(fig) if s != fig.tag or fig.tag == "figure"]
            own.append(f"{fig.tag}:has(> img)")
            own.append(f"{fig.tag}:has(img)")
            for sel in own:
                if sel not in kinds:
                    kinds.append(sel)
    chosen: list[str] = []
    covered: set = set()
    for sel in kinds:
        matched = set()
        for page in pages:
            body = page.body[0]
            found = [el for el in css_select(body, sel) if el is not body]
            if not all(el in page.figures for el in found):
                matched = set()
                break
            matched.update(found)
        if matched - covered:
            chosen.append(sel)
            covered |= matched
    captions: list[str] = []
    cap_kinds = _unique([s for p in pages for c in p.captions for s in simple_selectors(c)])
    for sel in cap_kinds:
        if all(_caption_agrees(page, fig, sel) for page in pages for fig in page.figures) and any(
            css_select(fig, sel) for page in pages for fig in page.figures
        ):
            captions.append(sel)
            break
    return ([", ".join(chosen)] if chosen else []), captions


def _same_boxes(pages: Sequence[Page], a: str, b: str) -> bool:
    return all(
        set(css_select(p.body[0], a)) <= set(css_select(p.body[0], b)) for p in pages if p.body
    )


def _caption_agrees(page: Page, fig, sel: str) -> bool:
    from scraper.generic.figures import caption_in

    want, _ = caption_in(fig)
    got = select_first(fig, _sel(sel))
    return got == want or (not got and not want)


def infer_fields(pages: Sequence[Page]) -> FieldSelectors:
    out = FieldSelectors()
    formats = date_formats(pages)
    out.date_formats = formats

    def title_ok(sel: str) -> bool:
        return all(select_first(p.doc, _sel(sel)) == p.article.title for p in pages)

    def date_ok(sel: str) -> bool:
        for p in pages:
            values = select_values(p.doc, _sel(sel))
            found = next((d for v in values if (d := parse_vn_date(v, formats))), None)
            if found != p.article.date:
                return False
        return True

    def body_ok(sel: str) -> bool:
        return all(p.body and select_elements(p.doc, _sel(sel))[:1] == p.body[:1] for p in pages)

    def lead_ok(sel: str) -> bool:
        return all(select_first(p.doc, _sel(sel)) == p.article.summary for p in pages)

    def byline_ok(sel: str) -> bool:
        """Right where it prints something; where it prints nothing, the profile extractor
        reads the body's last paragraph (checked in the report)."""
        printed = False
        for p in pages:
            values = select_values(p.doc, _sel(sel))
            names = _unique([n for v in values for n in split_authors(v)])
            if values and names != p.article.authors:
                return False
            printed = printed or bool(values)
        return printed

    def category_ok(sel: str) -> bool:
        for p in pages:
            values = select_values(p.doc, _sel(sel))
            if (values[-1] if values else "") != p.article.category:
                return False
        return True

    def tags_ok(sel: str) -> bool:
        return all(_unique(select_values(p.doc, _sel(sel))) == p.article.tags for p in pages)

    found: dict[str, str | None] = {}
    found["title"] = generalise(_targets(pages, "title"), title_ok) or _first_ok(
        _META_TITLES, title_ok
    )
    found["date"] = generalise(_targets(pages, "date"), date_ok) or _first_ok(_META_DATES, date_ok)
    found["body"] = generalise(_targets(pages, "body"), body_ok)
    if any(p.article.summary for p in pages):
        found["lead"] = generalise(_targets(pages, "lead"), lead_ok)
    outside = [  # bylines in the body are read from its last paragraph without a selector
        Target(p.doc, tuple(b for b in p.byline if not (p.body and _inside(b, p.body[0]))))
        for p in pages
    ]
    if any(t.elements for t in outside):
        found["byline"] = generalise(outside, byline_ok)
    if any(p.article.category for p in pages):
        found["category"] = generalise(_text_targets(pages, "category"), category_ok)
    if any(p.article.tags for p in pages):
        found["tags"] = generalise(_text_targets(pages, "tags"), tags_ok)
    for name, sel in found.items():
        if sel:
            out.fields[name] = [sel]
        else:
            out.notes[name] = "no selector gives the generic extractor's value on every sample"
    fallback = "the profile extractor reads a byline printed as the body's last paragraph(s)"
    if "byline" not in found:
        out.notes["byline"] = f"printed in the body or not at all on the samples: {fallback}"
    elif "byline" in out.notes:
        out.notes["byline"] = f"no selector holds on every sample: left out, {fallback}"
    if out.fields.get("body"):
        figures, captions = _figure_selectors(pages)
        if figures:
            out.fields["figure"] = figures
        if captions:
            out.fields["captions"] = captions
        out.drop = _drop(pages, out.fields["body"][0])
    out.other_news = _other_news(pages, formats)
    return out


def _text_targets(pages: Sequence[Page], name: str) -> list[Target]:
    """Elements whose text is the field's value (the category, or one of the tags)."""
    targets = []
    for p in pages:
        value = getattr(p.article, name)
        wanted = {value} if isinstance(value, str) else set(value)
        elements = tuple(
            el
            for el in p.doc.iter("a", "li", "span", "div", "p", "h1", "h2", "h3", "h4", "strong")
            if element_text(el) in wanted and el.tag not in ("title",)
        )
        targets.append(Target(p.doc, elements))
    return targets


def _drop(pages: Sequence[Page], body_sel: str) -> list[str]:
    """Furniture inside the body on every sample: what the generic clean-up takes out, or a
    classed element printing the same text on every sample."""
    per_page: list[set[str]] = []
    for p in pages:
        body = select_elements(p.doc, _sel(body_sel))[0]
        keep = set(p.figures) | set(p.captions) | set(p.lead) | set(p.byline)
        sels: set[str] = set()
        for el in body.iter():
            if el is body or not isinstance(el.tag, str) or el in keep:
                continue
            for sel in simple_selectors(el):
                if sel != el.tag:
                    sels.add(sel)
        per_page.append(sels)
    shared = set.intersection(*per_page) if per_page else set()
    out = []
    for sel in sorted(shared):
        texts = set()
        furniture = True
        for p in pages:
            body = select_elements(p.doc, _sel(body_sel))[0]
            for el in css_select(body, sel):
                if el is body:
                    continue
                if any(el is k or _inside(k, el) for k in (*p.figures, *p.lead, *p.byline)):
                    furniture = False
                texts.add(element_text(el))
                if el in p.cleaned:
                    texts.add("\0cleaned")
        if furniture and (len(texts) == 1 or "\0cleaned" in texts):
            out.append(sel)
    return out


def _inside(el, ancestor) -> bool:
    return any(a is ancestor for a in el.iterancestors())


def _other_news(pages: Sequence[Page], formats: list[str]) -> list[dict[str, list[str]]]:
    """One [[other_news]] block whose items are, on every sample, the generic extractor's
    related items (same titles, dates and addresses, same order)."""
    from scraper.extract import _other_news as read_other_news

    if not any(p.article.other_news for p in pages):
        return []
    base = Profile(
        name="draft",
        start_urls=("http://draft.invalid/",),
        allowed_domains=("draft.invalid",),
        article_url_pattern=re.compile(""),
        date_formats=tuple(formats),
    )

    def agrees(block: dict[str, list[str]]) -> bool:
        parsed = {k: tuple(Selector.parse(v) for v in vs) for k, vs in block.items()}
        spec = OtherNewsBlock(**parsed)
        profile = _with_blocks(base, spec)
        return all(read_other_news(p.doc, profile, p.url) == p.article.other_news for p in pages)

    targets = [Target(p.doc, tuple(p.related)) for p in pages]
    for block_sel in candidates(targets)[:12]:
        items = _item_selectors(pages, block_sel)
        for item_sel in items[:4]:
            for date_sel in [*_item_dates(pages, block_sel, item_sel)[:3], None]:
                block = {"block": [block_sel], "item": [item_sel]}
                if date_sel:
                    block["date"] = [date_sel]
                if agrees(block):
                    return [block]
    return []


def _with_blocks(profile: Profile, block: OtherNewsBlock) -> Profile:
    from dataclasses import replace

    return replace(profile, other_news=(block,))


def _item_selectors(pages: Sequence[Page], block_sel: str) -> list[str]:
    per_page = []
    for p in pages:
        sels: list[str] = []
        for block in css_select(p.doc, block_sel):
            for a in block.iter("a"):
                item = a
                while (
                    item.getparent() is not None
                    and item.getparent() is not block
                    and item.tag not in ("li", "tr", "article")
                ):
                    parent = item.getparent()
                    if len([x for x in parent.iter("a") if x.get("href")]) > 1:
                        break
                    item = parent
                sels.extend(simple_selectors(item))
        if sels:
            per_page.append(_unique(sels))
    if not per_page:
        return []
    rest = [set(s) for s in per_page[1:]]
    return [s for s in per_page[0] if all(s in r for r in rest)]


def _item_dates(pages: Sequence[Page], block_sel: str, item_sel: str) -> list[str]:
    per_page = []
    for p in pages:
        sels: list[str] = []
        for block in css_select(p.doc, block_sel):
            for item in css_select(block, item_sel):
                for el in item.iter():
                    if el is item or not isinstance(el.tag, str) or el.tag == "a":
                        continue
                    if parse_vn_date(element_text(el)):
                        sels.extend(s for s in simple_selectors(el))
        if sels:
            per_page.append(_unique(sels))
    if not per_page:
        return []
    rest = [set(s) for s in per_page[1:]]
    return [s for s in per_page[0] if all(s in r for r in rest)]
