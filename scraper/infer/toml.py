"""A draft profile as TOML text, in the order and style of the bundled profiles. Pure.

Only what a profile holds is written: strings, lists of strings, tables and one array of
tables (`[[other_news]]`). The same draft always gives the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

_TOP = ("name", "start_urls", "allowed_domains", "article_url_pattern", "date_formats", "drop")
_LISTING = ("item", "item_title", "item_date", "next", "next_template", "more_next_key")
_FIELDS = (
    "title", "date", "modified", "byline", "lead", "body", "figure", "captions", "category",
    "tags",
)  # fmt: skip
_BLOCK = ("block", "item", "title", "date", "url")


def string(value: str) -> str:
    """A TOML string: a literal '...' when that needs no escape (regular expressions stay
    readable), else a basic "..." string."""
    if "'" not in value and "\n" not in value and value.isprintable():
        if "\\" in value or '"' in value:
            return f"'{value}'"
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")


def _value(value: Any) -> str:
    if isinstance(value, str):
        return string(value)
    if isinstance(value, (list, tuple)):
        inline = "[" + ", ".join(_value(v) for v in value) + "]"
        if len(inline) <= 90:
            return inline
        return "[\n" + "".join(f"  {_value(v)},\n" for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    raise TypeError(f"cannot write {type(value).__name__} to a profile")


def _lines(table: Mapping[str, Any], order: tuple[str, ...]) -> list[str]:
    keys = [k for k in order if k in table] + sorted(k for k in table if k not in order)
    return [f"{key} = {_value(table[key])}" for key in keys]


def render_profile(data: Mapping[str, Any], comments: list[str] | None = None) -> str:
    """The TOML text of a profile table (as `scraper.profiles.profile_from_dict` reads it)."""
    out = [f"# {line}".rstrip() for line in comments or []]
    out += _lines({k: v for k, v in data.items() if k in _TOP}, _TOP)
    if data.get("listing"):
        out += ["", "[listing]", *_lines(data["listing"], _LISTING)]
    if data.get("fields"):
        out += ["", "[fields]", *_lines(data["fields"], _FIELDS)]
    for block in data.get("other_news", []):
        out += ["", "[[other_news]]", *_lines(block, _BLOCK)]
    return "\n".join(out) + "\n"
