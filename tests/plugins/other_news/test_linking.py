"""plugins/other_news/linking.py: archived articles first (URL, then title), originals, text."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from archive_core.models import OtherNewsItem
from plugins.other_news.linking import (
    EXTERNAL,
    INTERNAL,
    PLAIN,
    ArchivedArticle,
    ArchiveIndex,
    LinkedItem,
    link_listing,
    prepare_listing,
    select_for_display,
)
from plugins.other_news.settings import resolve_settings

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def vn(day: int, month: int, year: int) -> datetime:
    return datetime(year, month, day, 8, 0, tzinfo=VN)


HOA = ArchivedArticle(
    "Văn hóa xã hội tỉnh", "2025/05/van-hoa/", vn(10, 5, 2025), "https://p.vn/tin/van-hoa.html"
)
RENAMED = ArchivedArticle(
    "Tiêu đề đã sửa", "2025/05/tieu-de/", vn(12, 5, 2025), "https://p.vn/tin/tieu-de.html"
)
NOTICE_2021 = ArchivedArticle("Thông báo nghỉ lễ", "2021/04/thong-bao/", vn(28, 4, 2021))
NOTICE_2022 = ArchivedArticle("Thông báo nghỉ lễ", "2022/04/thong-bao/", vn(27, 4, 2022))
INDEX = ArchiveIndex([HOA, RENAMED, NOTICE_2021, NOTICE_2022])


@pytest.mark.parametrize(
    ("item", "kind", "href", "article"),
    [
        # by source URL, whatever the listing calls it (scheme and slash ignored)
        (
            OtherNewsItem("Tên cũ", None, "http://p.vn/tin/tieu-de.html"),
            INTERNAL,
            RENAMED.url,
            RENAMED,
        ),
        # by title key (tone placement, case, quotes) when there is no URL
        (OtherNewsItem("VĂN HOÁ XÃ HỘI TỈNH"), INTERNAL, HOA.url, HOA),
        # by title when the URL is unknown to the archive
        (OtherNewsItem("Văn hóa xã hội tỉnh", None, "https://p.vn/khac"), INTERNAL, HOA.url, HOA),
        # by our own site URL (an editor's hand-written link)
        (OtherNewsItem("Bài nào đó", None, "/2025/05/van-hoa/"), INTERNAL, HOA.url, HOA),
        # a title shared by two articles: the listing date picks one, else the newest
        (
            OtherNewsItem("Thông báo nghỉ lễ", vn(28, 4, 2021)),
            INTERNAL,
            NOTICE_2021.url,
            NOTICE_2021,
        ),
        (OtherNewsItem("Thông báo nghỉ lễ"), INTERNAL, NOTICE_2022.url, NOTICE_2022),
        # not archived: the original when known, else plain text
        (
            OtherNewsItem("Tin khác", None, "https://p.vn/tin-khac"),
            EXTERNAL,
            "https://p.vn/tin-khac",
            None,
        ),
        (OtherNewsItem("Tin khác"), PLAIN, None, None),
        (OtherNewsItem("Tin khác", None, "/2020/01/khong-co/"), PLAIN, None, None),
    ],
)
def test_link_listing(item, kind, href, article):
    (linked,) = link_listing([item], INDEX)
    assert (linked.kind, linked.href) == (kind, href)
    assert article is None or href == article.url
    assert linked.title == item.title
    assert linked.original_url == item.url


def test_internal_item_without_listing_date_takes_the_article_date():
    (linked,) = link_listing([OtherNewsItem("Văn hóa xã hội tỉnh")], INDEX)
    assert linked.date == HOA.date


def test_link_originals_off_gives_plain_text():
    item = OtherNewsItem("Tin khác", None, "https://p.vn/tin-khac")
    (linked,) = link_listing([item], INDEX, link_originals=False)
    assert linked.kind == PLAIN


def _items(*specs):
    return [LinkedItem(t, d, k, None) for t, d, k in specs]


LINKED = _items(
    ("a", vn(1, 5, 2025), INTERNAL),
    ("b", None, PLAIN),
    ("c", vn(9, 5, 2025), EXTERNAL),
    ("d", None, INTERNAL),
    ("e", vn(5, 5, 2025), INTERNAL),
)


@pytest.mark.parametrize(
    ("user", "titles"),
    [
        ({}, ["a", "b", "c", "d", "e"]),
        ({"order": "newest"}, ["c", "e", "a", "b", "d"]),
        ({"show_unarchived": False}, ["a", "d", "e"]),
        ({"max_items": 2}, ["a", "b"]),
        ({"max_items": None}, ["a", "b", "c", "d", "e"]),
        ({"order": "newest", "show_unarchived": False, "max_items": 2}, ["e", "a"]),
    ],
)
def test_select_for_display(user, titles):
    shown = select_for_display(LINKED, resolve_settings(user))
    assert [item.title for item in shown] == titles


def test_prepare_listing_dedupes_links_and_drops_the_article_itself():
    value = [
        "Văn hóa xã hội tỉnh (10/05/2025)",
        "Tiêu đề đã sửa",
        "VĂN HOÁ XÃ HỘI TỈNH",
        "Tin khác <https://p.vn/tin-khac>",
        "Tin khác",
    ]
    linked = prepare_listing(
        value,
        source="a.md",
        self_title="Tiêu đề đã sửa",
        self_url=RENAMED.source_url,
        self_page=RENAMED.url,
        index=INDEX,
        settings=resolve_settings({}),
    )
    assert [(i.title, i.kind) for i in linked] == [
        ("Văn hóa xã hội tỉnh", INTERNAL),
        ("Tin khác", EXTERNAL),
    ]


def test_prepare_listing_drops_an_item_that_resolves_to_the_article_page():
    linked = prepare_listing(
        ["Tên cũ <https://p.vn/tin/van-hoa.html>", "Tin khác"],
        source="a.md",
        self_title="Văn hóa xã hội tỉnh",
        self_url=None,
        self_page=HOA.url,
        index=INDEX,
        settings=resolve_settings({}),
    )
    assert [i.title for i in linked] == ["Tin khác"]


@pytest.mark.parametrize(
    ("date", "iso", "text"),
    [
        (None, "", ""),
        (vn(8, 5, 2025), "2025-05-08", "08/05/2025"),
        # 20:00 UTC is 03:00 the next day in Vietnam: the reader's calendar day is shown
        (datetime(2025, 5, 8, 20, 0, tzinfo=ZoneInfo("UTC")), "2025-05-09", "09/05/2025"),
    ],
)
def test_display_dates_are_vietnamese_short_dates(date, iso, text):
    item = LinkedItem("Tin", date, PLAIN, None)
    assert (item.date_iso, item.date_text) == (iso, text)
