"""Read a Pelican Markdown metadata header the way Python-Markdown's `meta` extension does.

Cheap and pure: no Pelican, no Markdown rendering. Used by `tools.check_content` to point at the
exact line of every key and value.

The rules copied from `markdown.extensions.meta` (the reader Pelican uses):
- an optional first line `---`;
- `Key: value` lines (key: letters, digits, `_`, `-`; up to 3 leading spaces), keys lower-cased;
- continuation lines indented by 4 or more spaces add one more value to the previous key;
- the header ends at the first blank line, a `---`/`...` line, or any other line (which then
  belongs to the body).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_BEGIN = re.compile(r"^-{3}(\s.*)?$")
_END = re.compile(r"^(-{3}|\.{3})(\s.*)?$")
_META = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)$")
_MORE = re.compile(r"^[ ]{4,}(?P<value>.*)$")


@dataclass
class Field:
    """One `Key: value` entry: its key as written, the line it starts on, and every value line."""

    key: str  # as written in the file (e.g. "Other_news")
    line: int  # 1-based line of the key
    values: list[tuple[int, str]] = field(default_factory=list)  # (line, stripped text)

    @property
    def value(self) -> str:
        """The value as Pelican sees a single-line key: the first line's text."""
        return self.values[0][1] if self.values else ""

    @property
    def text(self) -> str:
        """All value lines joined with newlines (empty lines dropped)."""
        return "\n".join(text for _, text in self.values if text)


@dataclass
class Header:
    fields: dict[str, list[Field]]  # lower-cased key -> every occurrence, in file order
    body_start: int  # 1-based line where the body starts (len(lines) + 1 when there is none)

    def first(self, key: str) -> Field | None:
        found = self.fields.get(key.lower())
        return found[0] if found else None


def parse_header(lines: list[str]) -> Header:
    """Parse the metadata header of a Markdown file given as lines without line endings."""
    fields: dict[str, list[Field]] = {}
    index = 0
    if lines and _BEGIN.match(lines[0]):
        index = 1
    current: Field | None = None
    while index < len(lines):
        line = lines[index]
        number = index + 1
        if not line.strip():
            index += 1  # the blank line that ends the header
            break
        if _END.match(line):
            index += 1
            break
        meta = _META.match(line)
        if meta:
            current = Field(meta.group("key").strip(), number)
            current.values.append((number, meta.group("value").strip()))
            fields.setdefault(current.key.lower(), []).append(current)
            index += 1
            continue
        more = _MORE.match(line)
        if more and current is not None:
            current.values.append((number, more.group("value").strip()))
            index += 1
            continue
        break  # any other line starts the body
    return Header(fields=fields, body_start=index + 1)
