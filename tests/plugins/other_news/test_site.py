"""A real Pelican build: three articles that list each other, plus the missing-titles report."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup

from tests.support.site import build_site

ARTICLES = {
    "a.md": """Title: Văn hóa xã hội tỉnh năm 2025
Date: 2025-05-10T08:00:00+07:00
Slug: van-hoa-xa-hoi
Source: https://portal.example.vn/tin/van-hoa.html
Other_news: Đảng bộ tỉnh tổng kết công tác “chủ động, kịp thời” (12/05/2025) <https://portal.example.vn/tin/dang-bo.html>
    Tin đã đổi tên <http://portal.example.vn/tin/giao-thong.html>
    Tin chưa lưu trữ (01/04/2025) <https://portal.example.vn/tin/chua-luu.html>
    Văn hoá xã hội tỉnh năm 2025 (10/05/2025)
    Tin không có địa chỉ
    Đảng bộ tỉnh tổng kết công tác"chủ động, kịp thời"
    Tin ngày sai (31/02/2025)
    Tin có <b>thẻ</b> lạ
    Sở Văn hóa &amp; Thể thao

Bài A.
""",
    "b.md": """Title: Đảng bộ tỉnh tổng kết công tác "chủ động, kịp thời"
Date: 2025-05-12T08:00:00+07:00
Slug: dang-bo-tong-ket
Source: https://portal.example.vn/tin/dang-bo.html
Other_news: VĂN HÓA XÃ HỘI TỈNH NĂM 2025 (10/05/2025)
    Giao thông nông thôn (20/05/2025)
    Tin chưa lưu trữ <https://portal.example.vn/tin/chua-luu.html>

Bài B.
""",
    "c.md": """Title: Giao thông nông thôn
Date: 2025-05-20T08:00:00+07:00
Slug: giao-thong
Source: https://portal.example.vn/tin/giao-thong.html
Other_news: Văn hóa xã hội tỉnh năm 2025

Bài C.
""",
    "d.md": """Title: Bài không có tin khác
Date: 2025-05-21T08:00:00+07:00
Slug: khong-co

