"""Bylines: recognise an author line and turn it into printed names. Pure (lxml elements in).

What a byline prints is more than names: "Bài và ảnh: Minh Anh", "Theo Hồng Nhung",
"Ngọc Hân (tổng hợp)", "Trường Phúc - Văn phòng UBND tỉnh", "PV", "Theo TTXVN". The archive
keeps the names as printed without their wrappers: no "Theo", no "(tổng hợp)", no role or unit
after a dash; a source credit ("Theo TTXVN", "Nguồn: Báo Nhân Dân") is not an author.
"""

from __future__ import annotations

import re

from lxml import etree

from archive_core.text import collapse_whitespace

_NAME_WORD = r"[A-ZĐÀ-Ỹ][\w\u00C0-\u1EF9]*\.?"
_PREFIX = (
    r"(?:bài|tin|ảnh|bài và ảnh|bài, ảnh|bài/ảnh|tin và ảnh|tin, ảnh|tin/ảnh|nhóm phóng viên"
    r"|nhóm pv|pv|ctv|theo|tác giả|người viết|thực hiện|nhóm thực hiện|bài viết|st|sưu tầm)"
)
# A title printed before the name ("Nhà giáo Nguyễn Viết Hiển", "PGS.TS Lê Văn A").
_HONORIFIC = re.compile(
    r"^(?:nhà giáo(?: nhân dân| ưu tú)?|nhà báo|nhà văn|nhà thơ|ngnd|ngưt|thầy giáo|cô giáo"
    r"|đ/c|đồng chí"
    r"|(?:gs|pgs)\.?\s*(?:ts|tskh)\.?|ts\.|ths\.|bs\.)\s+",
    re.I,
)
_BYLINE_TEXT = re.compile(
    rf"^(?:{_PREFIX}\s*[:\-]?\s*)?{_NAME_WORD}(?:[\s\-–,/]+(?:{_NAME_WORD}|và))*$", re.I
)
_STRIP_PREFIX = re.compile(rf"^{_PREFIX}\s*[:\-]\s*", re.I)
_THEO = re.compile(r"^theo\s+", re.I)
_SOURCE_PREFIX = re.compile(r"^(?:nguồn|nguon|source)\s*:\s*", re.I)
_PARENS = re.compile(r"\s*[\(\[][^)\]]{0,60}[\)\]]")
_CREDIT_AFTER = re.compile(r"\s+(?:ảnh|video|clip|đồ họa|đồ hoạ|infographic)\s*:.*$", re.I)
# A dash with a space on at least one side separates ("Minh Anh - Hồng Nhung", "Đông Hải- Minh
# Vỹ"); a hyphen inside a word has none.
_DASH = re.compile(r"\s*[-–—]\s+|\s+[-–—]\s*|\s*\|\s*")
_SPLIT = re.compile(r"\s*(?:,|;|/|\svà\s)\s*")
_RIGHT_CLASS = re.compile(r"(?:^|\s)(?:text-right|align-right|right|tar|author)(?:\s|$)", re.I)
_SENTENCE_END = (".", ":", "?", "!", ";", "…")
# A part that names a unit, an organisation or a role, not a person (lower case, with its
# marks: "Báo" is a newspaper, "Bảo" a name; "Trường" alone is a name, "Trường THPT" a school).
_UNIT_WORDS = (
    "văn phòng", "sở ", "phòng ", "ban ", "ubnd", "ủy ban", "uỷ ban", "hđnd", "hội đồng",
    "trung tâm", "báo ", "đài ", "cổng thông tin", "cổng ttđt", "tạp chí", "ttxvn",
    "thông tấn xã", "công an", "bộ ", "cục ", "chi cục", "trường thpt", "trường thcs",
    "trường tiểu học", "trường đại học", "trường cao đẳng", "trường mầm non", "trường chính trị",
    "trường trung cấp", "hội ", "huyện ", "xã ", "phường ", "thị trấn", "thị xã", "tỉnh ",
    "thành phố", "tp.", "tp ", "đảng ủy", "đảng uỷ", "huyện ủy", "huyện uỷ", "tỉnh ủy",
    "tỉnh uỷ", "thành ủy", "thành uỷ", "mặt trận", "mttq", "liên đoàn", "đoàn thanh niên",
    "đoàn tncs", "đoàn công tác", "đoàn kiểm tra", "viện ", "bệnh viện", "công ty",
    "tổng công ty", "ngân hàng", "kho bạc", "chi nhánh", "phóng viên", "biên tập",
    "cộng tác viên", "ctv", "pv", "btv", "thường trú", "nguồn", "hợp tác xã", "ban quản lý",
    "chuyên viên", "cán bộ", "nhân viên", "giáo viên", "hiệu trưởng", "phó hiệu trưởng",
    "trưởng phòng", "phó trưởng phòng", "tổ trưởng", "thư ký", "giám đốc", "phó giám đốc",
    "chủ tịch", "phó chủ tịch", "bí thư", "phó bí thư", "trưởng ban", "phó trưởng ban",
)  # fmt: skip
_SOURCE_NAMES = ("báo ", "ttxvn", "vtv", "vov", "vnexpress", "tạp chí", "đài ", "cổng thông tin")


