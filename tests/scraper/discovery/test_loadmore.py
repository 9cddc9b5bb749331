"""scraper/discovery/loadmore.py: "Xem thêm" endpoints, their JSON answers, URL templates."""

from __future__ import annotations

import itertools

import lxml.html
import pytest

from scraper.discovery.loadmore import load_more_urls, parse_json_page, template_pages
from tests.support.paths import TEST_FIXTURES


def test_the_button_of_the_gov_portal_names_its_endpoint() -> None:
    page = TEST_FIXTURES / "gov_portal" / "Pages" / "tin-tuc" / "thong-bao.aspx"
    doc = lxml.html.document_fromstring(page.read_bytes())
    assert load_more_urls(doc, "http://t.vn/Pages/tin-tuc/thong-bao.aspx") == [
        "http://t.vn/Ajax/LoadMore.ashx?cat=thong-bao&page=2"
    ]


def test_a_button_without_an_endpoint_names_nothing() -> None:
    doc = lxml.html.document_fromstring(
        '<div class="loadmore"><a href="javascript:;" class="btn">Xem thêm</a></div>'
    )
    assert load_more_urls(doc, "https://baochinhphu.vn/") == []


@pytest.mark.parametrize(
    ("body", "items", "next_url"),
    [
        (
            b'{"items":[{"title":"A","url":"/a-1.html","date":"2024-05-24T08:05:00"}],'
            b'"next":"/Ajax/LoadMore.ashx?page=3"}',
            [("http://t.vn/a-1.html", "A", "2024-05-24T08:05:00")],
            "http://t.vn/Ajax/LoadMore.ashx?page=3",
        ),
        (b'{"items":[],"next":null}', [], None),
        (
            b'{"data":{"list":[{"link":"https://t.vn/b-2.html","name":"B"}]}}',
            [("https://t.vn/b-2.html", "B", "")],
            None,
        ),
    ],
)
def test_json_answers(body: bytes, items: list, next_url: str | None) -> None:
    page = parse_json_page(body, "http://t.vn/Ajax/LoadMore.ashx?page=2")
    assert page.items == items and page.next_url == next_url


def test_not_json() -> None:
    with pytest.raises(ValueError, match="not a JSON answer"):
        parse_json_page(b"<html></html>", "http://t.vn/x")


def test_a_template_counts_pages_from_two() -> None:
    pages = template_pages("/timelinelist/1027/{page}.htm", "https://baochinhphu.vn/chinh-sach.htm")
    assert list(itertools.islice(pages, 2)) == [
        "https://baochinhphu.vn/timelinelist/1027/2.htm",
        "https://baochinhphu.vn/timelinelist/1027/3.htm",
    ]
