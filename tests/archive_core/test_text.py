import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive_core.text import collapse_whitespace, fold_key, fold_vietnamese, normalize_text
from scraper.charset import decode_html, vietnamese_score

VI = "Đảng bộ tỉnh Long An đầu tư công, quý II năm 2025: tháo gỡ khó khăn cho dự án trọng điểm"
TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def cp1258_bytes(text: str) -> bytes:
    """Encode like a Windows-1258 page: base letters precomposed, tone marks combining."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(p for p in parts if p not in TONES))
        out.append(base + "".join(p for p in parts if p in TONES))
    return "".join(out).encode("cp1258")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Đa\u0300 Nẵng", "Đà Nẵng"),  # decomposed -> NFC
        ("tỉnh\u00a0Long\u202fAn", "tỉnh Long An"),  # no-break spaces
        ("  quý   II  ", "quý II"),
        ("Tin\u200b liên\ufeff quan", "Tin liên quan"),  # zero-width removed
        ("dòng 1 \n  dòng 2", "dòng 1\ndòng 2"),
        ("Chú\x1bthích\x00 ảnh\x7f", "Chúthích ảnh"),  # control characters (Word paste)
        ("a\x0bb\x0cc", "a b c"),  # vertical tab and form feed separate words
    ],
)
def test_normalize_text(raw: str, expected: str) -> None:
    assert normalize_text(raw) == expected


@pytest.mark.parametrize(
    ("raw", "folded"),
    [("Đảng bộ", "dang bo"), ("đầu tư công", "dau tu cong"), ("QUÍ  quý", "qui quy")],
)
def test_fold_key(raw: str, folded: str) -> None:
    assert fold_key(raw) == folded


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_normalize_is_idempotent_and_nfc(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once
    assert unicodedata.is_normalized("NFC", once)
    flat = collapse_whitespace(text)
    assert collapse_whitespace(flat) == flat
    assert "\n" not in flat and "  " not in flat


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=100))
def test_fold_is_stable_and_ascii_for_vietnamese(text: str) -> None:
    assert fold_vietnamese(fold_vietnamese(text)) == fold_vietnamese(text)
    assert fold_key(fold_key(text)) == fold_key(text)


PAGE = f'<html><head><meta charset="{{meta}}"></head><body><p>{VI}</p></body></html>'


@pytest.mark.parametrize(
    ("body", "header", "meta"),
    [
        ("utf-8", None, "utf-8"),
        ("utf-8", "iso-8859-1", "windows-1252"),  # header and meta both wrong
        ("cp1258", "utf-8", "utf-8"),  # declared UTF-8, bytes are Windows-1258
        ("cp1258", None, "windows-1258"),
        ("cp1258", "windows-1258", "utf-8"),
        ("utf-8-sig", None, "utf-8"),
    ],
)
def test_decode_html_gets_vietnamese_right(body: str, header: str | None, meta: str) -> None:
    page = PAGE.replace("{meta}", meta)
    raw = cp1258_bytes(page) if body == "cp1258" else page.encode(body)
    text, _ = decode_html(raw, header)
    assert VI in unicodedata.normalize("NFC", text)


def test_profile_charset_override_wins() -> None:
    raw = "Đảng bộ".encode()
    text, used = decode_html(raw, "utf-8", override="cp1252")
    assert used == "cp1252" and text != "Đảng bộ"


def test_vietnamese_score_prefers_real_text_over_mojibake() -> None:
    good = VI
    bad = VI.encode("utf-8").decode("cp1252", errors="replace")
    assert vietnamese_score(good) > vietnamese_score(bad)


def _reference_fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped)


@settings(max_examples=400, deadline=None)
@given(
    st.text(max_size=60) | st.text(alphabet=VI + "\u0300\u0301\u0303\u0309\u0323“”…–", max_size=60)
)
def test_fast_fold_equals_the_definition(text: str) -> None:
    assert fold_vietnamese(text) == _reference_fold(text)
