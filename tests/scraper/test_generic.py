"""Generic extraction (no profile) on small pages in the shapes Vietnamese portals use."""

import pytest

from scraper.extract import extract_article
from scraper.generic import extract_generic

URL = "https://cong-thong-tin.example.vn/tin-tuc/hoi-nghi-tinh-uy-lan-thu-19.html"
PARAS = [
    "Sáng 28/5, Ban Chấp hành Đảng bộ tỉnh tổ chức Hội nghị lần thứ 19 để đánh giá tình hình"
    " thực hiện nghị quyết trong quý I và bàn nhiệm vụ trọng tâm quý II năm 2025.",
    "Hội nghị thống nhất tập trung kiện toàn Tổ công tác đặc biệt để kịp thời tháo gỡ khó khăn"
    " cho các dự án trọng điểm, nhất là các công trình giao thông liên vùng.",
    "Tỉnh ủy yêu cầu các sở, ngành đẩy nhanh giải ngân vốn đầu tư công, không để tình trạng vốn"
    " chờ dự án, bảo đảm chất lượng công trình và chống thất thoát, lãng phí.",
    "Các cấp ủy tiếp tục chuẩn bị đại hội đảng bộ các cấp nhiệm kỳ 2025 - 2030 gắn với việc sắp"
    " xếp tổ chức bộ máy và đơn vị hành chính theo đúng lộ trình đã đề ra.",
]


def page(
    *,
    byline: str,
    figure: str,
    related: str,
    date_line: str = "Thứ Năm, 28/05/2025 - 08:52",
    extra_head: str = "",
) -> str:
    body = (
        "".join(f"<p>{p}</p>" for p in PARAS[:2])
        + figure
        + "".join(f"<p>{p}</p>" for p in PARAS[2:])
    )
    return f"""<!doctype html><html lang="vi"><head><meta charset="utf-8">
<title>Hội nghị Tỉnh ủy lần thứ 19 - Cổng thông tin</title>{extra_head}</head><body>
<header class="site-header"><ul class="menu"><li><a href="/">Trang chủ</a></li>
<li><a href="/chinh-tri">Chính trị MENU</a></li></ul></header>
<div class="breadcrumb"><a href="/">Trang chủ</a> › <a href="/xay-dung-dang">Xây dựng Đảng</a>
 › <a href="/tin-hoat-dong">Tin hoạt động</a></div>
<div class="article"><h1 class="title">Hội nghị Tỉnh ủy lần thứ 19 bàn nhiệm vụ quý II</h1>
<div class="meta"><span class="date">{date_line}</span>
<div class="share-bar"><a href="https://facebook.com/share">Chia sẻ Facebook</a></div></div>
<div class="sapo">Hội nghị lần thứ 19 Ban Chấp hành Đảng bộ tỉnh đã thống nhất 08 nhóm nhiệm vụ,
 giải pháp trọng tâm cần tập trung thực hiện trong quí II.</div>
<div class="content">{body}{byline}</div>
{related}
</div>
<div class="box"><h3>Tin đọc nhiều</h3><ul>
<li><a href="/a-1.html">Bài đọc nhiều nhất tuần này ở tỉnh</a></li></ul></div>
<footer><p>Cơ quan chủ quản: Tỉnh ủy. FOOTER-TEXT</p></footer>
</body></html>"""


FIG_FIGURE = (
    '<figure class="image"><img src="/anh/hoi-nghi.jpg" alt="">'
    "<figcaption>Quang cảnh hội nghị Tỉnh ủy lần thứ 19</figcaption></figure>"
)
FIG_TABLE = (
    '<table class="image center"><tbody><tr><td><img src="/anh/hoi-nghi.jpg"></td></tr>'
    '<tr><td class="image-caption">Quang cảnh hội nghị Tỉnh ủy lần thứ 19</td></tr>'
    "</tbody></table>"
)
FIG_PARA = (
    '<p style="text-align:center"><img src="/anh/hoi-nghi.jpg"></p>'
    '<p style="text-align:center"><em>Quang cảnh hội nghị Tỉnh ủy lần thứ 19</em></p>'
)
REL_TIN = (
    '<div class="box-tin"><h3>Tin liên quan</h3><ul>'
    '<li><a href="/tin/mot.html">Long An: Tăng cường công tác kiểm tra, giám sát</a>'
    " (28/05/2025)</li>"
    '<li><a href="/tin/hai.html">Văn kiện đại hội phải ngắn gọn, dễ hiểu</a></li></ul></div>'
)
REL_CUNG = REL_TIN.replace("Tin liên quan", "Cùng chuyên mục")


