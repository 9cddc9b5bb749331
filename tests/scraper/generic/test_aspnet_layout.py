"""The generic path on the older ASP.NET layout that provincial committees still run."""

from __future__ import annotations

from archive_core.dates import parse_vn_date
from scraper.generic import extract_generic
from tests.scraper.generic import aspnet_page as page

URL = "https://tanlap.example.gov.vn/Pages/chi-tiet.aspx?ItemID=1234"


def test_every_field_of_the_aspnet_page() -> None:
    article = extract_generic(page.PAGE, url=URL)
    assert article.title == page.TITLE  # not the portal's name in the only <h1>
    assert article.date == parse_vn_date("14/03/2025 16:35")  # not the header's "Hôm nay"
    assert article.summary == page.LEAD  # the bold block
    assert article.authors == ["Nguyễn Văn An"]  # the unit after the name is not an author
    assert article.category == "Tin hoạt động"
    assert [i.title for i in article.other_news] == [t for t, _ in page.RELATED]
    assert [i.date for i in article.other_news] == [parse_vn_date(d) for _, d in page.RELATED]
    assert [img.caption for img in article.images] == [page.CAPTION]


def test_nothing_of_the_frame_leaks_into_the_body() -> None:
    body = extract_generic(page.PAGE, url=URL).body_markdown
    assert body.startswith(page.FIRST)
    assert page.LAST in body.split("<figure")[-1]
    for furniture in (page.PORTAL, "Hôm nay", page.MOST_READ, "Các tin đã đưa", "Nguyễn Văn An",
                      "Văn phòng HĐND và UBND huyện\n", "Tin khác", page.LEAD):  # fmt: skip
        assert furniture not in body
    assert f"<figcaption>{page.CAPTION} (<a " in body  # a figure (photo not downloaded here)