Bài D.
""",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("other_news_site")
    content = root / "content"
    content.mkdir()
    for name, text in ARTICLES.items():
        (content / name).write_text(text, encoding="utf-8")
    output = root / "output"
    result = build_site(content, output, extra={"OTHER_NEWS": {"max_items": 10}})
    return output, result.stdout


def page(output: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((output / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def block(soup: BeautifulSoup):
    heading = soup.find("h2", string="Các tin khác")
    return heading, (heading.find_next_sibling("ul") if heading else None)


def resolve(output: Path, page_url: str, href: str) -> Path:
    target = urljoin(f"http://site.invalid/{page_url}", href).removeprefix("http://site.invalid/")
    path = output / target
    return path / "index.html" if target.endswith("/") or not target else path


def test_article_page_lists_each_title_once_linking_archived_articles(site):
    output, _ = site
    heading, listing = block(page(output, "2025/05/van-hoa-xa-hoi"))
    assert heading is not None and heading.get_text() == "Các tin khác"
    items = listing.find_all("li", recursive=False)
    texts = [" ".join(li.get_text(" ").split()) for li in items]
    assert texts == [
        "Đảng bộ tỉnh tổng kết công tác “chủ động, kịp thời” (12/05/2025)",
        "Tin đã đổi tên (20/05/2025)",
        "Tin chưa lưu trữ bản gốc : trang trên cổng thông tin gốc, chưa có trong kho lưu trữ "
        "(01/04/2025)",
        "Tin không có địa chỉ",
        "Tin ngày sai (31/02/2025)",
        "Tin có <b>thẻ</b> lạ",
        "Sở Văn hóa & Thể thao",  # the scraper's `&amp;` is decoded once, never shown
    ]
    internal = [li.a for li in items[:2]]
    for link, slug in zip(internal, ["dang-bo-tong-ket", "giao-thong"], strict=True):
        target = resolve(output, "2025/05/van-hoa-xa-hoi/", link["href"])
        assert target == output / "2025/05" / slug / "index.html"
        assert target.is_file()
        assert "rel" not in link.attrs
    external = items[2].a
    assert external["href"] == "https://portal.example.vn/tin/chua-luu.html"
    assert external["rel"] == ["nofollow", "noopener"]
    assert "bản gốc" in external.get_text()
    assert items[3].a is None and items[4].a is None
    assert items[5].find("b") is None  # portal text is escaped, never markup


def test_every_article_links_the_others(site):
    output, _ = site
    expected = {
        "2025/05/dang-bo-tong-ket": [
            "2025/05/van-hoa-xa-hoi/index.html",
            "2025/05/giao-thong/index.html",
        ],
        "2025/05/giao-thong": ["2025/05/van-hoa-xa-hoi/index.html"],
    }
    for url, targets in expected.items():
        _, listing = block(page(output, url))
        links = [a for a in listing.find_all("a") if "nofollow" not in (a.get("rel") or [])]
        assert [resolve(output, url + "/", a["href"]) for a in links] == [
            output / t for t in targets
        ]


def test_article_without_listing_has_no_block(site):
    output, _ = site
    heading, _ = block(page(output, "2025/05/khong-co"))
    assert heading is None
    assert "other-news" not in (output / "2025/05/khong-co/index.html").read_text(encoding="utf-8")


def test_missing_titles_report(site):
    output, _ = site
    report = json.loads((output / "bien-tap/tin-thieu.json").read_text(encoding="utf-8"))
    titles = [entry["title"] for entry in report["missing"]]
    assert titles == [
        "Tin chưa lưu trữ",  # dated, newest first
        "Sở Văn hóa & Thể thao",  # undated ones by title key
        "Tin có <b>thẻ</b> lạ",
        "Tin không có địa chỉ",
        "Tin ngày sai (31/02/2025)",
    ]
    assert report["count"] == 5
    first = report["missing"][0]
    assert first["date"] == "2025-04-01"
    assert first["url"] == "https://portal.example.vn/tin/chua-luu.html"
    # mentioned by B (12/05) and A (10/05): newest first
    assert [m["url"] for m in first["mentioned_by"]] == [
        "2025/05/dang-bo-tong-ket/",
        "2025/05/van-hoa-xa-hoi/",
    ]
    assert first["mentioned_by"][1]["source"] == "a.md"


def test_editors_page_shows_the_count(site):
    output, _ = site
    soup = page(output, "bien-tap/tin-thieu")
    assert soup.find(class_="other-news-report__count").get_text() == "5"
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert len(soup.find_all(class_="other-news-report__item")) == 5


def test_bad_line_is_reported_with_the_file_name_and_build_succeeds(site):
    _, log = site
    flat = " ".join(log.split())
    assert "a.md" in flat and "Tin ngày sai (31/02/2025)" in flat and "impossible date" in flat


def test_settings_reach_the_build(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    for name in ("a.md", "b.md", "c.md"):
        (content / name).write_text(ARTICLES[name], encoding="utf-8")
    output = tmp_path / "output"
    settings = {
        "show_unarchived": False,
        "order": "newest",
        "report_path": None,
        "report_page": None,
    }
    build_site(content, output, extra={"OTHER_NEWS": settings})
    _, listing = block(page(output, "2025/05/van-hoa-xa-hoi"))
    texts = [" ".join(li.get_text(" ").split()) for li in listing.find_all("li")]
    assert texts == [
        "Tin đã đổi tên (20/05/2025)",  # newest first, archived items only
        "Đảng bộ tỉnh tổng kết công tác “chủ động, kịp thời” (12/05/2025)",
    ]
    assert not (output / "bien-tap").exists()


def test_unknown_setting_fails_the_build_with_a_clear_message(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    (content / "c.md").write_text(ARTICLES["c.md"], encoding="utf-8")
    result = build_site(content, tmp_path / "output", extra={"OTHER_NEWS": {"max": 3}}, check=False)
    assert result.returncode != 0
    assert "OTHER_NEWS has unknown key(s) 'max'" in " ".join(result.stdout.split())
