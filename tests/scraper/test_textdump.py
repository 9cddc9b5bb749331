"""The seed bulletin (plain text) -> Article."""

import pytest

from archive_core.dates import VN_TZ, parse_vn_date
from scraper.textdump import (
    TextDumpError,
    is_byline,
    is_caption,
    listing_item,
    newest_listing_date,
    parse_text_bulletin,
)
from tests.support.paths import SEED_TEXT

DATE = parse_vn_date("28/05/2025 08:00")
CAPTION = (
    "Trong quí II, tỉnh tập trung kiện toàn, củng cố Tổ công tác đặc biệt để kịp thời tháo gỡ,"
    " xử lý các khó khăn của các dự án trọng điểm trên địa bàn, nhất là các công trình giao thông"
)


@pytest.fixture(scope="module")
def seed_text() -> str:
    return SEED_TEXT.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed(seed_text):
    return parse_text_bulletin(
        seed_text, date=DATE, source_url="https://longan.dcs.vn/", portal="longan"
    )


def test_headline_lead_byline(seed) -> None:
    assert seed.title.startswith("Nâng cao hiệu quả hoạt động Tổ công tác đặc biệt")
    assert seed.title.endswith("trên địa bàn")
    assert seed.summary.startswith("Hội nghị lần thứ 19 Ban Chấp hành Đảng bộ tỉnh (khóa XI)")
    assert seed.authors == ["Trường Phúc"]
    assert seed.date == DATE and seed.date.tzinfo is VN_TZ


def test_caption_is_a_figure_caption_not_a_paragraph(seed) -> None:
    assert [img.caption for img in seed.images] == [CAPTION]
    blocks = seed.body_markdown.split("\n\n")
    assert CAPTION not in [b for b in blocks if not b.startswith("<figure")]
    figure = next(b for b in blocks if b.startswith("<figure"))
    assert figure == f'<figure class="no-image">\n<figcaption>{CAPTION}</figcaption>\n</figure>'
    # position: after the first body paragraph, as printed
    assert blocks[1] == figure


def test_body_paragraphs_exclude_lead_byline_and_listing(seed) -> None:
    blocks = [b for b in seed.body_markdown.strip().split("\n\n") if not b.startswith("<figure")]
    assert blocks[0].startswith("Trong quý I năm 2025, tình hình kinh tế")
    assert blocks[-1].endswith("nhất là phấn đấu tăng trưởng kinh tế đạt hai con số.")
    assert len(blocks) == 18  # 19 body lines in the seed, one of them the caption
    assert "Trường Phúc" not in seed.body_markdown
    assert "Các tin khác" not in seed.body_markdown


def test_listing_lines_kept_in_order_with_duplicates(seed, seed_text) -> None:
    items = seed.other_news
    assert len(items) == 34
    assert len({item.title for item in items}) == 20
    assert items[0].title.startswith("Long An: Tăng cường công tác thể chế hóa")
    assert items[0].date == parse_vn_date("28/05/2025")
    dated = [item for item in items if item.date is not None]
    assert len(dated) == 10
    # A parenthesis that belongs to the title stays in it.
    kyniem = [item for item in items if "77 năm Quốc khánh" in item.title]
    assert len(kyniem) == 2
    assert all(i.title.endswith("(02/9/1945 - 02/9/2022)") and i.date is None for i in kyniem)
    # The list marker is not part of the title.
    assert not any(item.title.startswith("-") for item in items)
    # Same title with and without a date: both kept.
    last = items[-1]
    assert last.date is None and last.title == items[3].title and items[3].date is not None


@pytest.mark.parametrize(
    ("line", "title", "date"),
    [
        ("- Tin A (28/05/2025)", "Tin A", "28/05/2025"),
        ("- Tin B (02/9/1945 - 02/9/2022)", "Tin B (02/9/1945 - 02/9/2022)", None),
        ("- Tin C", "Tin C", None),
        ("Tin D (1/5/2025)", "Tin D", "01/05/2025"),
        ("- Tin E (31/02/2025)", "Tin E (31/02/2025)", None),  # impossible date stays text
        ("- (28/05/2025)", "(28/05/2025)", None),
    ],
)
def test_listing_item(line: str, title: str, date: str | None) -> None:
    item = listing_item(line)
    assert item is not None and item.title == title
    assert item.date == (parse_vn_date(date) if date else None)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Trường Phúc", True),
        ("TP", True),
        ("Minh Anh - Hồng Nhung", True),
        ("Các chính sách an sinh xã hội được quan tâm.", False),
        ("trường phúc", False),
    ],
)
def test_is_byline(line: str, expected: bool) -> None:
    assert is_byline(line) is expected


def test_is_caption_needs_theme_and_no_full_stop(seed) -> None:
    assert is_caption(CAPTION, seed.title)
    assert not is_caption(CAPTION + ".", seed.title)
    assert not is_caption("Quang cảnh buổi lễ khai mạc", seed.title)


def test_newest_listing_date(seed_text) -> None:
    assert newest_listing_date(seed_text) == parse_vn_date("28/05/2025")


def test_too_short_text_is_refused() -> None:
    with pytest.raises(TextDumpError, match="at least 3"):
        parse_text_bulletin("Tiêu đề\n", date=DATE)
