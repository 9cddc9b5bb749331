"""Portal profiles: one TOML file per portal in `scraper/profiles/<name>.toml`, validated on load.

A profile is data, not code: start URLs, listing and pagination selectors, the article URL pattern,
field selectors, other-news blocks, boilerplate to drop, date formats, charset and politeness.

Selectors are CSS, evaluated with lxml + cssselect (checked on load with cssselect and soupsieve).
A selector may end in `::attr(name)` to take an attribute instead of the text, e.g.
`meta[property="article:published_time"]::attr(content)`; `::attr(x)` alone means the attribute
of the element itself. Every selector field takes a string or a list of strings; a list is tried
in order and the first selector that yields a non-empty value wins, except `drop` and
`listing.item`, where every selector is used.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import soupsieve
from cssselect import HTMLTranslator

PROFILES_DIR = Path(__file__).resolve().parent / "profiles"  # bundled with the scraper
# Operators' own profiles: the project's profiles/ folder, searched first, so that nobody edits
# the package to add a portal (ARCHIVE_PROFILES names another folder).
OPERATOR_PROFILES_DIR = Path(__file__).resolve().parents[1] / "profiles"

_ATTR_SUFFIX = re.compile(r"::attr\(([A-Za-z_:][-A-Za-z0-9_:.]*)\)\s*$")
_TRANSLATOR = HTMLTranslator()
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


class ProfileError(ValueError):
    """A profile file is missing, unreadable or invalid. The message names the file and field."""

    def __init__(self, path: Path | str, field_name: str, message: str) -> None:
        self.path = str(path)
        self.field = field_name
        self.reason = message
        where = f"{self.path}: field '{field_name}'" if field_name else self.path
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class Selector:
    """A CSS selector, optionally taking an attribute (`css::attr(name)`)."""

    css: str
    attr: str | None = None

    @classmethod
    def parse(cls, text: str) -> Selector:
        match = _ATTR_SUFFIX.search(text)
        if match:
            return cls(text[: match.start()].strip(), match.group(1))
        return cls(text.strip(), None)

    def __str__(self) -> str:
        return f"{self.css}::attr({self.attr})" if self.attr else self.css


Selectors = tuple[Selector, ...]


@dataclass(frozen=True)
class Listing:
    """Listing (category) pages: where the article links are and how to reach the next page."""

    item: Selectors = ()  # elements that are (or contain) the article <a href>
    next: Selectors = ()  # the "next page" link(s)
    item_title: Selectors = ()  # within an item; default: the link text
    item_date: Selectors = ()  # within an item, e.g. "span.time" ("dd/mm/yyyy hh:mm")
    # "Xem thêm" pages: a URL template, {page} counting from 2 (".../timelinelist/1027/{page}.htm")
    next_template: str = ""
    # the key of a JSON load-more answer that holds the next page's URL (default: "next", ...)
    more_next_key: str = ""


@dataclass(frozen=True)
class Discovery:
    """Where else a crawl finds article URLs besides the listing pages."""

    sitemaps: bool = True  # robots.txt's Sitemap: lines, else /sitemap.xml
    sitemap_urls: tuple[str, ...] = ()
    feeds: bool = True  # the feeds the first listing page declares
    feed_urls: tuple[str, ...] = ()


@dataclass(frozen=True)
class Fields:
    """Selectors of the article's parts (all relative to the whole page)."""

    title: Selectors = ()
    date: Selectors = ()
    modified: Selectors = ()
    byline: Selectors = ()
    lead: Selectors = ()
    body: Selectors = ()
    figure: Selectors = ()  # figure containers inside the body (image + caption)
    captions: Selectors = ()  # caption element inside a figure
    category: Selectors = ()  # breadcrumb items; the last non-empty one is the category
    tags: Selectors = ()


@dataclass(frozen=True)
class OtherNewsBlock:
    """One "other news" / related block: the block, its items and the parts of an item."""

    block: Selectors
    item: Selectors
    title: Selectors = ()  # default: the item's link text
    date: Selectors = ()  # e.g. "::attr(data-date)" on the item itself: use css "" for the item
    url: Selectors = ()  # default: first a[href] in the item


