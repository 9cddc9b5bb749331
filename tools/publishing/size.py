"""The size limit of a publish target: the built site's size against `PUBLISH['size_limit']`,
checked before anything is uploaded (GitHub Pages: 1 GB by default), with what takes the room.

`size_limit` is "" (no limit) or a size such as "1GB", "750MB", "512MiB", "2000000" (bytes);
decimal units (kB, MB, GB: powers of 1000) and binary ones (KiB, MiB, GiB).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

_UNITS = {
    "": 1,
    "b": 1,
    "kb": 1000,
    "mb": 1000**2,
    "gb": 1000**3,
    "kib": 1024,
    "mib": 1024**2,
    "gib": 1024**3,
}
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$", re.IGNORECASE)

# What a top-level folder of the built site holds, for the refusal message.
KINDS = {
    "search": "search index",
    "images": "images",
    "ban-goc": "captures (WACZ packages, replay)",
    "theme": "theme (CSS, JS, fonts)",
    "feeds": "feeds",
    "pagefind": "Pagefind index",
}
YEAR = re.compile(r"^\d{4}$")


def parse_size(text: str) -> int | None:
    """Bytes of a size setting ("" or "0": no limit -> None); ValueError naming it when bad."""
    text = str(text).strip()
    if text in ("", "0"):
        return None
    match = _SIZE.match(text)
    unit = match.group(2).lower() if match else None
    if match is None or unit not in _UNITS:
        raise ValueError(
            f"size {text!r}: write a number with a unit, like '1GB', '750MB' or '512MiB'"
        )
    return int(float(match.group(1)) * _UNITS[unit])


def human(size: int) -> str:
    """1234567 -> '1.23 MB' (decimal units, as hosts state their limits)."""
    for unit, factor in (("GB", 1000**3), ("MB", 1000**2), ("kB", 1000)):
        if size >= factor:
            return f"{size / factor:.2f} {unit}"
    return f"{size} B"


def kind_of(path: str) -> str:
    """The part of the site a file belongs to (its top-level folder, named)."""
    top, _, rest = path.partition("/")
    if not rest:
        return "pages at the top (index, lists)"
    if YEAR.match(top):
        return "article pages (<year>/)"
    return KINDS.get(top, f"{top}/")


def contributors(sizes: Mapping[str, int]) -> list[tuple[str, int, int]]:
    """(kind, bytes, files) of the site's parts, biggest first."""
    totals: dict[str, list[int]] = {}
    for path, size in sizes.items():
        entry = totals.setdefault(kind_of(path), [0, 0])
        entry[0] += size
        entry[1] += 1
    return sorted(((k, b, n) for k, (b, n) in totals.items()), key=lambda t: (-t[1], t[0]))


def over_limit(sizes: Mapping[str, int], limit: int | None, target: str) -> str | None:
    """The refusal message when the files (path -> bytes) exceed `limit`, else None."""
    total = sum(sizes.values())
    if limit is None or total <= limit:
        return None
    parts = contributors(sizes)
    listed = "\n".join(
        f"  {kind}: {human(size)} in {files} file{'s' if files != 1 else ''} "
        f"({100 * size / total:.0f} %)"
        for kind, size, files in parts[:6]
    )
    return (
        f"the site is {human(total)} ({total} bytes, {len(sizes)} files), over the {target} "
        f"target's size limit of {human(limit)} (PUBLISH['size_limit']); the biggest parts:\n"
        f"{listed}\nMake it smaller (fewer portals or years in this archive, captures published "
        f"elsewhere: PUBLISH_CAPTURES = False) or publish to a target without this limit; raise "
        f"PUBLISH['size_limit'] only if your host allows more."
    )
