"""A real Pelican build: topic pages, topic index, Lưu trữ, year and month pages, JSON files.

The counts shown on the pages must equal the content: per period from the articles' dates, per
topic from the topic links on the article pages themselves.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.support.site import build_site

ARTICLES = {
    "a.md": ("Đẩy nhanh giải ngân vốn đầu tư công năm 2025", "2025-05-28T08:00:00+07:00", ""),
    "b.md": ("Kết nạp đảng viên mới tại chi bộ ấp", "2025-05-02T08:00:00+07:00", ""),
    "c.md": ("Nâng cấp, mở rộng Quốc lộ 62 và Đường tỉnh 827", "2025-01-10T08:00:00+07:00", ""),
    "d.md": (
        "Thông báo nghỉ lễ Quốc khánh",
        "2024-12-31T08:00:00+07:00",
        "Category: Thông báo\n",
    ),
    "e.md": (
        "Tin tức trong tuần",
        "2024-03-03T08:00:00+07:00",
        "Topics: Van hoa, giao duc va y te\n",
    ),
    "f.md": (
        "Giải ngân đầu tư công cho các dự án giao thông trọng điểm",
        "2025-05-20T08:00:00+07:00",
        "Topics_exclude: ha-tang-giao-thong\n",
    ),
    "g.md": (
        "Diễn tập khu vực phòng thủ, bảo đảm an ninh trật tự",
        "2023-06-06T08:00:00+07:00",
        "Topics: khong-co-chu-de, quoc-phong-an-ninh\n",
    ),
    "h.md": ("Bản nháp về giải ngân", "2025-05-29T08:00:00+07:00", "Status: draft\n"),
}
PUBLISHED = {name: spec for name, spec in ARTICLES.items() if "draft" not in spec[2]}


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def page_count(path: Path) -> int:
    return int(soup_of(path).select_one(".ai-count")["data-count"])


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("archive_indexes_site")
    content = root / "content"
    content.mkdir()
    for index, (name, (title, date, extra)) in enumerate(ARTICLES.items()):
        (content / name).write_text(
            f"Title: {title}\nDate: {date}\nSlug: bai-{index}\n{extra}\n{title}. Nội dung bài.\n",
            encoding="utf-8",
        )
    output = root / "output"
    result = build_site(content, output, extra={"ARCHIVE_INDEXES": {"topic_pagination": 1}})
    return output, result.stdout


def article_topics(output: Path) -> dict[str, list[str]]:
    """Article page -> the topic page URLs it links (from the rendered partial)."""
    found = {}
    for page in output.glob("20*/[0-9][0-9]/*/index.html"):
        links = soup_of(page).select(".ai-topics .tag-list a")
        found[page.parent.name] = [a["href"].rsplit("chu-de/", 1)[1] for a in links]
    return found


def test_every_article_links_its_topics_and_the_topic_index(site):
    output, _ = site
    topics = article_topics(output)
    assert len(topics) == len(PUBLISHED)
    assert all(topics.values()), topics
    for page in output.glob("20*/[0-9][0-9]/*/index.html"):
        all_link = soup_of(page).select_one(".ai-topics__all a")
        assert all_link["href"].endswith("chu-de/")
        assert "style=" not in page.read_text(encoding="utf-8")


def test_topics_come_from_matching_and_from_editors(site):
    output, log = site
    topics = article_topics(output)
    assert topics["bai-0"][0] == "dau-tu-cong/"
    assert topics["bai-1"] == ["xay-dung-dang/"]
    assert topics["bai-2"] == ["ha-tang-giao-thong/"]
    assert topics["bai-3"] == ["thong-bao/"]
    assert topics["bai-4"] == ["van-hoa-giao-duc-y-te/"]  # fixed by name, without accents
    assert "ha-tang-giao-thong/" not in topics["bai-5"]  # excluded by the editor
    assert topics["bai-6"] == ["quoc-phong-an-ninh/"]
    assert "g.md" in log and "'khong-co-chu-de' is not a topic" in log


def test_topic_pages_and_index_counts_equal_the_articles(site):
    output, _ = site
    expected = Counter(slug for slugs in article_topics(output).values() for slug in slugs)
    index = soup_of(output / "chu-de" / "index.html")
    rows = index.select(".ai-topic-table tbody tr")
    listed = {
        row.select_one("a")["href"].rsplit("chu-de/", 1)[1]: int(
            row.select_one("[data-count]")["data-count"]
        )
        for row in rows
    }
    assert listed == dict(expected)
    counts = [int(row.select_one("[data-count]")["data-count"]) for row in rows]
    assert counts == sorted(counts, reverse=True)
    for slug, count in expected.items():
        page = output / "chu-de" / slug / "index.html"
        assert page_count(page) == count
        # one article per page (topic_pagination = 1): the last page exists, no page after it
        if count > 1:
            assert (output / "chu-de" / slug / "trang" / str(count) / "index.html").exists()
        assert not (output / "chu-de" / slug / "trang" / str(count + 1) / "index.html").exists()


def test_topic_pages_link_to_the_previous_and_next_page(site):
    output, _ = site
    first = soup_of(output / "chu-de" / "dau-tu-cong" / "index.html")
    assert first.select_one(".pagination a[rel=next]")["href"].endswith(
        "chu-de/dau-tu-cong/trang/2/"
    )
    assert first.select_one(".pagination a[rel=prev]") is None
    second = soup_of(output / "chu-de" / "dau-tu-cong" / "trang" / "2" / "index.html")
    assert second.select_one(".pagination a[rel=prev]")["href"].endswith("chu-de/dau-tu-cong/")
    assert second.select_one("[aria-current=page]").text == "2"


def test_the_topic_page_shows_the_date_range_newest_first(site):
    output, _ = site
    page = soup_of(output / "chu-de" / "dau-tu-cong" / "index.html")
    times = [t["datetime"] for t in page.select(".ai-stats time")]
    assert times == ["2025-05-20", "2025-05-28"]
    first_card = page.select_one(".ai-list a")
    assert first_card.text.startswith("Đẩy nhanh giải ngân")  # 28/05 before 20/05


def test_period_pages_and_luu_tru_counts_equal_the_content(site):
    output, _ = site
    dates = [spec[1] for spec in PUBLISHED.values()]
    per_year = Counter(d[:4] for d in dates)
    per_month = Counter(d[:7] for d in dates)
    archives = soup_of(output / "luu-tru" / "index.html")
    assert int(archives.select_one(".ai-count")["data-count"]) == len(PUBLISHED)
    for year, count in per_year.items():
        assert page_count(output / year / "index.html") == count
        section = archives.select_one(f"#nam-{year}").parent
        assert int(section.select_one("h2 [data-count]")["data-count"]) == count
        svg = section.select_one("svg[role=img]")
        assert (
            svg.select_one("title").text and f"Cả năm: {count} bài" in svg.select_one("desc").text
        )
        rows = section.select("table.ai-table tbody tr")
        shown = {r.select_one("a")["href"].split("../")[-1]: int(r.td["data-count"]) for r in rows}
        assert shown == {f"{m[:4]}/{m[5:]}/": c for m, c in per_month.items() if m[:4] == year}
    for month, count in per_month.items():
        assert page_count(output / month[:4] / month[5:] / "index.html") == count
    assert not (output / "2025" / "05" / "28").exists()  # no day pages by default
    assert not archives.find("script")


def test_month_pages_link_previous_and_next_months_with_articles(site):
    output, _ = site
    nav = soup_of(output / "2025" / "01" / "index.html").select_one(".ai-period-nav")
    assert nav.select_one("a[rel=prev]")["href"].endswith("2024/12/")
    assert nav.select_one("a[rel=next]")["href"].endswith("2025/05/")
    year_nav = soup_of(output / "2024" / "index.html").select_one(".ai-period-nav")
    assert year_nav.select_one("a[rel=prev]")["href"].endswith("2023/")
    assert year_nav.select_one("a[rel=next]")["href"].endswith("2025/")


def test_json_indexes(site):
    output, _ = site
    topics = json.loads((output / "topics.json").read_text(encoding="utf-8"))
    expected = Counter(slug.rstrip("/") for s in article_topics(output).values() for slug in s)
    assert topics["total_articles"] == len(PUBLISHED)
    assert {t["id"]: t["count"] for t in topics["topics"] if t["count"]} == dict(expected)
    for item in topics["topics"]:
        if item["count"]:
            assert (output / item["url"] / "index.html").exists()
    dates = json.loads((output / "dates.json").read_text(encoding="utf-8"))
    assert sum(y["count"] for y in dates["years"]) == len(PUBLISHED)
    for year in dates["years"]:
        assert (output / year["url"] / "index.html").exists()
        for month in year["months"]:
            assert page_count(output / month["url"] / "index.html") == month["count"]


@pytest.mark.slow
def test_day_archives_setting_and_reproducible_json(site, tmp_path):
    output, _ = site
    content = output.parent / "content"
    second = tmp_path / "output"
    build_site(
        content, second, extra={"ARCHIVE_INDEXES": {"topic_pagination": 1, "day_archives": True}}
    )
    assert page_count(second / "2025" / "05" / "28" / "index.html") == 1
    month = soup_of(second / "2025" / "05" / "index.html")
    assert [a["href"].rstrip("/").rsplit("/", 1)[1] for a in month.select(".ai-days a")] == [
        "02",
        "20",
        "28",
    ]
    dates = json.loads((second / "dates.json").read_text(encoding="utf-8"))
    assert dates["years"][0]["months"][-1]["days"][0]["id"] == "2025-05-02"
    assert (second / "topics.json").read_bytes() == (output / "topics.json").read_bytes()


def test_a_broken_vocabulary_stops_the_build_naming_file_and_field(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    (content / "a.md").write_text("Title: Tin\nDate: 2025-01-01\n\nNội dung.\n", encoding="utf-8")
    vocabulary = tmp_path / "chu-de.toml"
    vocabulary.write_text('[[topic]]\nslug = "x"\nname = "X"\nkeywords = []\n', encoding="utf-8")
    result = build_site(
        content,
        tmp_path / "output",
        extra={"ARCHIVE_INDEXES": {"vocabulary": str(vocabulary)}},
        check=False,
    )
    assert result.returncode != 0
    flat = " ".join(result.stdout.split())
    assert "chu-de.toml: topic[0].keywords: give a non-empty list" in flat


def test_every_article_of_the_sample_archive_gets_a_topic(tmp_path):
    from tests.support.paths import PROJECT_ROOT

    output = tmp_path / "output"
    build_site(PROJECT_ROOT / "content", output)
    pages = list(output.glob("20*/[0-9][0-9]/*/index.html"))
    assert pages
    for page in pages:
        assert soup_of(page).select(".ai-topics .tag-list a"), page