@dataclass(frozen=True)
class Politeness:
    """Crawl politeness overrides (the crawler never goes faster than 1 request/s per host)."""

    download_delay: float = 1.0
    concurrent_requests_per_domain: int = 1
    autothrottle: bool = True
    autothrottle_max_delay: float = 30.0
    retry_times: int = 3
    download_timeout: float = 30.0
    max_response_size: int = 10 * 1024 * 1024
    max_pages: int = 0  # 0 = no limit


@dataclass(frozen=True)
class Profile:
    name: str
    start_urls: tuple[str, ...]
    allowed_domains: tuple[str, ...]
    article_url_pattern: re.Pattern[str]
    listing: Listing = field(default_factory=Listing)
    fields: Fields = field(default_factory=Fields)
    other_news: tuple[OtherNewsBlock, ...] = ()
    drop: Selectors = ()
    date_formats: tuple[str, ...] = ()  # strptime formats tried before the built-in rules
    charset: str | None = None  # override the declared charset (None = detect)
    politeness: Politeness = field(default_factory=Politeness)
    discovery: Discovery = field(default_factory=Discovery)
    path: Path | None = None
    # No field selectors: the generic extractor reads every page (a crawl by address, an
    # import of others' captures); `article_url_pattern` is then learned during the crawl.
    generic: bool = False

    def is_article_url(self, url: str) -> bool:
        return bool(self.article_url_pattern.search(url))


# ---------------------------------------------------------------------------------------------
# Validation helpers


def _selectors(value: Any, path: Path, name: str) -> Selectors:
    if value is None:
        return ()
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(v, str) for v in items):
        raise ProfileError(path, name, "must be a CSS selector string or a list of them")
    out = []
    for text in items:
        sel = Selector.parse(text)
        if sel.css:
            try:
                # Evaluated with lxml + cssselect (extraction) and soupsieve (BeautifulSoup).
                _TRANSLATOR.css_to_xpath(sel.css)
                soupsieve.compile(sel.css)
            except Exception as exc:  # SelectorSyntaxError, ExpressionError, ...
                raise ProfileError(path, name, f"invalid CSS selector {text!r}: {exc}") from None
        elif not sel.attr:
            raise ProfileError(path, name, "empty selector")
        out.append(sel)
    return tuple(out)


def _strings(value: Any, path: Path, name: str, *, required: bool = False) -> tuple[str, ...]:
    if value is None:
        value = []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ProfileError(path, name, "must be a list of non-empty strings")
    if required and not value:
        raise ProfileError(path, name, "is required and must not be empty")
    return tuple(v.strip() for v in value)


