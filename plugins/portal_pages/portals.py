"""The portal index: which articles each portal published, its period, categories, months, fate.

Pure functions over articles (anything with `.date`, `.metadata`, `.category`) and a Registry.
Nothing here knows Pelican; wiring.py passes the generator's articles in.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from plugins.vietnamese.formatting import vn_slugify

from .registry import KEY, Portal, Registry

NO_PROVINCE = "Cơ quan trung ương và khác"  # group of portals without a province


@dataclass(frozen=True)
class PortalInfo:
    """What an article (and the search index) knows of its portal: `article.portal_info`.

    Holds nothing that changes when another article is added, so an article page is not
    rendered again because its portal grew.
    """

    key: str
    name: str
    level: str | None  # a registry.LEVELS key, None when the portal is not in portals.toml
    level_name: str
    province: str | None  # today's province
    former_province: str | None
    url: str | None  # the portal's page, relative to the site root; None when it has none
    closed_on: dt.date | None
    closed: bool


@dataclass(frozen=True)
class Link:
    """A place a reader can go: a page of this site (`internal`) or an address elsewhere."""

    name: str
    url: str | None
    internal: bool


@dataclass(frozen=True)
class Listing:
    """A portal's category or month: its own page when it has one, else the site-wide one."""

    name: str
    slug: str
    url: str
    save_as: str | None  # None: no page of the portal's own (the link goes to the site-wide one)
    articles: tuple  # newest first
    year: int = 0
    month: int = 0

    @property
    def count(self) -> int:
        return len(self.articles)


@dataclass(frozen=True)
class YearListing:
    year: int
    count: int
    months: tuple[Listing, ...]  # oldest first


@dataclass(frozen=True)
class PortalEntry:
    portal: Portal
    info: PortalInfo
    url: str
    save_as: str
    articles: tuple  # newest first
    first_date: dt.date | None  # the period: given in portals.toml, else from the articles
    last_date: dt.date | None
    successors: tuple[Link, ...]  # direct successor first, the one that still exists last
    categories: tuple[Listing, ...]  # largest first
    years: tuple[YearListing, ...]  # newest first

    @property
    def key(self) -> str:
        return self.portal.key

    @property
    def count(self) -> int:
        return len(self.articles)

    @property
    def years_covered(self) -> str:
        if self.first_date is None or self.last_date is None:
            return ""
        first, last = self.first_date.year, self.last_date.year
        return str(first) if first == last else f"{first}–{last}"

    @property
    def closed(self) -> bool:
        return self.info.closed


@dataclass(frozen=True)
class ProvinceGroup:
    name: str
    anchor: str  # the id of its heading on the index page
    portals: tuple[PortalEntry, ...]


@dataclass(frozen=True)
class PortalIndex:
    portals: tuple[PortalEntry, ...]  # in the order of the groups
    groups: tuple[ProvinceGroup, ...]
    unknown: tuple[tuple[str, str, int], ...]  # (key, first file, article count) not recorded

    def get(self, key: str) -> PortalEntry | None:
        return next((entry for entry in self.portals if entry.key == key), None)


@dataclass(frozen=True)
class Urls:
    portal: str = "cong-thong-tin/{key}/"
    portal_save_as: str = "cong-thong-tin/{key}/index.html"
    category: str = "cong-thong-tin/{key}/chuyen-muc/{slug}/"
    category_save_as: str = "cong-thong-tin/{key}/chuyen-muc/{slug}/index.html"
    month: str = "cong-thong-tin/{key}/{year}/{month:02d}/"
    month_save_as: str = "cong-thong-tin/{key}/{year}/{month:02d}/index.html"


def portal_key(article: Any) -> str | None:
    """The article's `Portal:` value, or None for an article that came from no portal."""
    value = getattr(article, "metadata", {}).get("portal")
    value = str(value).strip() if value is not None else ""
    return value or None


def url_key(key: str) -> str:
    """The key as it goes into URLs: a key of portals.toml as it is (the registry checks it is
    URL-safe), any other `Portal:` value (an editor's "Tỉnh ủy X") slugified."""
    return key if KEY.match(key) else vn_slugify(key)


