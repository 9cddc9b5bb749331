"""scraper/byline.py: printed names without their wrappers, and the body's closing byline."""

from __future__ import annotations

import lxml.html
import pytest

from scraper.byline import clean_authors, is_source_credit, is_unit, name_like, trailing_byline


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Trường Phúc", ["Trường Phúc"]),
        ("Theo Minh Anh (tổng hợp)", ["Minh Anh"]),
        ("Ngọc Hân (TH)", ["Ngọc Hân"]),
        ("Bài và ảnh: Minh Anh - Hồng Nhung", ["Minh Anh", "Hồng Nhung"]),
        ("Trường Phúc - Văn phòng UBND tỉnh", ["Trường Phúc"]),
        ("Nguyễn Văn An, Phóng viên", ["Nguyễn Văn An"]),
        ("Hồng Nhung - Trường THPT Tân Lập", ["Hồng Nhung"]),
        ("Minh Thư - Văn Tú", ["Minh Thư", "Văn Tú"]),
        ("Bảo Anh", ["Bảo Anh"]),  # a name, not "Báo" (a newspaper)
        ("Đoàn Văn Hậu", ["Đoàn Văn Hậu"]),  # a surname, not "Đoàn thanh niên"
        ("TP", ["TP"]),  # initials, not "TP. Hồ Chí Minh"
        ("H.A", ["H.A"]),
        ("Tâm Giao Ảnh: Cao Trung Hiếu", ["Tâm Giao"]),  # the photographer is credited
        ("Theo TTXVN", []),
        ("Theo Báo Nhân Dân", []),
        ("Nguồn: VTV", []),
        ("PV", []),  # a role
        ("Tác giả: Đông Hải- Minh Vỹ", ["Đông Hải", "Minh Vỹ"]),  # a dash spaced on one side
        ("Thanh Tú -Thuận Cẩm", ["Thanh Tú", "Thuận Cẩm"]),
        ("Kpă Phạm H’Dung", ["Kpă Phạm H’Dung"]),
        ("Hồ Chí Minh-Hà Nội", ["Hồ Chí Minh-Hà Nội"]),  # a hyphen inside a word joins
        (  # a role, then the unit, after the name
            "Tác giả: Lại Văn Thư - Chuyên viên Phòng Giáo dục và Đào tạo Vũ Thư",
            ["Lại Văn Thư"],
        ),
        ("Minh Anh - Phó Hiệu trưởng", ["Minh Anh"]),
        ("PHƯƠNG LINH", ["PHƯƠNG LINH"]),  # a name in capitals, not an acronym
        ("BAN BIÊN TẬP", []),  # the editorial board
        ("UBND", []),
        ("ST: Trí Tâm", ["Trí Tâm"]),  # "sưu tầm": compiled by
        (  # an honorific before the name, roles in parentheses after it
            "Nhà giáo Nguyễn Viết Hiển(Tỉnh ủy viên, Giám đốc Sở Giáo dục và Đào tạo)",
            ["Nguyễn Viết Hiển"],
        ),
        ("PGS.TS Lê Văn Minh", ["Lê Văn Minh"]),
        ("ST: đ/c Huỳnh Trí Tâm", ["Huỳnh Trí Tâm"]),  # "đ/c" (đồng chí), not "đ" and "c"
    ],
)
def test_clean_authors(text: str, names: list[str]) -> None:
    assert clean_authors(text) == names


@pytest.mark.parametrize(
    ("text", "credit"),
    [
        ("Theo TTXVN", True),
        ("Theo Báo An Hòa", True),
        ("Nguồn: Cổng thông tin điện tử tỉnh", True),
        ("Theo Minh Anh", False),
        ("Minh Anh", False),
    ],
)
def test_source_credits(text: str, credit: bool) -> None:
    assert is_source_credit(text) is credit


def test_units_and_names() -> None:
    assert is_unit("Văn phòng HĐND và UBND huyện")
    assert is_unit("UBND")
    assert not is_unit("Trường Phúc")
    assert name_like("Nguyễn Văn An") and name_like("TP")
    assert not name_like("các đơn vị liên quan") and not name_like("Một câu rất dài " * 4)


def _body(html: str):
    return lxml.html.fragment_fromstring(f"<div>{html}</div>")


PARA = "<p>Hội nghị đánh giá kết quả thực hiện nhiệm vụ quý I và triển khai nhiệm vụ quý II.</p>"


@pytest.mark.parametrize(
    ("tail", "names", "lines"),
    [
        ('<p style="text-align: right"><strong>Nguyễn Văn An</strong></p>', ["Nguyễn Văn An"], 1),
        (  # pushed right with spaces, bold inside a span
            "<p>" + "&nbsp;" * 220 + "<span><strong> ST: đ/c Huỳnh Trí Tâm</strong></span></p>",
            ["Huỳnh Trí Tâm"],
            1,
        ),
        (
            '<p style="text-align:right">Nguyễn Văn An</p>'
            '<p style="text-align:right">Văn phòng HĐND và UBND huyện</p>',
            ["Nguyễn Văn An"],
            2,
        ),
        ('<p align="right">Minh Thư - Văn phòng UBND huyện</p>', ["Minh Thư"], 1),
        ('<p style="text-align:right">Minh Thư - Văn Tú</p>', ["Minh Thư", "Văn Tú"], 1),
        ("<p><strong>Trường Phúc</strong></p>", ["Trường Phúc"], 1),
        ('<p style="text-align:right"><em>Theo Báo An Hòa</em></p>', [], 1),
        ("", [], 0),
    ],
)
def test_trailing_byline(tail: str, names: list[str], lines: int) -> None:
    elements, found = trailing_byline(_body(PARA * 3 + tail))
    assert found == names
    assert len(elements) == lines


def test_a_closing_sentence_is_not_a_byline() -> None:
    elements, names = trailing_byline(_body(PARA * 3 + "<p>Hội nghị kết thúc lúc 11 giờ.</p>"))
    assert (elements, names) == ([], [])