def is_unit(part: str) -> bool:
    """A unit, organisation or role ("Văn phòng UBND tỉnh", "Phóng viên", "TTXVN")."""
    key = collapse_whitespace(part).lower() + " "
    # A word that ends in a space ("tp ", "xã ") names a unit only with a name after it.
    if any(key.startswith(w) and (len(key) > len(w) or w[-1] != " ") for w in _UNIT_WORDS):
        return True
    # TTXVN, UBND: one all-capital word; a name printed in capitals ("PHƯƠNG LINH") has several.
    letters = re.sub(r"[^A-Za-zĐđ]", "", part)
    return len(part.split()) == 1 and len(letters) >= 4 and letters.isupper()


def is_source_credit(text: str) -> bool:
    """ "Theo TTXVN", "Theo Báo Nhân Dân", "Nguồn: VTV": the article's source, not its author."""
    text = collapse_whitespace(text)
    if _SOURCE_PREFIX.match(text):
        return True
    match = _THEO.match(text)
    if not match:
        return False
    rest = text[match.end() :]
    key = rest.lower() + " "
    return is_unit(rest) or any(key.startswith(word) for word in _SOURCE_NAMES)


def name_like(part: str) -> bool:
    """Capitalised words or initials, at most five ("Trường Phúc", "TP", "H.A", "Minh Anh")."""
    words = part.replace(".", ". ").split()
    if not 0 < len(words) <= 5 or len(part) > 40:
        return False
    return all(w[:1].isupper() and re.fullmatch(r"[\w\u00C0-\u1EF9.'’-]+", w) for w in words)


def byline_like(text: str) -> bool:
    """A short line of capitalised names (optionally 'Bài, ảnh: ...'), no sentence ending."""
    words = text.split()
    if not 0 < len(words) <= 8 or len(text) > 60 or text.endswith(_SENTENCE_END):
        return False
    if not _BYLINE_TEXT.match(text):
        return False
    body = _STRIP_PREFIX.sub("", text)
    words = body.replace(",", " ").split()
    return all(w[:1].isupper() or w in ("-", "–", "và", "/") for w in words)


def clean_authors(text: str) -> list[str]:
    """A byline's printed names: 'Theo Minh Anh (tổng hợp)' -> ['Minh Anh'];
    'Trường Phúc - Văn phòng UBND tỉnh' -> ['Trường Phúc']; 'Theo TTXVN' -> []."""
    text = collapse_whitespace(text)
    if not text or is_source_credit(text):
        return []
    text = _PARENS.sub("", text)
    text = _STRIP_PREFIX.sub("", text)
    text = _CREDIT_AFTER.sub("", text)  # "Tâm Giao Ảnh: Cao Trung Hiếu": the photographer
    text = _THEO.sub("", text)
    text = _HONORIFIC.sub("", text)
    names: list[str] = []
    # A unit after a dash is the rest of that part ("Name - Trung tâm Văn hóa, Thông tin và
    # Thể thao huyện" names one person): dashes first, then commas and "và" within a part.
    for segment in _DASH.split(text):
        segment = segment.strip(" .-–—:")
        if not segment or is_unit(segment):
            continue
        for part in _SPLIT.split(segment):
            part = part.strip(" .-–—:")
            if part and not is_unit(part) and part not in names:
                names.append(part)
    return names


