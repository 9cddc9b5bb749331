"""Decoding pages whose HTTP header, <meta charset> and bytes may disagree (Vietnamese portals
often declare one code page and send another).
"""

from __future__ import annotations

import re
import unicodedata

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