def _table(data: Mapping[str, Any], key: str, path: Path, prefix: str = "") -> dict[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise ProfileError(path, prefix + key, "must be a table")
    return value


def _no_unknown(data: Mapping[str, Any], allowed: set[str], path: Path, prefix: str) -> None:
    for key in data:
        if key not in allowed:
            known = ", ".join(sorted(allowed))
            raise ProfileError(path, prefix + key, f"unknown key (known keys: {known})")


def _dataclass_keys(cls: type) -> set[str]:
    return {f.name for f in fields(cls)}


def _politeness(data: dict[str, Any], path: Path) -> Politeness:
    _no_unknown(data, _dataclass_keys(Politeness), path, "politeness.")
    defaults = Politeness()
    values: dict[str, Any] = {}
    for f in fields(Politeness):
        if f.name not in data:
            continue
        value = data[f.name]
        want = type(getattr(defaults, f.name))
        name = f"politeness.{f.name}"
        if want is bool:
            if not isinstance(value, bool):
                raise ProfileError(path, name, "must be true or false")
        elif want is float:
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise ProfileError(path, name, "must be a number")
            value = float(value)
        elif isinstance(value, bool) or not isinstance(value, int):
            raise ProfileError(path, name, "must be an integer")
        values[f.name] = value
    pol = Politeness(**values)
    if pol.download_delay < 1.0:
        raise ProfileError(
            path, "politeness.download_delay", "must be at least 1 (second): at most 1 request/s"
        )
    if pol.concurrent_requests_per_domain < 1:
        raise ProfileError(path, "politeness.concurrent_requests_per_domain", "must be >= 1")
    if pol.autothrottle_max_delay < pol.download_delay:
        raise ProfileError(path, "politeness.autothrottle_max_delay", "must be >= download_delay")
    for name in ("retry_times", "max_pages"):
        if getattr(pol, name) < 0:
            raise ProfileError(path, f"politeness.{name}", "must be >= 0")
    if pol.download_timeout <= 0:
        raise ProfileError(path, "politeness.download_timeout", "must be > 0")
    if pol.max_response_size <= 0:
        raise ProfileError(path, "politeness.max_response_size", "must be > 0")
    return pol


def _discovery(data: dict[str, Any], path: Path) -> Discovery:
    _no_unknown(data, _dataclass_keys(Discovery), path, "discovery.")
    for key in ("sitemaps", "feeds"):
        if key in data and not isinstance(data[key], bool):
            raise ProfileError(path, f"discovery.{key}", "must be true or false")
    urls = {}
    for key in ("sitemap_urls", "feed_urls"):
        urls[key] = _strings(data.get(key), path, f"discovery.{key}")
        for url in urls[key]:
            if not re.match(r"^https?://", url):
                raise ProfileError(path, f"discovery.{key}", f"{url!r} is not an http(s) URL")
    return Discovery(sitemaps=data.get("sitemaps", True), feeds=data.get("feeds", True), **urls)


_TOP_KEYS = {
    "name",
    "start_urls",
    "allowed_domains",
    "article_url_pattern",
    "listing",
    "fields",
    "other_news",
    "drop",
    "date_formats",
    "charset",
    "politeness",
    "discovery",
}


def profile_from_dict(data: Mapping[str, Any], path: Path | str = "<profile>") -> Profile:
    """Validate a parsed profile table and build a Profile. Raises ProfileError."""
    path = Path(path)
    _no_unknown(data, _TOP_KEYS, path, "")
    name = data.get("name")
    if not isinstance(name, str) or not _NAME.match(name):
        raise ProfileError(path, "name", "is required: lower-case letters, digits, '-' or '_'")
    start_urls = _strings(data.get("start_urls"), path, "start_urls", required=True)
    for url in start_urls:
        if not re.match(r"^https?://", url):
            raise ProfileError(path, "start_urls", f"{url!r} is not an http(s) URL")
    allowed = _strings(data.get("allowed_domains"), path, "allowed_domains", required=True)
    pattern_text = data.get("article_url_pattern")
    if not isinstance(pattern_text, str) or not pattern_text:
        raise ProfileError(path, "article_url_pattern", "is required (a regular expression)")
    try:
        pattern = re.compile(pattern_text)
    except re.error as exc:
        raise ProfileError(
            path, "article_url_pattern", f"invalid regular expression: {exc}"
        ) from None

    listing_data = dict(_table(data, "listing", path))
    _no_unknown(listing_data, _dataclass_keys(Listing), path, "listing.")
    plain = {
        k: listing_data.pop(k) for k in ("next_template", "more_next_key") if k in listing_data
    }
    for key, value in plain.items():
        if not isinstance(value, str):
            raise ProfileError(path, f"listing.{key}", "must be a string")
    template = plain.get("next_template", "")
    if template and "{page}" not in template:
        raise ProfileError(
            path, "listing.next_template", "must contain {page} (the page number, from 2)"
        )
    listing = Listing(
        **{k: _selectors(v, path, f"listing.{k}") for k, v in listing_data.items()}, **plain
    )

    fields_data = _table(data, "fields", path)
    _no_unknown(fields_data, _dataclass_keys(Fields), path, "fields.")
    field_values = {k: _selectors(v, path, f"fields.{k}") for k, v in fields_data.items()}
    for required in ("title", "date", "body"):
        if not field_values.get(required):
            raise ProfileError(path, f"fields.{required}", "is required")
    flds = Fields(**field_values)

    blocks_data = data.get("other_news", [])
    if not isinstance(blocks_data, list):
        raise ProfileError(path, "other_news", "must be an array of tables ([[other_news]])")
    blocks = []
    for i, block in enumerate(blocks_data):
        prefix = f"other_news[{i}]."
        if not isinstance(block, dict):
            raise ProfileError(path, f"other_news[{i}]", "must be a table")
        _no_unknown(block, _dataclass_keys(OtherNewsBlock), path, prefix)
        for required in ("block", "item"):
            if not block.get(required):
                raise ProfileError(path, prefix + required, "is required")
        blocks.append(
            OtherNewsBlock(**{k: _selectors(v, path, prefix + k) for k, v in block.items()})
        )

    date_formats = _strings(data.get("date_formats"), path, "date_formats")
    for fmt in date_formats:
        if "%" not in fmt:
            raise ProfileError(path, "date_formats", f"{fmt!r} is not a strptime format")
    charset = data.get("charset")
    if charset is not None:
        import codecs

        if not isinstance(charset, str):
            raise ProfileError(path, "charset", "must be a string such as 'utf-8'")
        try:
            codecs.lookup(charset)
        except LookupError:
            raise ProfileError(path, "charset", f"unknown encoding {charset!r}") from None

    return Profile(
        discovery=_discovery(_table(data, "discovery", path), path),
        name=name,
        start_urls=start_urls,
        allowed_domains=allowed,
        article_url_pattern=pattern,
        listing=listing,
        fields=flds,
        other_news=tuple(blocks),
        drop=_selectors(data.get("drop"), path, "drop"),
        date_formats=date_formats,
        charset=charset or None,
        politeness=_politeness(_table(data, "politeness", path), path),
        path=path,
    )


def profile_dirs() -> list[Path]:
    """Where profiles are looked up by name, in order: the operators' folder, then the bundled."""
    operators = os.environ.get("ARCHIVE_PROFILES")
    return [Path(operators) if operators else OPERATOR_PROFILES_DIR, PROFILES_DIR]


def profile_path(name_or_path: str | Path) -> Path:
    """`demo` -> profiles/demo.toml if an operator wrote one, else scraper/profiles/demo.toml;
    a path (has a separator or .toml) is used as is."""
    text = str(name_or_path)
    if text.endswith(".toml") or "/" in text or "\\" in text:
        return Path(text)
    for folder in profile_dirs():
        candidate = folder / f"{text}.toml"
        if candidate.is_file():
            return candidate
    return PROFILES_DIR / f"{text}.toml"


def load_profile(name_or_path: str | Path) -> Profile:
    """Read and validate a profile by name or path. Raises ProfileError naming file and field."""
    path = profile_path(name_or_path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        known = ", ".join(available_profiles()) or "none"
        raise ProfileError(
            path, "", f"no such profile file (profiles available: {known})"
        ) from None
    except OSError as exc:
        raise ProfileError(path, "", f"cannot read: {exc.strerror}") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ProfileError(path, "", "is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(path, "", f"invalid TOML: {exc}") from None
    return profile_from_dict(data, path)


def available_profiles() -> list[str]:
    return sorted({p.stem for folder in profile_dirs() for p in folder.glob("*.toml")})


_ANY_URL = re.compile(r"")


def generic_profile(address: str, name: str | None = None) -> Profile:
    """The profile of a portal known only by its address: its host as the name and the only
    allowed domain, the address as the start, the generic extractor for every page."""
    from urllib.parse import urlsplit

    parts = urlsplit(address)
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("http", "https") or not host:
        raise ProfileError(address, "", "not an http(s) address such as https://portal.example.vn/")
    portal = name or portal_name(host)
    if not _NAME.match(portal):
        raise ProfileError(
            address, "name", f"{portal!r}: lower-case letters, digits, '-' or '_' only"
        )
    return Profile(
        name=portal,
        start_urls=(address,),
        allowed_domains=(host.removeprefix("www."),),
        article_url_pattern=_ANY_URL,
        generic=True,
    )


def portal_name(host: str) -> str:
    """`www.longan.dcs.vn` -> `longan-dcs-vn` (the folder and `Portal:` of an address crawl)."""
    host = host.lower().removeprefix("www.").strip(".")
    return re.sub(r"[^a-z0-9]+", "-", host).strip("-") or "portal"
