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
_SPACES = re.compile(r"[ ]{2,}")
_D_MAP = str.maketrans({"đ": "d", "Đ": "D"})


def normalize_text(text: str) -> str:
    """NFC, odd spaces to plain spaces, zero-width characters removed, runs collapsed, stripped.

    Newlines are kept (each line is normalised on its own).
    """
    text = unicodedata.normalize("NFC", text)
    text = _ZERO_WIDTH.sub("", text)
    text = _SPACE_LIKE.sub(" ", text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return "\n".join(lines).strip()


def collapse_whitespace(text: str) -> str:
    """Normalise like `normalize_text` and put everything on one line."""
    return " ".join(normalize_text(text).split())


def fold_vietnamese(text: str) -> str:
    """Remove tone and vowel marks and map đ/Đ to d/D; case is kept.

    "Đảng bộ đầu tư công" -> "Dang bo dau tu cong". Stable: folding twice equals folding once.
    """
    decomposed = unicodedata.normalize("NFD", text.translate(_D_MAP))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped)


def fold_key(text: str) -> str:
    """A matching key: folded, lower case, whitespace collapsed."""
    return " ".join(fold_vietnamese(text).casefold().split())
