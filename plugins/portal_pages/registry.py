"""portals.toml: the portals of the archive as data, validated on load.

One table per portal, keyed by the `Portal:` value its articles carry (the crawler writes the
profile name there):

    [portals.longan]
    name = "Cổng thông tin điện tử Tỉnh ủy Long An"
    level = "tinh-uy"                 # tinh-uy, ubnd-tinh, so-nganh, huyen, xa, trung-uong
    province = "Tây Ninh"             # today's province (after the 2025 merger)
    former_province = "Long An"       # the province it belonged to before, when it changed
    address = "https://longan.dcs.vn/"
    published_from = 2015-01-01       # optional: otherwise the first article's date
    published_until = 2025-06-30      # optional: otherwise the last article's date
    closed_on = 2025-07-01            # optional: the day it stopped
    merged_into = "tayninh"           # or replaced_by; another key of this file, or an address

Every mistake raises `PortalsError` naming the file and the field, e.g.
`portals.toml: portals.hue-city.level: 'quận' is not one of tinh-uy, ubnd-tinh, ...`.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# level key -> what a reader sees
LEVELS: dict[str, str] = {
    "tinh-uy": "Tỉnh ủy",
    "ubnd-tinh": "UBND tỉnh",
    "so-nganh": "Sở, ngành",
    "huyen": "Huyện",
    "xa": "Xã",
    "trung-uong": "Trung ương",
}
KEY = re.compile(r"^[a-z0-9][a-z0-9_-]*$")  # the crawler's profile names (scraper/profiles.py)
URL = re.compile(r"^https?://[^\s/?#]+[^\s]*$")
FIELDS = (
    "name",
    "level",
    "province",
    "former_province",
    "address",
    "published_from",
    "published_until",
    "closed_on",
    "merged_into",
    "replaced_by",
)
FATES = ("merged_into", "replaced_by")


class PortalsError(ValueError):
    """portals.toml is unreadable or holds a bad value; the message names the file and field."""

    def __init__(self, source: str, field: str, message: str) -> None:
        self.source = source
        self.field = field
        super().__init__(f"{source}: {field}: {message}" if field else f"{source}: {message}")


@dataclass(frozen=True)
class Portal:
    """One portal as the editor recorded it (or as derived from an article when unrecorded)."""

    key: str
    name: str
    level: str | None = None  # a LEVELS key; None for a portal missing from portals.toml
    province: str | None = None
    former_province: str | None = None
    address: str | None = None
    published_from: dt.date | None = None
    published_until: dt.date | None = None
    closed_on: dt.date | None = None
    merged_into: str | None = None  # a portal key or an address
    replaced_by: str | None = None
    recorded: bool = True  # False: not in portals.toml, derived from its articles

    @property
    def successor(self) -> str | None:
        return self.merged_into or self.replaced_by

    @property
    def level_name(self) -> str:
        return LEVELS.get(self.level or "", "Chưa rõ cấp")


@dataclass(frozen=True)
class Registry:
    source: str  # the file's name as given, for messages
    portals: dict[str, Portal]

    def get(self, key: str) -> Portal | None:
        return self.portals.get(key)


def load_registry(path: str | Path) -> Registry:
    """Read and validate a portals.toml. A missing file is an empty registry."""
    path = Path(path)
    source = path.name
    if not path.exists():
        return Registry(source, {})
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise PortalsError(source, "", f"cannot be read ({error})") from None
    except tomllib.TOMLDecodeError as error:
        raise PortalsError(source, "", f"is not valid TOML: {error}") from None
    return parse_registry(data, source)


def parse_registry(data: dict[str, Any], source: str = "portals.toml") -> Registry:
    """Validate the parsed TOML `data`; `source` names the file in messages."""
    unknown = sorted(set(data) - {"portals"})
    if unknown:
        raise PortalsError(source, unknown[0], "unknown table; the file holds only [portals.KEY]")
    tables = data.get("portals", {})
    if not isinstance(tables, dict):
        raise PortalsError(source, "portals", "must be tables: [portals.KEY]")
    portals: dict[str, Portal] = {}
    for key, table in tables.items():
        where = f"portals.{key}"
        if not KEY.match(key):
            raise PortalsError(
                source, where, "the key must be lower-case letters, digits, '-' or '_' (the"
                " Portal: value of its articles, the crawler's profile name)"
            )  # fmt: skip
        if not isinstance(table, dict):
            raise PortalsError(source, where, "must be a table ([portals.KEY])")
        portals[key] = _portal(key, table, source, where)
    for portal in portals.values():
        _check_fate(portal, portals, source)
    return Registry(source, portals)


def _portal(key: str, table: dict[str, Any], source: str, where: str) -> Portal:
    for field in table:
        if field not in FIELDS:
            raise PortalsError(
                source, f"{where}.{field}", f"unknown field; known: {', '.join(FIELDS)}"
            )

    def text(field: str, *, required: bool = False) -> str | None:
        value = table.get(field)
        if value is None:
            if required:
                raise PortalsError(source, f"{where}.{field}", "is required")
            return None
        if not isinstance(value, str) or not value.strip():
            raise PortalsError(source, f"{where}.{field}", f"{value!r} must be non-empty text")
        return value.strip()

    def date(field: str) -> dt.date | None:
        value = table.get(field)
        if value is None:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        raise PortalsError(
            source, f"{where}.{field}", f"{value!r} is not a date; write it as 2025-07-01"
        )

    level = text("level", required=True)
    if level not in LEVELS:
        raise PortalsError(source, f"{where}.level", f"{level!r} is not one of {', '.join(LEVELS)}")
    address = text("address")
    if address is not None and not URL.match(address):
        raise PortalsError(source, f"{where}.address", f"{address!r} is not an http(s) address")
    portal = Portal(
        key=key,
        name=text("name", required=True),
        level=level,
        province=text("province"),
        former_province=text("former_province"),
        address=address,
        published_from=date("published_from"),
        published_until=date("published_until"),
        closed_on=date("closed_on"),
        merged_into=text("merged_into"),
        replaced_by=text("replaced_by"),
    )
    if portal.province is None and level != "trung-uong":
        raise PortalsError(
            source, f"{where}.province", "is required (today's province) unless level is trung-uong"
        )
    if portal.merged_into and portal.replaced_by:
        raise PortalsError(
            source, f"{where}.replaced_by", "give merged_into or replaced_by, not both"
        )
    first, last = portal.published_from, portal.published_until
    if first and last and first > last:
        raise PortalsError(
            source, f"{where}.published_until", f"{last} is before published_from ({first})"
        )
    if first and portal.closed_on and portal.closed_on < first:
        raise PortalsError(
            source, f"{where}.closed_on", f"{portal.closed_on} is before published_from ({first})"
        )
    return portal


def _check_fate(portal: Portal, portals: dict[str, Portal], source: str) -> None:
    """A successor is another key of the file or an address; following them ends somewhere."""
    for field in FATES:
        value = getattr(portal, field)
        if value is None:
            continue
        where = f"portals.{portal.key}.{field}"
        if value == portal.key:
            raise PortalsError(source, where, "a portal cannot succeed itself")
        if value not in portals and not URL.match(value):
            raise PortalsError(
                source, where, f"{value!r} is neither a portal key of this file nor an http(s)"
                " address"
            )  # fmt: skip
    seen = [portal.key]
    current = portal
    while current.successor in portals:
        current = portals[current.successor]
        if current.key in seen:
            chain = " → ".join([*seen, current.key])
            raise PortalsError(
                source, f"portals.{portal.key}", f"successors go round in a circle: {chain}"
            )
        seen.append(current.key)
