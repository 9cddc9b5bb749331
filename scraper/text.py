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


# ---------------------------------------------------------------------------------------------
# Decoding pages whose HTTP header, <meta charset> and bytes may disagree.

_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.IGNORECASE
)
# Letters only Vietnamese uses (after NFC): a high share of them means the decoding is right.
_VI_LETTERS = re.compile(
    "[ăâđêôơưĂÂĐÊÔƠƯàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
    "ÀÁẢÃẠẰẮẲẴẶẦẤẨẪẬÈÉẺẼẸỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌỒỐỔỖỘỜỚỞỠỢÙÚỦŨỤỪỨỬỮỰỲÝỶỸỴ]"
)
# Typical mojibake of UTF-8 Vietnamese read as a single-byte code page.
_MOJIBAKE = re.compile("Ã[\u0080-\u00bf]|á[»º]|Ä[\u0090‘]|Æ[°¡]|Ã¡|â€")


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    import codecs

    try:
        return codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None


def vietnamese_score(text: str) -> float:
    """Share of Vietnamese-only letters among non-ASCII letters, minus mojibake (for decoding)."""
    sample = unicodedata.normalize("NFC", text[:200_000])
    non_ascii = sum(1 for ch in sample if ord(ch) > 127 and ch.isalpha())
    if not non_ascii:
        return 0.0
    good = len(_VI_LETTERS.findall(sample))
    bad = len(_MOJIBAKE.findall(sample))
    return (good - 4 * bad) / non_ascii


def sniff_meta_charset(body: bytes) -> str | None:
    """The charset named by a <meta> tag in the first 4 KiB, if any (canonical codec name)."""
    match = _META_CHARSET.search(body[:4096])
    return _codec(match.group(1).decode("ascii", "replace")) if match else None


def decode_html(
    body: bytes, declared: str | None = None, *, override: str | None = None
) -> tuple[str, str]:
    """Decode page bytes to text; returns (text, codec used).

    `override` (a profile's charset) wins. Otherwise bytes that are valid UTF-8 with non-ASCII
    content are UTF-8 whatever the header or meta say (single-byte code pages almost never form
    valid UTF-8 by accident); else the declared (header) and <meta> charsets, then cp1258 and
    windows-1252, are tried and the one whose text looks most Vietnamese is kept.
    """
    if override and _codec(override):
        return body.decode(_codec(override) or "utf-8", errors="replace"), _codec(override) or ""
    if body.startswith(b"\xef\xbb\xbf"):
        return body[3:].decode("utf-8", errors="replace"), "utf-8"
    if body.startswith((b"\xff\xfe", b"\xfe\xff")):
        return body.decode("utf-16", errors="replace"), "utf-16"
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return text, "utf-8"
    candidates: list[str] = []
    for name in (_codec(declared), sniff_meta_charset(body), "cp1258", "cp1252"):
        if name and name not in candidates and name not in ("utf-8", "ascii"):
            candidates.append(name)
    best: tuple[float, str, str] | None = None
    for name in candidates:
        try:
            text = body.decode(name)
        except (UnicodeDecodeError, LookupError):
            continue
        score = vietnamese_score(text)
        if best is None or score > best[0]:
            best = (score, text, name)
    if best is not None:
        return best[1], best[2]
    return body.decode("utf-8", errors="replace"), "utf-8"
