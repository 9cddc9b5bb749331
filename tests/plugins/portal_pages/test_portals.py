"""plugins/portal_pages/portals.py: portals from articles, periods, groups, successors, listings."""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass, field

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plugins.portal_pages.portals import (
    NO_PROVINCE,
    build_portal_index,
    dated_after_closing,
    group_by_province,
    resolve_successors,
    vietnamese_key,
)
from plugins.portal_pages.registry import Portal, Registry, parse_registry

REGISTRY = parse_registry(
    tomllib.loads(
        """
[portals.anhoa]
name = "Tỉnh ủy An Hòa"
level = "tinh-uy"
province = "An Hòa"

[portals.tanphuoc]
name = "Huyện Tân Phước"
level = "huyen"
province = "An Hòa"
former_province = "Phú Long"
closed_on = 2025-07-01
merged_into = "phulong"

[portals.phulong]
name = "Tỉnh ủy Phú Long"
level = "tinh-uy"
province = "An Hòa"
former_province = "Phú Long"
address = "https://phulong.example.vn/"
closed_on = 2025-07-01
merged_into = "anhoa"

[portals.bac]
name = "Sở Y tế Bắc Sơn"
level = "so-nganh"
province = "Bắc Sơn"
published_from = 2001-02-03
published_until = 2020-12-31

[portals.chinhphu]
name = "Báo Chính phủ"
level = "trung-uong"
"""
    )
)


@dataclass(frozen=True)
class Category:
    name: str

    @property
    def slug(self) -> str:
        return self.name.lower().replace(" ", "-")

    @property
    def url(self) -> str:
        return f"chuyen-muc/{self.slug}/"

    def __str__(self) -> str:
        return self.name


@dataclass
class Article:
    date: dt.datetime
    portal: str | None
    category: Category = field(default_factory=lambda: Category("Tin hoạt động"))
    source_path: str = "content/x.md"
    source: str = ""

    @property
    def metadata(self) -> dict:
        meta = {"source": self.source} if self.source else {}
        return meta | ({"portal": self.portal} if self.portal is not None else {})


def day(y: int, m: int, d: int = 1) -> dt.datetime:
    return dt.datetime(y, m, d, 8, 0)


def build(articles, **options):
    return build_portal_index(articles, REGISTRY, **options)


def test_articles_go_to_their_portal_newest_first_and_unportaled_ones_nowhere():
    a, b, c = day(2023, 1), day(2025, 5), day(2024, 3)
    index = build(
        [Article(a, "anhoa"), Article(b, "anhoa"), Article(c, "tanphuoc"), Article(c, None)]
    )
    assert [e.key for e in index.portals] == ["anhoa", "tanphuoc"]  # open before closed
    anhoa = index.get("anhoa")
    assert [x.date for x in anhoa.articles] == [b, a]
    assert anhoa.count == 2 and index.get("tanphuoc").count == 1
    assert index.unknown == ()


@pytest.mark.parametrize(
    ("key", "dates", "first", "last", "years"),
    [
        ("anhoa", [day(2023, 1, 9), day(2025, 5, 28)], dt.date(2023, 1, 9), dt.date(2025, 5, 28),
         "2023–2025"),
        ("anhoa", [day(2024, 2, 2)], dt.date(2024, 2, 2), dt.date(2024, 2, 2), "2024"),
        # given dates win over the articles' (the portal published before the archive began)
        ("bac", [day(2019, 6, 1)], dt.date(2001, 2, 3), dt.date(2020, 12, 31), "2001–2020"),
    ],
)  # fmt: skip
def test_the_period_comes_from_portals_toml_or_else_the_articles(key, dates, first, last, years):
    entry = build([Article(d, key) for d in dates]).get(key)
    assert (entry.first_date, entry.last_date, entry.years_covered) == (first, last, years)


