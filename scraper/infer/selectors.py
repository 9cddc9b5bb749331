"""Generalising elements found on several pages to one CSS selector. Pure (lxml trees in).

Each sample page gives the element(s) where a field is printed. A selector is looked for that
every sample shares: the element's own tag, classes, id or telling attributes (`itemprop`,
`data-role`, `type`), qualified by a shared ancestor (a class or id of some element above it);
positional selectors (`:first-child`, `:last-child`, `:nth-child(k)`) only when nothing else
works. A candidate is kept only when the caller's check accepts it on every sample (the check
reads the page the way the profile extractor will), so a selector never holds by accident on
one page only.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from lxml import etree

_IDENT = re.compile(r"^-?[A-Za-z_][A-Za-z0-9_-]*$")
# Ids and classes that name one page or one item, not a part of the layout: "post-1234",
# "news_98765", a long hex or numeric run.
_VOLATILE = re.compile(r"\d{3,}|[0-9a-f]{8,}", re.I)
_TELLING_ATTRS = ("itemprop", "data-role", "role", "type", "data-type", "property", "name")
_SKIP_TAGS = frozenset({"html", "body", "form", "tbody"})


@dataclass(frozen=True)
class Target:
    """One sample: its parsed page and the element(s) the field was found in there."""

    doc: etree._Element
    elements: tuple[etree._Element, ...]


def _idents(values: Iterable[str]) -> list[str]:
    return [v for v in values if _IDENT.match(v) and not _VOLATILE.search(v)]


def simple_selectors(el: etree._Element, *, with_tag: bool = True) -> list[str]:
    """An element's simple selectors, most specific first: `tag#id`, `tag.class`,
    `tag[attr="value"]`, then the bare tag (or, without the tag, `#id`, `.class`, ...)."""
    tag = el.tag if isinstance(el.tag, str) else ""
    if not tag:
        return []
    head = tag if with_tag else ""
    out = []
    # Classes first: they name a part of the layout; ids of generated pages (ASP.NET's
    # "ctl00_PlaceHolderMain_ctl00_lblTitle") are as stable but say less to a reader.
    for cls in _idents((el.get("class") or "").split()):
        out.append(f"{head}.{cls}")
    for attr in _TELLING_ATTRS:
        value = el.get(attr)
        if value and re.fullmatch(r"[\w:. -]{1,40}", value) and not _VOLATILE.search(value):
            out.append(f'{head}[{attr}="{value}"]')
    for ident in _idents([el.get("id") or ""]):
        out.append(f"{head}#{ident}")
    out.append(tag if with_tag else "*")
    return out


def ancestor_selectors(el: etree._Element, limit: int = 8) -> list[str]:
    """Class and id selectors of the element's ancestors, nearest first (the context)."""
    out: list[str] = []
    node = el.getparent()
    depth = 0
    while node is not None and depth < limit:
        if isinstance(node.tag, str) and node.tag not in _SKIP_TAGS:
            out.extend(s for s in simple_selectors(node) if s != node.tag)
        node = node.getparent()
        depth += 1
    return list(dict.fromkeys(out))


def _shared(per_sample: list[list[str]]) -> list[str]:
    """Selectors present for every sample, in the first sample's order."""
    if not per_sample:
        return []
    rest = [set(s) for s in per_sample[1:]]
    return [s for s in per_sample[0] if all(s in r for r in rest)]


def _position(el: etree._Element) -> tuple[int, int]:
    """(index among the parent's element children from 1, count of them)."""
    parent = el.getparent()
    if parent is None:
        return 1, 1
    siblings = [c for c in parent if isinstance(c.tag, str)]
    return siblings.index(el) + 1, len(siblings)


def candidates(targets: Sequence[Target]) -> list[str]:
    """Every selector worth trying for these targets, most wanted first."""
    with_elements = [t for t in targets if t.elements]
    if not with_elements:
        return []
    own = _shared(
        [
            list(
                dict.fromkeys(
                    s
                    for el in t.elements
                    for s in simple_selectors(el) + simple_selectors(el, with_tag=False)
                )
            )
            for t in with_elements
        ]
    )
    context = _shared(
        [list(dict.fromkeys(a for el in t.elements for a in ancestor_selectors(el)))
         for t in with_elements]
    )  # fmt: skip
    specific = [s for s in own if not re.fullmatch(r"[a-z0-9]+|\*", s)]
    plain = [s for s in own if re.fullmatch(r"[a-z0-9]+", s)]
    out: list[str] = []
    for sel in specific:
        out.extend(f"{ctx} {sel}" for ctx in context[:3])
        out.append(sel)
    for sel in plain:
        out.extend(f"{ctx} {sel}" for ctx in context[:12])
    out.extend(_positional(with_elements, specific + plain))
    return list(dict.fromkeys(out))


def _positional(targets: Sequence[Target], own: list[str]) -> list[str]:
    """`parent > tag:first-child` and the like, when every sample has the element there."""
    parents = _shared(
        [
            [s for el in t.elements if el.getparent() is not None
             for s in simple_selectors(el.getparent()) if s != el.getparent().tag]
            for t in targets
        ]
    )  # fmt: skip
    if not parents:
        return []
    firsts, lasts, indexes = set(), set(), set()
    for t in targets:
        for el in t.elements:
            index, count = _position(el)
            firsts.add(index == 1)
            lasts.add(index == count)
            indexes.add(index)
    tags = [s for s in own if re.fullmatch(r"[a-z0-9]+", s)] or ["*"]
    only = next(iter(indexes)) if len(indexes) == 1 else None
    out = []
    for parent in parents[:2]:
        for tag in [*tags[:1], "*"]:
            if firsts == {True}:
                out.append(f"{parent} > {tag}:first-child")
            if lasts == {True}:
                out.append(f"{parent} > {tag}:last-child")
            if only is not None and only > 1:
                out.append(f"{parent} > {tag}:nth-child({only})")
    return out


def generalise(targets: Sequence[Target], check: Callable[[str], bool]) -> str | None:
    """The first candidate selector that `check` accepts (it checks every sample), or None."""
    for sel in candidates(targets):
        if check(sel):
            return sel
    return None
