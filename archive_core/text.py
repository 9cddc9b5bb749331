"""Vietnamese text rules: Unicode NFC, whitespace, and folding for search and matching.

Display always keeps the original text; `fold_vietnamese` is for keys and search only.
"""

from __future__ import annotations

import re
import unicodedata

# Characters that look like spaces on portals: no-break, narrow no-break, figure, thin,
# ideographic, zero-width ones (removed), and the BOM.
_SPACE_LIKE = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000\t\r\f\v]")
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
# Control characters pasted from word processors (ESC, NUL, DEL, C1 controls, non-characters):
# never text, and not allowed in XML/HTML trees. Tabs, newlines and form feeds are spaces above.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_SPACES = re.compile(r"[ ]{2,}")
_D_MAP = str.maketrans({"đ": "d", "Đ": "D"})


def normalize_text(text: str) -> str:
    """NFC, odd spaces to plain spaces, zero-width and control characters removed, runs
    collapsed, stripped.

    Newlines are kept (each line is normalised on its own).
    """
    text = unicodedata.normalize("NFC", text)
    text = _ZERO_WIDTH.sub("", text)
    text = _SPACE_LIKE.sub(" ", text)
    text = _CONTROL.sub("", text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return "\n".join(lines).strip()


def collapse_whitespace(text: str) -> str:
    """Normalise like `normalize_text` and put everything on one line."""
    return " ".join(normalize_text(text).split())


def _fold_slow(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.translate(_D_MAP))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped)


def _build_fold_table() -> dict[int, str | None]:
    table: dict[int, str | None] = {}
    for start, end in ((0x00C0, 0x0250), (0x0300, 0x0370), (0x1E00, 0x1F00)):
        for cp in range(start, end):
            ch = chr(cp)
            if unicodedata.combining(ch):
                table[cp] = None
                continue
            folded = _fold_slow(ch)
            if folded != ch:
                table[cp] = folded
    return table


_FOLD_TABLE = _build_fold_table()
# Characters the table does not settle (other scripts, other combining marks): slow path.
_FOLD_SLOW = re.compile(r"[^\x00-\u036f\u1e00-\u1eff\u2000-\u206f\u20a0-\u20cf]")


def fold_vietnamese(text: str) -> str:
    """Remove tone and vowel marks and map đ/Đ to d/D; case is kept.

    "Đảng bộ đầu tư công" -> "Dang bo dau tu cong". Stable: folding twice equals folding once.
    A translation table handles Latin letters and combining marks in one pass; anything else
    goes through NFD, mark removal and NFC.
    """
    folded = text.translate(_FOLD_TABLE)
    if folded.isascii() or not _FOLD_SLOW.search(folded):
        return folded
    return _fold_slow(folded)


def fold_key(text: str) -> str:
    """A matching key: folded, lower case, whitespace collapsed."""
    return " ".join(fold_vietnamese(text).casefold().split())