def test_groups_by_todays_province_alphabetically_with_central_portals_last():
    articles = [Article(day(2024, 1), key) for key in ("chinhphu", "bac", "tanphuoc", "anhoa")]
    index = build(articles)
    assert [g.name for g in index.groups] == ["An Hòa", "Bắc Sơn", NO_PROVINCE]
    assert [e.key for e in index.groups[0].portals] == ["anhoa", "tanphuoc"]
    assert [g.anchor for g in index.groups] == ["tinh-1", "tinh-2", "tinh-3"]
    assert [e.key for e in index.portals] == ["anhoa", "tanphuoc", "bac", "chinhphu"]


def test_vietnamese_order_puts_each_letter_after_its_base():
    names = ["Đồng Tháp", "Điện Biên", "Đà Nẵng", "An Giang", "Bắc Ninh", "Ăn", "Ân", "Cà Mau"]
    names.append("Dắk")
    assert sorted(names, key=vietnamese_key) == [
        "An Giang", "Ăn", "Ân", "Bắc Ninh", "Cà Mau", "Dắk", "Đà Nẵng", "Điện Biên", "Đồng Tháp",
    ]  # fmt: skip


@given(st.lists(st.sampled_from(["anhoa", "tanphuoc", "bac", "chinhphu", "x"]), max_size=30))
def test_every_portal_article_is_in_exactly_one_portal(keys):
    articles = [Article(day(2020 + n % 5, 1 + n % 12), key) for n, key in enumerate(keys)]
    index = build(articles)
    assert sum(entry.count for entry in index.portals) == len(articles)
    assert sum(len(group.portals) for group in index.groups) == len(index.portals)
    for entry in index.portals:
        assert sum(year.count for year in entry.years) == entry.count
        assert sum(c.count for c in entry.categories) == entry.count


def test_successors_follow_the_chain_to_a_portal_that_still_exists():
    articles = [Article(day(2024, 1), key) for key in ("tanphuoc", "phulong", "anhoa")]
    index = build(articles)
    chain = index.get("tanphuoc").successors
    assert [(s.name, s.url, s.internal) for s in chain] == [
        ("Tỉnh ủy Phú Long", "cong-thong-tin/phulong/", True),
        ("Tỉnh ủy An Hòa", "cong-thong-tin/anhoa/", True),
    ]
    assert index.get("anhoa").successors == ()
    assert index.get("tanphuoc").closed and not index.get("anhoa").closed


def test_a_successor_without_a_page_links_its_address_or_is_only_named():
    # phulong has no articles: no page of its own, so its address; anhoa neither: just its name
    chain = build([Article(day(2024, 1), "tanphuoc")]).get("tanphuoc").successors
    assert [(s.name, s.url, s.internal) for s in chain] == [
        ("Tỉnh ủy Phú Long", "https://phulong.example.vn/", False),
        ("Tỉnh ủy An Hòa", None, False),
    ]


def test_a_successor_given_as_an_address():
    portal = Portal("a", "A", "xa", "P", replaced_by="https://moi.example.vn/tin/")
    chain = resolve_successors(portal, {"a": portal}, lambda key: None)
    assert [(s.name, s.url, s.internal) for s in chain] == [
        ("moi.example.vn", "https://moi.example.vn/tin/", False)
    ]


def test_a_portal_missing_from_the_registry_gets_a_derived_record():
    articles = [
        Article(day(2024, 1), "lamdong", source_path="content/b.md", source="https://ld.vn/1"),
        Article(day(2024, 2), "lamdong", source_path="content/a.md", source="https://ld.vn/2"),
        Article(day(2024, 2), "named", source_path="content/c.md"),
    ]
    index = build(articles, names={"named": "Cổng Có Tên"})
    assert index.unknown == (("lamdong", "content/a.md", 2), ("named", "content/c.md", 1))
    derived = index.get("lamdong")
    assert derived.portal.name == "ld.vn" and not derived.portal.recorded
    assert derived.info.level is None and derived.portal.level_name == "Chưa rõ cấp"
    assert index.get("named").portal.name == "Cổng Có Tên"
    assert index.groups[-1].name == NO_PROVINCE