def split_authors(text: str) -> list[str]:
    """'Bài, ảnh: Minh Anh - Hồng Nhung' -> ['Minh Anh', 'Hồng Nhung'] (see clean_authors)."""
    return clean_authors(text)


def right_aligned(el: etree._Element) -> bool:
    style = (el.get("style") or "").replace(" ", "").lower()
    if "text-align:right" in style or (el.get("align") or "").lower() == "right":
        return True
    return bool(_RIGHT_CLASS.search(el.get("class") or ""))


def _text_blocks(body: etree._Element) -> list[etree._Element]:
    """The body's innermost text blocks (`p`, or `div` without block children), in order."""
    out = []
    for el in body.iter("p", "div"):
        if el is body or el.find(".//p") is not None or el.find(".//div") is not None:
            continue
        if el.text_content().strip():
            out.append(el)
    return out


def last_paragraph_byline(body: etree._Element) -> tuple[etree._Element | None, list[str]]:
    """The body's last text block when it is a byline (right-aligned or a short name line);
    a right-aligned unit line after the names ("Văn phòng UBND huyện") is part of it."""
    elements, names = trailing_byline(body)
    return (elements[0] if elements else None), names


def trailing_byline(body: etree._Element) -> tuple[list[etree._Element], list[str]]:
    """The byline at the end of the body: its elements (the names line, then any unit or
    source-credit lines after it) and the names. A source credit alone gives no names.

    The end is the body's last text blocks; when boxes follow the byline inside the body
    (related cards, a promotion), it is the last paragraph that is a child of the body."""
    found = _byline_at_end(_text_blocks(body)[-3:])
    if found[0]:
        return found
    paragraphs = [child for child in body if child.tag == "p" and child.text_content().strip()]
    if paragraphs and paragraphs[-1] is not body[-1]:
        elements, names = _byline_at_end(paragraphs[-2:])
        if names and _emphasised(elements[0]):
            return elements, names
    return [], []


def _emphasised(el: etree._Element) -> bool:
    """Bold from end to end, or right-aligned: how a byline stands apart from the text."""
    if right_aligned(el):
        return True
    if (el.text or "").strip():
        return False
    # Bold runs anywhere inside (<span><strong>…</strong></span> too), each counted once.
    bold = "".join(
        b.text_content()
        for b in el.iter("strong", "b")
        if not any(a.tag in ("strong", "b") for a in b.iterancestors() if a is not el)
        and b is not el
    )
    return bool(bold.strip()) and len(bold.strip()) >= 0.9 * len(el.text_content().strip())


def _byline_at_end(blocks: list[etree._Element]) -> tuple[list[etree._Element], list[str]]:
    tail: list[etree._Element] = []
    for el in reversed(blocks):
        raw = el.text_content()
        if len(raw) > 2000:
            break
        text = collapse_whitespace(raw)  # spaces that push a byline to the right do not count
        if len(text) > 200:
            break
        aligned = right_aligned(el) and len(text) <= 100
        names = clean_authors(text)
        if (
            names
            and all(name_like(n) for n in names)
            and (aligned or byline_like(text) or _emphasised(el))
            and not text.endswith(_SENTENCE_END[:1])
        ):
            return [el, *tail], names
        if is_source_credit(text) or (is_unit(text) and (aligned or len(text) <= 80)):
            tail.insert(0, el)
            continue
        break
    if any(is_source_credit(collapse_whitespace(el.text_content())) for el in tail):
        return tail, []
    return [], []
