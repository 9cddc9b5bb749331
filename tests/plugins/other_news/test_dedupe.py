"""plugins/other_news/dedupe.py: one item per title, first position kept, copies merged."""

from __future__ import annotations

import unicodedata
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive_core.models import OtherNewsItem
from plugins.other_news.dedupe import dedupe_listing, title_key, url_key
from plugins.other_news.parse import parse_listing
from tests.support.paths import SEED_TEXT

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def vn(day: int, month: int, year: int) -> datetime:
    return datetime(year, month, day, tzinfo=VN)


# What a careful reader finds in the seed's 34 listing lines: 20 titles, first-seen order, with
# the date that some copy printed (the last four are printed undated at the end of the listing
# but dated at its start).
SEED_EXPECTED = [
    (
        "Long An: Tăng cường công tác thể chế hóa chủ trương, đường lối của Đảng về phòng, chống "
        "tham nhũng, lãng phí, tiêu cực thành pháp luật của Nhà nước",
        vn(28, 5, 2025),
    ),
    (
        "Long An: Tăng cường công tác kiểm tra, giám sát theo phương châm“chủ động, kịp thời, "
        "trọng tâm, trọng điểm”",
        vn(28, 5, 2025),
    ),
    (
        "Long An: Xây dựng mô hình tăng trưởng kinh tế mới dựa trên khoa học, công nghệ và đổi "
        "mới sáng tạo",
        vn(18, 5, 2025),
    ),
    (
        "Long An: Quyết tâm hoàn thành chỉ tiêu đến năm 2030 đạt tối thiểu 25% cán bộ lãnh đạo "
        "có chuyên môn, kinh nghiệm về khoa học kỹ thuật",
        vn(18, 5, 2025),
    ),
    (
        "Long An: Tăng cường, nâng cao hiệu quả công tác phòng, chống và kiểm soát ma túy",
        vn(14, 5, 2025),
    ),
    ("Văn kiện đại hội phải ngắn gọn, dễ hiểu, dễ nhớ, dễ làm và dễ kiểm tra", vn(10, 5, 2025)),
    (
        "Tỉnh ủy quy định số lượng, cơ cấu cấp ủy viên các đảng bộ xã, phường sau sắp xếp",
        vn(10, 5, 2025),
    ),
    ("Đảng ủy xã, phường được lập 03 cơ quan chuyên trách tham mưu, giúp việc", vn(10, 5, 2025)),
    (
        "Long An thống nhất danh sách dự kiến 60 đơn vị hành chính cấp xã sau sắp xếp",
        vn(9, 5, 2025),
    ),
    (
        "Ban Thường vụ Tỉnh ủy chỉ thị công tác tổ chức đại hội đảng bộ các cấp nhiệm kỳ "
        "2025 – 2030 trên địa bàn tỉnh",
        vn(8, 5, 2025),
    ),
    (
        "Tuyển dụng công chức, viên chức cơ quan Đảng, Mặt trận Tổ quốc, các tổ chức chính trị - "
        "xã hội năm 2024",
        None,
    ),
    (
        "Thông báo về việc nghỉ lễ và treo cờ Tổ quốc nhân kỷ niệm 77 năm Quốc khánh nước Cộng "
        "hòa xã hội chủ nghĩa Việt Nam (02/9/1945 - 02/9/2022)",
        None,
    ),
    (
        "Thông báo nghỉ lễ và treo cờ Tổ quốc nhân Ngày giỗ Tổ Hùng Vương, Ngày giải phóng hoàn "
        "toàn miền Nam 30/4 và Ngày Quốc tế Lao động 1/5",
        None,
    ),
    ("Thông báo việc nghỉ lễ và treo cờ Tổ quốc Tết Dương lịch năm 2022", None),
    (
        "Thông báo nghỉ lễ và treo cờ Tổ quốc nhân kỷ niệm 76 năm Quốc khánh nước Cộng hòa xã "
        "hội chủ nghĩa Việt Nam (02/9/1945 - 02/9/2021)",
        None,
    ),
    (
        "Quyết định phê duyệt kế hoạch lựa chọn nhà thầu dự án Triển khai ứng dụng công nghệ "
        "thông tin trong hoạt động của các cơ quan đảng tỉnh Long An giai đoạn 2021- 2025",
        None,
    ),
    (
        "Thông báo treo cờ Tổ quốc chào mừng bầu cử đại biểu Quốc hội khóa XV và bầu cử đại biểu "
        "Hội đồng nhân dân các cấp nhiệm kỳ 2021 – 2026",
        None,
    ),
    ("Thông báo Về việc nghỉ lễ và treo cờ Tổ quốc Tết Dương lịch năm 2020", None),
    ("Khai trương vận hành chính thức Cổng thông tin điện tử Tỉnh ủy Long An", None),
    ("Nghỉ Tết và treo cờ Tổ quốc Tết Nguyên đán Canh Tý năm 2020", None),
]


def seed_listing_lines() -> list[str]:
    text = SEED_TEXT.read_text(encoding="utf-8")
    return text.split("Các tin khác\n", 1)[1].splitlines()


