"""Telling article URLs from listing URLs on a portal nobody described.

Before anything is known, an address looks like an article's when it carries an article id (a
run of 4+ digits at the end of the name, `?ItemID=1234`), a date path (`/2025/05/28/...`) or a
long slug with a page extension. Then the portal's own shape is learned from the URLs its
sitemaps and feeds list and from the pages that extracted as articles: each URL is reduced to a
template (`/tin-tuc/{slug}-{id}.html`, `/Pages/tin-tuc/chi-tiet.aspx?ItemID={id}`) and the
templates that most of them share become the pattern, which the crawl reports.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

_EXTENSION = re.compile(r"\.(?:s?html?|aspx?|php|jsp|chn|tpo|vnp|ldo|cms|do)$", re.I)
_ID_TAIL = re.compile(r"(?:^|[-_.])(?:p|post|id|news)?(\d{4,})$", re.I)
_ID_KEYS = re.compile(r"^(?:item|news|article|post|page|content|tin|bai|n|p)?_?id$|^id$", re.I)
_DATE_PATH = re.compile(r"/(?:19|20)\d{2}/(?:0?[1-9]|1[0-2])(?:/(?:0?[1-9]|[12]\d|3[01]))?/")
_PAGINATION = re.compile(r"(?:^|[-_/])(?:trang|page|p)[-_/]?\d{1,3}(?:\.\w+)?$", re.I)
_ASSET = re.compile(
    r"\.(?:jpe?g|png|gif|webp|svg|ico|bmp|tiff?|pdf|docx?|xlsx?|pptx?|zip|rar|7z|mp[34]|avi|"
    r"mov|wmv|flv|css|js|json|xml|rss|txt|exe|apk)$",
    re.I,
)
# Pages that are never bulletins nor listings of them (folded path words).
_NOT_CONTENT = re.compile(
    r"(?:^|[-_/])(?:dang-?nhap|login|logout|dang-?ky|register|tim-?kiem|search|lien-?he|"
    r"contact|print|in-?trang|in-?bai|chia-?se|share|rss|feed|sitemap|so-?do|binh-?luan|"
    r"comment|hoi-?dap|gop-?y|thu-?vien-?anh|video|podcast|quang-?cao|ads?)(?:$|[-_/.?])",
    re.I,
)


def is_asset(url: str) -> bool:
    return bool(_ASSET.search(urlsplit(url).path))


def not_content(url: str) -> bool:
    parts = urlsplit(url)
    return bool(_NOT_CONTENT.search(parts.path.lower())) or is_asset(url)


def _query_id(query: str) -> bool:
    return any(_ID_KEYS.match(k) and v.isdigit() for k, v in parse_qsl(query))


def looks_like_article(url: str) -> bool:
    """An address with an article's marks (see the module's docstring); never a listing's."""
    parts = urlsplit(url)
    path = parts.path
    name = path.rstrip("/").rsplit("/", 1)[-1]
    stem = _EXTENSION.sub("", name)
    if not name or is_asset(url) or _PAGINATION.search(stem):
        return False
    if _query_id(parts.query):
        return True
    if _ID_TAIL.search(stem):
        return True
    if _DATE_PATH.search(path + "/") and stem.count("-") >= 2:
        return True
    return bool(_EXTENSION.search(name)) and stem.count("-") >= 4


# ---------------------------------------------------------------------------------------------
# Learning the portal's article URL shape


_SLUG_ID = re.compile(r"^(?P<slug>.*?)(?P<sep>[-_.]?)(?P<marker>p|post|id|news)?$", re.I)


def _segment_shape(segment: str, last: bool) -> str:
    extension = ""
    if last and (match := _EXTENSION.search(segment)):
        extension = match.group(0)
        segment = segment[: match.start()]
    if segment.isdigit():
        return ("{id}" if last else "{n}") + extension
    tail = _ID_TAIL.search(segment)
    if tail:
        parts = _SLUG_ID.match(segment[: tail.start(1)])
        slug, sep, marker = parts["slug"], parts["sep"], parts["marker"] or ""
        head = "{slug}" if any(ch.isalpha() for ch in slug) else slug
        return f"{head}{sep}{marker}{{id}}{extension}"
    if segment.count("-") >= 2:
        return "{slug}" + extension
    return segment + extension


def url_shape(url: str) -> str:
    """`https://x.vn/tin-tuc/hoi-nghi-tinh-uy-1172.html` -> `/tin-tuc/{slug}-{id}.html`;
    `.../chi-tiet.aspx?ItemID=1234` -> `/chi-tiet.aspx?ItemID={id}`."""
    parts = urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    shaped = [_segment_shape(s, i == len(segments) - 1) for i, s in enumerate(segments)]
    shape = "/" + "/".join(shaped) + ("/" if parts.path.endswith("/") and segments else "")
    keys = []
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        keys.append(f"{key}={{id}}" if value.isdigit() else f"{key}={value}")
    return shape + ("?" + "&".join(keys) if keys else "")


def shape_regex(shape: str) -> str:
    """A template -> an anchored regular expression over the URL's path and query."""
    out = []
    for piece in re.split(r"(\{slug\}|\{id\}|\{n\})", shape):
        if piece == "{slug}":
            out.append(r"[^/?#]+?")
        elif piece == "{id}":
            out.append(r"\d+")
        elif piece == "{n}":
            out.append(r"\d+")
        else:
            out.append(re.escape(piece))
    return "".join(out) + "$"


@dataclass(frozen=True)
class LearnedShape:
    shapes: tuple[str, ...]  # the templates kept, most common first
    samples: int  # how many article URLs they were learned from
    covered: int  # how many of those the templates match

    @property
    def pattern(self) -> re.Pattern[str]:
        return re.compile("|".join(f"(?:{shape_regex(s)})" for s in self.shapes))

    def matches(self, url: str) -> bool:
        parts = urlsplit(url)
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        return bool(self.pattern.match(target))

    def describe(self) -> str:
        shapes = ", ".join(self.shapes)
        return f"{shapes} ({self.covered} of {self.samples} article URLs)"


def learn_shape(urls: Iterable[str], *, min_share: float = 0.05) -> LearnedShape | None:
    """The templates shared by the article URLs seen so far (each kept when at least
    `min_share` of them have it), or None with fewer than three URLs."""
    counts = Counter(url_shape(u) for u in urls)
    total = sum(counts.values())
    if total < 3:
        return None
    kept = [shape for shape, n in counts.most_common() if n >= max(2, min_share * total)]
    if not kept:
        return None
    covered = sum(counts[s] for s in kept)
    return LearnedShape(tuple(kept), total, covered)
