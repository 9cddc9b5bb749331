"""scraper/dom.py: block_text, an element's text as displayed."""

from __future__ import annotations

import lxml.html
import pytest

from scraper.dom import block_text


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<div><p><b>Bài 2: Tựa</b></p><p>Nói Bắc Ninh …</p></div>", "Bài 2: Tựa Nói Bắc Ninh …"),
        ("<div>Tâm Giao<br>Ảnh: Cao Trung</div>", "Tâm Giao Ảnh: Cao Trung"),
        ("<p>Chữ <b>đậm</b>, chữ <i>nghiêng</i>.</p>", "Chữ đậm, chữ nghiêng."),  # inline joins
        ("<div><ul><li>Một</li><li>Hai</li></ul></div>", "Một Hai"),
        ("<p>  nhiều   khoảng\n trắng </p>", "nhiều khoảng trắng"),
    ],
)
def test_blocks_separate_words_and_inline_elements_do_not(html: str, text: str) -> None:
    assert block_text(lxml.html.fragment_fromstring(html)) == text


def test_a_comment_has_no_text() -> None:
    el = lxml.html.fragment_fromstring("<div><!-- ghi chú -->Chữ</div>")
    assert block_text(el) == "Chữ"
    assert block_text(el[0]) == ""