@pytest.mark.parametrize(
    ("mode", "own"),
    [
        ("shared", {("anhoa", "Tin hoạt động"), ("tanphuoc", "Tin hoạt động")}),
        ("all", {("anhoa", "Tin hoạt động"), ("tanphuoc", "Tin hoạt động"),
                 ("anhoa", "Kinh tế")}),
        ("none", set()),
    ],
)  # fmt: skip
def test_a_category_two_portals_share_gets_a_page_per_portal(mode, own):
    articles = [
        Article(day(2024, 1), "anhoa"),
        Article(day(2024, 2), "anhoa", Category("Kinh tế")),
        Article(day(2024, 3), "tanphuoc"),
    ]
    index = build(articles, category_pages=mode)
    found = set()
    for entry in index.portals:
        for category in entry.categories:
            if category.save_as:
                found.add((entry.key, category.name))
                assert category.url == f"cong-thong-tin/{entry.key}/chuyen-muc/{category.slug}/"
                assert category.save_as == category.url + "index.html"
            else:
                assert category.url == f"chuyen-muc/{category.slug}/"  # the site-wide page
    assert found == own


def test_months_per_portal_oldest_first_within_years_newest_first():
    months = [(2024, 12), (2025, 1), (2025, 1), (2024, 3)]
    articles = [Article(day(y, m), "anhoa") for y, m in months]
    years = build(articles).get("anhoa").years
    assert [y.year for y in years] == [2025, 2024]
    assert [(m.month, m.count, m.url) for m in years[1].months] == [
        (3, 1, "cong-thong-tin/anhoa/2024/03/"),
        (12, 1, "cong-thong-tin/anhoa/2024/12/"),
    ]
    assert years[0].count == 2 and years[0].months[0].name == "Tháng 1/2025"


def test_registered_portals_without_articles_are_listed_only_when_asked():
    articles = [Article(day(2024, 1), "anhoa")]
    assert [e.key for e in build(articles).portals] == ["anhoa"]
    listed = build(articles, list_empty=True)
    assert {e.key for e in listed.portals} == set(REGISTRY.portals)
    assert listed.get("bac").count == 0 and listed.get("bac").years == ()


def test_articles_dated_after_closing_are_counted():
    articles = [Article(day(2025, 6, 30), "tanphuoc"), Article(day(2025, 7, 2), "tanphuoc")]
    assert dated_after_closing(build(articles).get("tanphuoc")) == 1
    assert dated_after_closing(build([Article(day(2025, 8), "anhoa")]).get("anhoa")) == 0


def test_the_same_articles_give_the_same_index_in_any_order():
    keys = ["anhoa", "bac", "tanphuoc", "anhoa", "chinhphu", "x"]
    articles = [Article(day(2020 + n % 4, 1 + n % 12, 1 + n), k) for n, k in enumerate(keys)]
    assert build(articles) == build(list(reversed(articles)))


def test_group_by_province_of_nothing_is_empty():
    assert group_by_province([]) == ()
    assert Registry("portals.toml", {}).get("x") is None


def test_a_portal_value_that_is_not_url_safe_gets_a_slug_in_its_urls():
    index = build([Article(day(2024, 5), "Tỉnh ủy Bình Phước", source_path="content/bp.md")])
    entry = index.get("Tỉnh ủy Bình Phước")
    assert entry.url == "cong-thong-tin/tinh-uy-binh-phuoc/"
    assert entry.save_as == "cong-thong-tin/tinh-uy-binh-phuoc/index.html"
    assert entry.years[0].months[0].url == "cong-thong-tin/tinh-uy-binh-phuoc/2024/05/"
    assert entry.portal.name == "Tỉnh ủy Bình Phước"