def test_seed_listing_has_34_lines():
    assert len([line for line in seed_listing_lines() if line.strip()]) == 34


def test_seed_listing_gives_the_20_distinct_titles_in_order_with_dates():
    items = dedupe_listing(parse_listing(seed_listing_lines(), source=str(SEED_TEXT)))
    assert [(item.title, item.date) for item in items] == SEED_EXPECTED


def test_seed_listing_in_nfd_gives_the_same_result():
    lines = [unicodedata.normalize("NFD", line) for line in seed_listing_lines()]
    items = dedupe_listing(parse_listing(lines))
    assert [(item.title, item.date) for item in items] == SEED_EXPECTED


@pytest.mark.parametrize(
    ("a", "b", "rule"),
    [
        ("Tin hoạt động Tỉnh ủy", "TIN HOẠT ĐỘNG TỈNH ỦY", "case"),
        ("Đảng bộ tỉnh", unicodedata.normalize("NFD", "Đảng bộ tỉnh"), "Unicode form"),
        ("Đảng  bộ\ttỉnh", "Đảng bộ tỉnh", "runs of white space"),
        ("Đảng\u00a0bộ\u202ftỉnh", "Đảng bộ tỉnh", "no-break spaces"),
        ("Đảng\u200b bộ tỉnh", "Đảng bộ tỉnh", "zero-width characters"),
        (" Đảng bộ tỉnh ", "Đảng bộ tỉnh", "outer spaces"),
        ('phương châm "chủ động"', "phương châm “chủ động”", "straight vs typographic quotes"),
        ("Lễ 'vu lan'", "Lễ ‘vu lan’", "straight vs typographic single quotes"),
        ("Lễ «vu lan»", "Lễ “vu lan”", "guillemets"),
        ("phương châm“chủ động”", "phương châm “chủ động”", "missing space before a quote"),
        ("“chủ động”, kịp thời", "“chủ động” , kịp thời", "space after a closing quote"),
        ("nhiệm kỳ 2025 – 2030", "nhiệm kỳ 2025 - 2030", "en dash vs hyphen"),
        ("nhiệm kỳ 2025 — 2030", "nhiệm kỳ 2025 − 2030", "em dash vs minus sign"),
        ("giai đoạn 2021- 2025", "giai đoạn 2021 - 2025", "spaces around a dash"),
        ("giai đoạn 2021–2025", "giai đoạn 2021 - 2025", "no spaces around a dash"),
        ("văn hoá xã hội", "văn hóa xã hội", "tone mark placement oà/òa"),
        ("Thuỷ lợi", "Thủy lợi", "tone mark placement uỷ/ủy"),
        ("Chờ kết quả…", "Chờ kết quả...", "ellipsis"),
        ("Sở Văn hóa &amp; Thể thao", "Sở Văn hóa & Thể thao", "HTML entities"),
    ],
)
def test_title_key_ignores(a, b, rule):
    assert title_key(a) == title_key(b), rule


@pytest.mark.parametrize(
    ("a", "b", "rule"),
    [
        ("Kiểm soát ma túy", "Kiểm soát mã túy", "tone marks are kept"),
        ("Lễ hội làng", "Lễ hỏi làng", "tone marks are kept"),
        ("Đảng bộ", "Dảng bộ", "đ is not d"),
        ("Thơ mới", "Thô mới", "vowel marks are kept"),
        ("Trong quí II", "Trong quý II", "spelling variants stay distinct"),
        ("Quốc khánh (02/9/1945 - 02/9/2022)", "Quốc khánh (02/9/1945 - 02/9/2021)", "numbers"),
        ("Tin A", "Tin A.", "punctuation"),
    ],
)
def test_title_key_keeps(a, b, rule):
    assert title_key(a) != title_key(b), rule


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("https://longan.dcs.vn/tin/a.html", "http://longan.dcs.vn/tin/a.html"),
        ("https://LongAn.dcs.vn/tin/a.html#top", "https://longan.dcs.vn/tin/a.html"),
        ("https://www.longan.dcs.vn/tin/a/", "https://longan.dcs.vn/tin/a"),
        ("https://longan.dcs.vn:443/tin/a", "https://longan.dcs.vn/tin/a"),
        ("https://longan.dcs.vn?id=1", "https://longan.dcs.vn/?id=1"),
        ("https://longan.dcs.vn/tin?id=1#x", "https://longan.dcs.vn/tin/?id=1"),
        ("/2025/05/bai/", "/2025/05/bai"),
    ],
)
def test_url_key_same(a, b):
    assert url_key(a) == url_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("https://longan.dcs.vn/tin/a.html", "https://longan.dcs.vn/tin/A.html"),
        ("https://longan.dcs.vn/tin?id=1", "https://longan.dcs.vn/tin?id=2"),
        ("https://longan.dcs.vn/tin/a", "https://tayninh.dcs.vn/tin/a"),
        ("https://longan.dcs.vn:8080/tin/a", "https://longan.dcs.vn/tin/a"),
        ("/2025/05/bai/", "https://longan.dcs.vn/2025/05/bai/"),
    ],
)
def test_url_key_different(a, b):
    assert url_key(a) != url_key(b)