def derived_portal(key: str, articles: Sequence[Any], names: dict[str, str]) -> Portal:
    """A record for a portal missing from portals.toml: its name from PORTAL_NAMES, else the
    host of its articles' Source, else its key."""
    name = names.get(key)
    if not name:
        for article in articles:
            host = urlsplit(str(article.metadata.get("source") or "")).hostname
            if host:
                name = host
                break
    return Portal(key=key, name=name or key, recorded=False)


def _day(value: Any) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def resolve_successors(
    portal: Portal, registry: dict[str, Portal], page_url: Callable[[str], str | None]
) -> tuple[Link, ...]:
    """The chain of successors: the direct one first, then on until one that did not close
    (or an address). `page_url(key)` is the portal page of a key, None when it has none."""
    chain: list[Link] = []
    seen = {portal.key}
    current = portal
    while current.successor:
        target = current.successor
        successor = registry.get(target)
        if successor is None:  # an address (the registry checked it is one)
            chain.append(Link(urlsplit(target).hostname or target, target, internal=False))
            break
        if successor.key in seen:  # the registry refuses circles; derived records cannot loop
            break
        seen.add(successor.key)
        url = page_url(successor.key)
        if url is not None:
            chain.append(Link(successor.name, url, internal=True))
        else:
            chain.append(Link(successor.name, successor.address, internal=False))
        current = successor
    return tuple(chain)


def _category_slug(article: Any, slugify: Callable[[str], str]) -> str:
    category = article.category
    return getattr(category, "slug", None) or slugify(str(category))


def build_portal_index(
    articles: Iterable[Any],
    registry: Registry,
    *,
    names: dict[str, str] | None = None,
    urls: Urls | None = None,
    category_pages: str = "shared",
    list_empty: bool = False,
    slugify: Callable[[str], str] = lambda text: text,
) -> PortalIndex:
    """Group the articles by portal and describe each portal for its pages.

    `category_pages`: "shared" gives a portal a category page of its own for a category name
    another portal also uses (otherwise its link goes to the site-wide category page), "all"
    for every category, "none" never. Portals of portals.toml without articles are listed only
    with `list_empty`.
    """
    urls = urls or Urls()
    names = names or {}
    members: dict[str, list] = defaultdict(list)
    for article in articles:
        key = portal_key(article)
        if key is not None:
            members[key].append(article)
    for listed in members.values():
        listed.sort(key=lambda a: a.date, reverse=True)
    records: dict[str, Portal] = dict(registry.portals)
    unknown = []
    for key in sorted(members):
        if key not in records:
            records[key] = derived_portal(key, members[key], names)
            first_file = min(str(getattr(a, "source_path", "?")) for a in members[key])
            unknown.append((key, first_file, len(members[key])))
    shown = [key for key in records if members.get(key) or (list_empty and records[key].recorded)]
    has_page = set(shown)

    def page_url(key: str) -> str | None:
        return urls.portal.format(key=url_key(key)) if key in has_page else None

    categories_of: dict[str, dict[str, list]] = {}
    for key in shown:
        by_category: dict[str, list] = defaultdict(list)
        for article in members.get(key, ()):
            if getattr(article, "category", None) is not None:
                by_category[str(article.category)].append(article)
        categories_of[key] = by_category
    portals_per_category: dict[str, int] = defaultdict(int)
    for by_category in categories_of.values():
        for name in by_category:
            portals_per_category[name] += 1

    entries = []
    for key in shown:
        portal = records[key]
        listed = tuple(members.get(key, ()))
        info = PortalInfo(
            key=key,
            name=portal.name,
            level=portal.level,
            level_name=portal.level_name,
            province=portal.province,
            former_province=portal.former_province,
            url=page_url(key),
            closed_on=portal.closed_on,
            closed=portal.closed_on is not None or portal.successor is not None,
        )
        first = portal.published_from or (_day(listed[-1].date) if listed else None)
        last = portal.published_until or (_day(listed[0].date) if listed else None)
        categories = []
        for name, items in categories_of[key].items():
            slug = _category_slug(items[0], slugify)
            own = category_pages == "all" or (
                category_pages == "shared" and portals_per_category[name] > 1
            )
            if own:
                url = urls.category.format(key=url_key(key), slug=slug)
                save_as = urls.category_save_as.format(key=url_key(key), slug=slug)
            else:
                url, save_as = str(items[0].category.url), None
            categories.append(Listing(name, slug, url, save_as, tuple(items)))
        categories.sort(key=lambda c: (-c.count, c.name))
        entries.append(
            PortalEntry(
                portal=portal,
                info=info,
                url=urls.portal.format(key=url_key(key)),
                save_as=urls.portal_save_as.format(key=url_key(key)),
                articles=listed,
                first_date=first,
                last_date=last,
                successors=resolve_successors(portal, records, page_url),
                categories=tuple(categories),
                years=_years(key, listed, urls),
            )
        )
    groups = group_by_province(entries)
    ordered = tuple(entry for group in groups for entry in group.portals)
    return PortalIndex(ordered, groups, tuple(unknown))


