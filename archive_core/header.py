"""Values of an article's metadata header (`Key: value` lines), as the crawler writes them and
editors write them by hand. Pure.
"""

from __future__ import annotations

from archive_core.text import collapse_whitespace


def header_value(text: str) -> str:
    """One line, NFC, with `&`, `<` and `>` escaped (Pelican's templates print it as HTML)."""
    text = collapse_whitespace(text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_LIST_SAFE = str.maketrans(
    {",": "\u201a", ";": "\uff1b", "<": "\u2039", ">": "\u203a", "&": "\uff06"}
)


def list_value(values: list[str]) -> str:
    """Comma-separated list for Tags/Authors.

    Pelican splits such a value on ";" when there is one, else on ","; so an item may contain
    neither, nor an HTML entity (which ends in ";"): `, ; < > &` become the look-alikes
    `‚ ； ‹ › ＆` (the text stays readable and cannot become HTML).
    """
    cleaned = [collapse_whitespace(v).translate(_LIST_SAFE) for v in values]
    return ", ".join(v for v in cleaned if v)