A = OtherNewsItem("Tin A")
A_DATED = OtherNewsItem("Tin A", vn(1, 5, 2025))
A_LINKED = OtherNewsItem("tin  a", None, "https://p.vn/a")
A_OTHER_DATE = OtherNewsItem("TIN A", vn(2, 5, 2025), "https://p.vn/a2")
B = OtherNewsItem("Tin B", vn(3, 5, 2025), "https://p.vn/b")
C = OtherNewsItem("Tin C")


@pytest.mark.parametrize(
    ("items", "kwargs", "expected"),
    [
        ([], {}, []),
        ([A, B, C], {}, [A, B, C]),
        ([A, B, A_DATED], {}, [A_DATED, B]),  # a later copy's date is kept, first position
        ([A, A_LINKED, A_DATED], {}, [OtherNewsItem("Tin A", vn(1, 5, 2025), "https://p.vn/a")]),
        ([A_DATED, A_OTHER_DATE], {}, [OtherNewsItem("Tin A", vn(1, 5, 2025), "https://p.vn/a2")]),
        ([B, A, B, C, A], {}, [B, A, C]),
        ([A, B, C], {"self_title": "TIN  B"}, [A, C]),  # the article itself is dropped
        ([A, B, C], {"self_url": "http://www.p.vn/b/"}, [A, C]),
        ([A_LINKED, C], {"self_url": "https://p.vn/a"}, [C]),
        ([A, C], {"self_url": "https://p.vn/z", "self_title": "Tin Z"}, [A, C]),
        ([OtherNewsItem("")], {}, []),
    ],
)
def test_dedupe_listing(items, kwargs, expected):
    assert dedupe_listing(items, **kwargs) == expected


# ---- properties ---------------------------------------------------------------------------

_LETTERS = "aăâbcdđeêghiklmnoôơpqrstuưvxyAĐHNTàáảãạầấẩẫậềếểễệòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
_TITLE_CHARS = _LETTERS + "0123456789 \u00a0\t\"'“”‘’-–—(),.:/"
titles = st.text(alphabet=_TITLE_CHARS, min_size=1, max_size=25)
dates = st.none() | st.dates().map(lambda d: datetime(d.year, d.month, d.day, tzinfo=VN))
urls = st.none() | st.sampled_from(["https://p.vn/1", "https://p.vn/2", "http://q.vn/3"])
items_strategy = st.lists(
    st.builds(OtherNewsItem, title=titles, date=dates, url=urls), max_size=30
).map(lambda items: [i for i in items if i.title.strip()])
# Titles drawn from a small pool so that duplicates are frequent.
pooled = st.lists(
    st.sampled_from(["Tin A", "tin  a", "Tin “B”", 'Tin "b"', "Hoà", "Hòa"]), max_size=12
)


def _first_keys(items):
    seen = []
    for item in items:
        key = title_key(item.title)
        if key not in seen:
            seen.append(key)
    return seen


@settings(max_examples=200, deadline=None)
@given(items_strategy)
def test_dedupe_is_idempotent(items):
    once = dedupe_listing(items)
    assert dedupe_listing(once) == once


@settings(max_examples=200, deadline=None)
@given(items_strategy)
def test_dedupe_never_loses_a_title_nor_reorders_first_occurrences(items):
    out = dedupe_listing(items)
    assert [title_key(item.title) for item in out] == _first_keys(items)


@settings(max_examples=100, deadline=None)
@given(pooled.map(lambda ts: [OtherNewsItem(t) for t in ts]))
def test_dedupe_pooled_titles(items):
    out = dedupe_listing(items)
    assert [title_key(item.title) for item in out] == _first_keys(items)
    assert len({title_key(item.title) for item in out}) == len(out)


@settings(max_examples=200, deadline=None)
@given(items_strategy)
def test_dedupe_keeps_the_first_date_and_url_any_copy_had(items):
    for item in dedupe_listing(items):
        copies = [i for i in items if title_key(i.title) == title_key(item.title)]
        assert item.date == next((c.date for c in copies if c.date), None)
        assert item.url == next((c.url for c in copies if c.url), None)


_FORMS = st.lists(st.sampled_from(["NFC", "NFD"]), min_size=30, max_size=30)


@settings(max_examples=200, deadline=None)
@given(items_strategy, _FORMS)
def test_dedupe_does_not_depend_on_unicode_form(items, forms):
    mixed = [
        OtherNewsItem(unicodedata.normalize(form, i.title), i.date, i.url)
        for i, form in zip(items, forms, strict=False)
    ]

    def shape(out):
        return [(unicodedata.normalize("NFC", i.title), i.date, i.url) for i in out]

    nfc = [OtherNewsItem(unicodedata.normalize("NFC", i.title), i.date, i.url) for i in items]
    assert shape(dedupe_listing(mixed)) == shape(dedupe_listing(nfc))