def _years(key: str, articles: Sequence[Any], urls: Urls) -> tuple[YearListing, ...]:
    by_month: dict[tuple[int, int], list] = defaultdict(list)
    for article in articles:  # newest first, so each month's list is too
        by_month[(article.date.year, article.date.month)].append(article)
    years: dict[int, list[Listing]] = defaultdict(list)
    for year, month in sorted(by_month):
        fields = {"key": url_key(key), "year": year, "month": month}
        years[year].append(
            Listing(
                name=f"Tháng {month}/{year}",
                slug=f"{year}-{month:02d}",
                url=urls.month.format(**fields),
                save_as=urls.month_save_as.format(**fields),
                articles=tuple(by_month[(year, month)]),
                year=year,
                month=month,
            )
        )
    return tuple(
        YearListing(year, sum(m.count for m in months), tuple(months))
        for year, months in sorted(years.items(), reverse=True)
    )


def group_by_province(entries: Iterable[PortalEntry]) -> tuple[ProvinceGroup, ...]:
    """Portals grouped by today's province (provinces in Vietnamese alphabetical order, the
    group without a province last); within a group, open portals first, then by level, name."""
    from .registry import LEVELS

    level_order = {level: n for n, level in enumerate(LEVELS)}
    groups: dict[str, list[PortalEntry]] = defaultdict(list)
    for entry in entries:
        groups[entry.portal.province or NO_PROVINCE].append(entry)

    def province_order(name: str) -> tuple:
        return (name == NO_PROVINCE, vietnamese_key(name))

    return tuple(
        ProvinceGroup(
            name,
            f"tinh-{number}",
            tuple(
                sorted(
                    groups[name],
                    key=lambda e: (
                        e.closed,
                        level_order.get(e.portal.level or "", len(level_order)),
                        vietnamese_key(e.portal.name),
                        e.key,
                    ),
                )
            ),
        )
        for number, name in enumerate(sorted(groups, key=province_order), start=1)
    )


_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_BASE = {
    **{c: c for c in _ALPHABET},
    **dict.fromkeys("àáảãạ", "a"),
    **dict.fromkeys("ằắẳẵặ", "ă"),
    **dict.fromkeys("ầấẩẫậ", "â"),
    **dict.fromkeys("èéẻẽẹ", "e"),
    **dict.fromkeys("ềếểễệ", "ê"),
    **dict.fromkeys("ìíỉĩị", "i"),
    **dict.fromkeys("òóỏõọ", "o"),
    **dict.fromkeys("ồốổỗộ", "ô"),
    **dict.fromkeys("ờớởỡợ", "ơ"),
    **dict.fromkeys("ùúủũụ", "u"),
    **dict.fromkeys("ừứửữự", "ư"),
    **dict.fromkeys("ỳýỷỹỵ", "y"),
}


def vietnamese_key(text: str) -> tuple:
    """Sort key in Vietnamese alphabetical order (ă after a, đ after d, ...), tones ignored
    first; the text itself breaks ties so the order is total."""
    import unicodedata

    folded = unicodedata.normalize("NFC", text).lower()
    letters = tuple(_ALPHABET.index(_BASE[c]) if c in _BASE else 100 + ord(c) for c in folded)
    return (letters, folded)


def dated_after_closing(entry: PortalEntry) -> int:
    """How many of the portal's articles are dated after the day it closed."""
    closed = entry.portal.closed_on
    if closed is None:
        return 0
    return sum(1 for article in entry.articles if _day(article.date) > closed)
