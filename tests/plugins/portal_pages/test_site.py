"""A real Pelican build of a small archive of four portals: the portal index, each portal's page
with its notice, categories and months, per-portal listings, article breadcrumbs and source line.

Every count a page shows is checked against the content written here.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.support.site import build_site
from tools.linkcheck import find_broken_links

PORTALS_TOML = """
[portals.anhoa]
name = "Cổng thông tin điện tử Tỉnh ủy An Hòa"
level = "tinh-uy"
province = "An Hòa"

[portals.tanphuoc]
name = "Cổng thông tin điện tử huyện Tân Phước"
level = "huyen"
province = "An Hòa"
former_province = "Phú Long"
closed_on = 2025-07-01
merged_into = "anhoa"

[portals.chinhphu]
name = "Báo điện tử Chính phủ"
level = "trung-uong"
address = "https://baochinhphu.vn/"
"""
# file -> (portal or None, category, date)
ARTICLES = {
    "a1.md": ("anhoa", "Tin hoạt động", "2025-05-28"),
    "a2.md": ("anhoa", "Tin hoạt động", "2025-05-02"),
    "a3.md": ("anhoa", "Kinh tế", "2024-11-10"),
    "a4.md": ("anhoa", "Kinh tế", "2023-03-03"),
    "t1.md": ("tanphuoc", "Tin hoạt động", "2025-06-20"),
    "t2.md": ("tanphuoc", "Thông báo", "2024-12-31"),
    "c1.md": ("chinhphu", "Chính sách mới", "2026-03-01"),
    "x1.md": ("lamdong", "Tin hoạt động", "2025-02-02"),  # not in portals.toml
    "n1.md": (None, "Tin tức", "2025-01-01"),  # an editor's page, no portal
}
PAGINATION = 2


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def write_content(root: Path) -> Path:
    content = root / "content"
    content.mkdir(parents=True)
    for name, (portal, category, date) in ARTICLES.items():
        stem = name.removesuffix(".md")
        lines = [f"Title: Bản tin {stem}", f"Date: {date}T08:00:00+07:00", f"Slug: {stem}",
                 f"Category: {category}"]  # fmt: skip
        if portal:
            lines += [f"Source: https://{portal}.example.vn/{stem}.html", f"Portal: {portal}"]
        (content / name).write_text("\n".join(lines) + f"\n\nNội dung {stem}.\n", "utf-8")
    (root / "portals.toml").write_text(PORTALS_TOML, encoding="utf-8")
    return content


def settings(root: Path) -> dict:
    return {
        "PORTAL_PAGES": {
            "portals_file": str(root / "portals.toml"),
            "pagination": PAGINATION,
            "category_pages": "shared",
        }
    }


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("portal_pages_site")
    content = write_content(root)
    output = root / "output"
    result = build_site(content, output, extra=settings(root))
    return root, output, result.stdout


def expected_counts() -> Counter:
    return Counter(portal for portal, _, _ in ARTICLES.values() if portal)


def test_the_index_lists_every_portal_grouped_by_todays_province(site):
    _, output, _ = site
    page = soup_of(output / "cong-thong-tin" / "index.html")
    groups = {
        section.h2.get_text(strip=True): [
            (row.th.a["href"].split("cong-thong-tin/")[1], int(row.select_one("[data-count]")["data-count"]))  # noqa: E501
            for row in section.select("tbody tr")
        ]
        for section in page.select("section.pp-group")
    }  # fmt: skip
    counts = expected_counts()
    assert groups == {
        "An Hòa": [("anhoa/", counts["anhoa"]), ("tanphuoc/", counts["tanphuoc"])],
        "Cơ quan trung ương và khác": [("chinhphu/", 1), ("lamdong/", 1)],
    }
    row = page.select("section.pp-group")[0].select("tbody tr")[1]
    cells = [td.get_text(" ", strip=True) for td in row.select("td")]
    assert cells[0] == "Huyện" and cells[1] == "2024–2025"
    assert cells[3].startswith("Đã ngừng từ 01/07/2025; nay là")
    assert row.select("td a")[-1]["href"].endswith("cong-thong-tin/anhoa/")
    assert "trước đây: Phú Long" in row.th.get_text()


def test_a_closed_portal_says_so_and_links_its_successor(site):
    _, output, _ = site
    page = soup_of(output / "cong-thong-tin" / "tanphuoc" / "index.html")
    notice = page.select_one(".pp-notice")
    text = " ".join(notice.get_text().split())
    assert "Cổng thông tin này đã ngừng hoạt động từ 01/07/2025; nội dung mới tại" in text
    link = notice.select_one("a")
    assert link.get_text() == "Cổng thông tin điện tử Tỉnh ủy An Hòa"
    assert (output / "cong-thong-tin" / "tanphuoc" / link["href"] / "index.html").resolve() == (
        output / "cong-thong-tin" / "anhoa" / "index.html"
    )
    assert soup_of(output / "cong-thong-tin" / "anhoa" / "index.html").select(".pp-notice") == []


def test_a_portal_page_lists_its_newest_articles_paginated(site):
    _, output, _ = site
    first = soup_of(output / "cong-thong-tin" / "anhoa" / "index.html")
    titles = [a.get_text() for a in first.select(".ai-list a")]
    assert titles == ["Bản tin a1", "Bản tin a2"]
    second = soup_of(output / "cong-thong-tin" / "anhoa" / "trang" / "2" / "index.html")
    assert [a.get_text() for a in second.select(".ai-list a")] == ["Bản tin a3", "Bản tin a4"]
    assert first.select_one(".pagination a[rel=next]")["href"].endswith(
        "cong-thong-tin/anhoa/trang/2/"
    )
    facts = " ".join(first.select_one(".pp-facts").get_text(" ").split())
    assert "Tỉnh ủy" in facts and "An Hòa" in facts and "Đang hoạt động" in facts
    assert "03/03/2023 – 28/05/2025" in facts


def test_a_shared_category_gets_a_page_per_portal_the_others_link_site_wide(site):
    _, output, _ = site
    page = soup_of(output / "cong-thong-tin" / "anhoa" / "index.html")
    links = {a.get_text(): a["href"] for a in page.select(".pp-categories a")}
    assert links["Tin hoạt động"].endswith("cong-thong-tin/anhoa/chuyen-muc/tin-hoat-dong/")
    assert links["Kinh tế"].endswith("../../chuyen-muc/kinh-te/")  # only An Hòa has it
    for portal, expected in (("anhoa", ["a1", "a2"]), ("tanphuoc", ["t1"])):
        own = soup_of(
            output / "cong-thong-tin" / portal / "chuyen-muc" / "tin-hoat-dong" / "index.html"
        )  # noqa: E501
        assert [a.get_text().split()[-1] for a in own.select(".ai-list a")] == expected
        crumbs = [a.get_text() for a in own.select(".breadcrumb a")]
        assert crumbs[:2] == ["Trang chủ", "Cổng thông tin"] and crumbs[-1] == "Tin hoạt động"
    assert not (output / "cong-thong-tin" / "anhoa" / "chuyen-muc" / "kinh-te").exists()
    site_wide = soup_of(output / "chuyen-muc" / "tin-hoat-dong" / "index.html")
    assert int(site_wide.select_one(".count").get_text().split()[0]) == 4  # the whole archive


def test_month_pages_per_portal_count_the_portals_articles(site):
    _, output, _ = site
    months = Counter((portal, date[:7]) for portal, _, date in ARTICLES.values() if portal)
    for (portal, month), count in months.items():
        page = output / "cong-thong-tin" / portal / month[:4] / month[5:] / "index.html"
        assert int(soup_of(page).select_one(".pp-count")["data-count"]) == count, page
    archive = soup_of(output / "cong-thong-tin" / "anhoa" / "index.html").select(".pp-archive li")
    assert [li.select_one(".pp-year").get_text() for li in archive] == [
        "Năm 2025", "Năm 2024", "Năm 2023",
    ]  # fmt: skip


def test_article_pages_name_their_portal_in_breadcrumbs_and_source(site):
    _, output, _ = site
    page = soup_of(output / "2025" / "06" / "t1" / "index.html")
    crumbs = [(a.get_text(), a["href"]) for a in page.select(".breadcrumb a")]
    assert [name for name, _ in crumbs] == [
        "Trang chủ", "Cổng thông tin điện tử huyện Tân Phước", "Tin hoạt động",
    ]  # fmt: skip
    assert crumbs[1][1].endswith("cong-thong-tin/tanphuoc/")
    assert crumbs[2][1].endswith("cong-thong-tin/tanphuoc/chuyen-muc/tin-hoat-dong/")
    source = page.select_one(".source .portal-link")
    assert source.get_text() == "Cổng thông tin điện tử huyện Tân Phước"
    plain = soup_of(output / "2025" / "01" / "n1" / "index.html")
    assert [a.get_text() for a in plain.select(".breadcrumb a")] == ["Trang chủ", "Tin tức"]


def test_an_unknown_portal_builds_with_a_warning_naming_the_file(site):
    _, output, log = site
    flat = " ".join(log.split())
    assert "x1.md: Portal 'lamdong' is not in" in flat
    page = soup_of(output / "cong-thong-tin" / "lamdong" / "index.html")
    assert page.h1.get_text() == "lamdong.example.vn"  # derived from its Source
    assert "Chưa rõ cấp" in page.select_one(".pp-facts").get_text()


def test_every_link_of_the_new_pages_resolves(site):
    _, output, _ = site
    assert [str(b) for b in find_broken_links(output)] == []
    assert (output / "cong-thong-tin" / "index.html").exists()


def test_search_knows_each_portals_name_level_and_province_from_portals_toml(site):
    """The search index's portal facet is fed from portals.toml (the PORTALS hook)."""
    import json

    _, output, _ = site
    manifest = json.loads((output / "search" / "manifest.json").read_text(encoding="utf-8"))
    parts = {part["portal"]: part for part in manifest["parts"]}
    assert parts["tanphuoc"]["name"] == "Cổng thông tin điện tử huyện Tân Phước"
    assert (parts["tanphuoc"]["level"], parts["tanphuoc"]["province"]) == ("Huyện", "An Hòa")
    assert parts["chinhphu"]["level"] == "Trung ương" and parts["chinhphu"]["province"] == ""
    assert parts["lamdong"]["name"] == "lamdong"  # not in portals.toml: its key


def test_the_same_content_gives_the_same_bytes(site, tmp_path):
    root, output, _ = site
    again = tmp_path / "output"
    build_site(root / "content", again, extra=settings(root))
    first = {p.relative_to(output): p.read_bytes() for p in output.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    assert [str(p) for p in first if first[p] != second[p]] == []


def test_a_bad_portals_toml_stops_the_build_naming_file_and_field(tmp_path):
    content = write_content(tmp_path)
    (tmp_path / "portals.toml").write_text(
        '[portals.hue-city]\nname = "Huế"\nlevel = "quận"\nprovince = "Huế"\n', encoding="utf-8"
    )
    result = build_site(content, tmp_path / "output", extra=settings(tmp_path), check=False)
    assert result.returncode != 0
    flat = " ".join(result.stdout.split())
    assert "portals.toml: portals.hue-city.level: 'quận' is not one of tinh-uy" in flat