@pytest.mark.parametrize(
    "figure", [FIG_FIGURE, FIG_TABLE, FIG_PARA], ids=["figure", "table", "p-em"]
)
@pytest.mark.parametrize(
    ("byline", "authors"),
    [
        ('<p class="author">Trường Phúc</p>', ["Trường Phúc"]),
        ("<p><strong>Trường Phúc</strong></p>", ["Trường Phúc"]),  # the last short paragraph
        ('<p style="text-align: right;">Minh Anh - Hồng Nhung</p>', ["Minh Anh", "Hồng Nhung"]),
    ],
    ids=["class", "last-short", "right-aligned"],
)
@pytest.mark.parametrize("related", [REL_TIN, REL_CUNG], ids=["tin-lien-quan", "cung-chuyen-muc"])
def test_generic_finds_every_part(figure: str, byline: str, authors: list[str], related: str):
    article = extract_generic(page(byline=byline, figure=figure, related=related), url=URL)
    assert article.title == "Hội nghị Tỉnh ủy lần thứ 19 bàn nhiệm vụ quý II"
    assert article.date.isoformat() == "2025-05-28T08:52:00+07:00"
    assert article.authors == authors
    assert article.summary.startswith("Hội nghị lần thứ 19 Ban Chấp hành")
    assert article.category == "Tin hoạt động"
    body = article.body_markdown
    assert body.split("\n\n")[0] == PARAS[0]
    assert body.rstrip().endswith("đã đề ra.")  # byline is not body text
    assert [img.caption for img in article.images] == ["Quang cảnh hội nghị Tỉnh ủy lần thứ 19"]
    assert article.images[0].src == "https://cong-thong-tin.example.vn/anh/hoi-nghi.jpg"
    assert body.count("Quang cảnh hội nghị") == 1 and "<figcaption>Quang cảnh" in body
    for leak in (
        "MENU",
        "Chia sẻ",
        "FOOTER-TEXT",
        "Tin liên quan",
        "Cùng chuyên mục",
        "Tăng cường công tác kiểm tra",
        "Tin đọc nhiều",
        "Bài đọc nhiều",
    ):
        assert leak not in body
    assert [(i.title, i.url) for i in article.other_news] == [
        (
            "Long An: Tăng cường công tác kiểm tra, giám sát",
            "https://cong-thong-tin.example.vn/tin/mot.html",
        ),
        (
            "Văn kiện đại hội phải ngắn gọn, dễ hiểu",
            "https://cong-thong-tin.example.vn/tin/hai.html",
        ),
    ]
    assert article.other_news[0].date.isoformat() == "2025-05-28T00:00:00+07:00"
    assert article.other_news[1].date is None


def test_in_body_related_box_is_an_item_not_body_text() -> None:
    box = (
        '<p><strong>Xem thêm:</strong> <a href="/tin/ba.html">Đảng ủy xã, phường được lập'
        " 03 cơ quan chuyên trách</a></p>"
    )
    html = page(byline="", figure=box, related="")
    article = extract_generic(html, url=URL)
    assert "Đảng ủy xã, phường" not in article.body_markdown
    assert [i.title for i in article.other_news] == [
        "Đảng ủy xã, phường được lập 03 cơ quan chuyên trách"
    ]


@pytest.mark.parametrize(
    ("date_line", "head", "expected"),
    [
        ("ngày 28 tháng 5 năm 2025", "", "2025-05-28T00:00:00+07:00"),
        # The printed date with its time wins when it agrees with the meta tag.
        (
            "28/05/2025 08:52",
            '<meta property="article:published_time" content="2025-05-28T08:52:31+07:00">',
            "2025-05-28T08:52:00+07:00",
        ),
        # Date-only on the page: the meta tag gives the time.
        (
            "28/05/2025",
            '<meta property="article:published_time" content="2025-05-28T08:52:31+07:00">',
            "2025-05-28T08:52:31+07:00",
        ),
        (
            "không có ngày",
            '<meta property="article:published_time" content="2025-05-28T01:52:00Z">',
            "2025-05-28T08:52:00+07:00",
        ),
    ],
)
def test_generic_dates(date_line: str, head: str, expected: str) -> None:
    html = page(byline="", figure="", related="", date_line=date_line, extra_head=head)
    assert extract_generic(html, url=URL).date.isoformat() == expected


def test_profile_none_dispatches_to_generic() -> None:
    html = page(byline="", figure=FIG_FIGURE, related=REL_TIN)
    assert extract_article(html, None, url=URL) == extract_generic(html, url=URL)
