"""Bylines: recognise an author line and split it into names. Pure (lxml elements in)."""

from __future__ import annotations

import re

from lxml import etree

from archive_core.text import collapse_whitespace

_NAME_WORD = r"[A-ZĐÀ-Ỹ][\w\u00C0-\u1EF9]*\.?"
_PREFIX = r"(?:bài|tin|ảnh|bài và ảnh|bài, ảnh|bài/ảnh|nhóm phóng viên|pv|ctv|theo)"
_BYLINE_TEXT = re.compile(
    rf"^(?:{_PREFIX}\s*[:\-]?\s*)?{_NAME_WORD}(?:[\s\-–,/]+(?:{_NAME_WORD}|và))*$", re.I
)
_STRIP_PREFIX = re.compile(rf"^{_PREFIX}\s*[:\-]\s*", re.I)
_SPLIT = re.compile(r"\s*(?:,|;|/|\s-\s|\s–\s|\svà\s)\s*")
_RIGHT_CLASS = re.compile(r"(?:^|\s)(?:text-right|align-right|right|tar|author)(?:\s|$)", re.I)
_SENTENCE_END = (".", ":", "?", "!", ";", "…")


def byline_like(text: str) -> bool:
    """A short line of capitalised names (optionally 'Bài, ảnh: ...'), no sentence ending."""
    words = text.split()
    if not 0 < len(words) <= 8 or len(text) > 60 or text.endswith(_SENTENCE_END):
        return False
    if not _BYLINE_TEXT.match(text):
        return False
    # The first letter of each name word is upper case (the regex is case-insensitive for
    # the prefix only).
    body = _STRIP_PREFIX.sub("", text)
    words = body.replace(",", " ").split()
    return all(w[:1].isupper() or w in ("-", "–", "và", "/") for w in words)


def split_authors(text: str) -> list[str]:
    """'Bài, ảnh: Minh Anh - Hồng Nhung' -> ['Minh Anh', 'Hồng Nhung']."""
    text = _STRIP_PREFIX.sub("", collapse_whitespace(text))
    names = []
    for part in _SPLIT.split(text):
        part = part.strip(" .-–")
        if part and part not in names:
            names.append(part)
    return names


def _right_aligned(el: etree._Element) -> bool:
    style = (el.get("style") or "").replace(" ", "").lower()
    return "text-align:right" in style or bool(_RIGHT_CLASS.search(el.get("class") or ""))


def last_paragraph_byline(body: etree._Element) -> tuple[etree._Element | None, list[str]]:
    """The body's last text block when it is a byline (right-aligned or a short name line)."""
    last = None
    for el in body.iter("p", "div"):
        if el is body or el.find(".//p") is not None or el.find(".//div") is not None:
            continue
        if el.text_content().strip():
            last = el
    if last is None:
        return None, []
    raw = last.text_content()
    if len(raw) > 200:
        return None, []
    text = collapse_whitespace(raw)
    if byline_like(text) or (
        _right_aligned(last) and len(text) <= 80 and not text.endswith(_SENTENCE_END)
    ):
        return last, split_authors(text)
    return None, []
