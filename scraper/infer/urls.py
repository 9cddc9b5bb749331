"""The article URL pattern, generalised from the sample pages' addresses. Pure.

Each address is reduced to its shape (`/tin-tuc/{slug}-{id}.html`, `/Pages/tin-tuc/chi-tiet.aspx
?ItemID={id}`, `/2025/05/28/{slug}.html`: see `scraper.discovery.urls.url_shape`, the shape an
address crawl learns); the pattern is the regular expression of the shapes the samples share,
anchored at the end and free of the host, so that it holds on a copy of the portal served
elsewhere (`--base-url`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from scraper.discovery.urls import shape_regex, url_shape

_DATE_SEGMENTS = re.compile(r"/\{n\}/\{n\}/\{n\}/")


@dataclass(frozen=True)
class UrlPattern:
    regex: str  # for the profile's article_url_pattern
    shapes: tuple[str, ...]  # the shapes it was made of, most common first
    covered: int  # samples it matches

    def describe(self) -> str:
        return " | ".join(self.shapes)


def _regex_of(shape: str) -> str:
    regex = shape_regex(shape).replace(r"[^/?#]+?", r"[^/?#]+")
    return regex.replace("\\-", "-")  # a dash needs no escape outside a character class


_EXT = re.compile(r"\.[A-Za-z0-9]{2,5}$")


def _merge_segment(values: list[str]) -> str:
    """One segment of several shapes: kept when they agree, else a slug (with the extension
    and the id suffix they all share)."""
    if len(set(values)) == 1:
        return values[0]
    exts = {m.group(0) if (m := _EXT.search(v)) else "" for v in values}
    ext = exts.pop() if len(exts) == 1 else ""
    if all(v.isdigit() or v.startswith("{n}") or v.startswith("{id}") for v in values):
        return "{n}" + ext
    if all(v.endswith("{id}" + ext) for v in values):
        return "{slug}-{id}" + ext if all("-{id}" in v for v in values) else "{slug}{id}" + ext
    return "{slug}" + ext


def merge_shapes(shapes: Sequence[str]) -> list[str]:
    """Shapes with the same number of segments and the same query keys become one."""
    groups: dict[tuple[int, str], list[str]] = {}
    for shape in shapes:
        path, _, query = shape.partition("?")
        keys = "&".join(part.split("=")[0] for part in query.split("&") if part)
        groups.setdefault((path.count("/"), keys), []).append(shape)
    out = []
    for members in groups.values():
        if len(members) == 1:
            out.append(members[0])
            continue
        paths = [m.partition("?")[0].split("/") for m in members]
        path = "/".join(_merge_segment([p[i] for p in paths]) for i in range(len(paths[0])))
        queries = [m.partition("?")[2] for m in members]
        if len(set(queries)) > 1:
            pairs = [q.split("&") for q in queries]
            merged = []
            for i in range(len(pairs[0])):
                values = {p[i] for p in pairs}
                key = pairs[0][i].split("=")[0]
                merged.append(values.pop() if len(values) == 1 else f"{key}={{slug}}")
            query = "&".join(merged)
        else:
            query = queries[0]
        out.append(path + (f"?{query}" if query else ""))
    return out


def learn_pattern(urls: Sequence[str]) -> UrlPattern:
    """The pattern matching every sample address (one shape each, joined by `|` when the
    samples have several). Raises ValueError when an address has no path to learn from."""
    shapes: Counter[str] = Counter()
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"{url}: not an http(s) address")
        if parts.path in ("", "/") and not parts.query:
            raise ValueError(f"{url}: the portal's home page, not an article address")
        shapes[url_shape(url)] += 1
    ordered = tuple(merge_shapes([shape for shape, _ in shapes.most_common()]))
    regexes = [_regex_of(s) for s in ordered]
    regex = regexes[0] if len(regexes) == 1 else "|".join(f"(?:{r})" for r in regexes)
    compiled = re.compile(regex)
    covered = sum(1 for u in urls if compiled.search(_path_query(u)))
    return UrlPattern(regex=regex, shapes=ordered, covered=covered)


def _path_query(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def matches(pattern: str, url: str) -> bool:
    """What the crawl does with the pattern: `re.search` over the whole address."""
    return bool(re.search(pattern, url))
