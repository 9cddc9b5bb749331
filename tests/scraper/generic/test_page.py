"""scraper/generic/page.py: what a page says about itself."""

from __future__ import annotations

import lxml.html
import pytest

from scraper.generic.page import read_page, title_hints


@pytest.mark.parametrize(
    ("title", "hints"),
    [
        ("Cú pháp Markdown - Cổng thông tin điện tử Tỉnh ủy", ["Cú pháp Markdown"]),
        (
            "Hướng dẫn A - Chiến lược quy hoạch - Sở TTTT",
            ["Hướng dẫn A - Chiến lược quy hoạch", "Hướng dẫn A"],
        ),
        ("Long An: Hội nghị | Báo Long An", ["Long An: Hội nghị"]),  # "An:" is not a break
        ("Một tiêu đề không tên cổng", []),
    ],
)
def test_title_hints_drop_the_portals_name(title: str, hints: list[str]) -> None:
    assert title_hints(title) == hints


BROKEN_LD = """<html><head><title>Tin - Báo</title>
<script type="application/ld+json">
{
    "@type": "BreadcrumbList",
    "itemListElement": [
        {"@type": "ListItem", "position": 1, "item": {"@id": "https://x.vn", "name": "Trang chủ"}},
        {"@type": "ListItem", "position": 2, "item": {
                "@id": "https://x.vn/star.chn"
                "name": "Star"
        }},
    ]
}
</script></head><body></body></html>"""


def test_hand_written_json_ld_with_a_missing_comma_is_still_read() -> None:
    info = read_page(lxml.html.document_fromstring(BROKEN_LD), "https://x.vn/a.chn")
    names = [i["item"]["name"] for i in info.breadcrumb_ld["itemListElement"]]
    assert names == ["Trang chủ", "Star"]


def test_a_saved_page_resolves_against_its_canonical_address() -> None:
    html = (
        '<html><head><link rel="canonical" href="https://x.vn/a.html"></head><body></body></html>'
    )
    info = read_page(lxml.html.document_fromstring(html), "file:///tmp/a.html")
    assert info.base_url == "https://x.vn/a.html"
    assert "x.vn" in info.site_names


@pytest.mark.parametrize(
    ("comment", "address"),
    [
        (
            "<!-- Mirrored from odp.cantho.gov.vn/blog/dak-lak by HTTrack Website Copier/3.x -->",
            "https://odp.cantho.gov.vn/blog/dak-lak",
        ),
        (
            "<!-- saved from url=(0042)https://baochinhphu.vn/tin-tuc-102250.htm -->",
            "https://baochinhphu.vn/tin-tuc-102250.htm",
        ),
        (
            "<!--\n Page saved with SingleFile \n url: https://nhandan.vn/a-post1.html \n"
            " saved date: Mon Jul 01 2026\n-->",
            "https://nhandan.vn/a-post1.html",
        ),
        ("<!-- a comment that names no address -->", ""),
    ],
)
def test_a_saved_page_is_read_at_the_address_its_copy_records(comment: str, address: str) -> None:
    doc = lxml.html.document_fromstring(f"<html>{comment}<head><title>T</title></head></html>")
    info = read_page(doc, "file:///tmp/page.html")
    assert info.base_url == (address or "file:///tmp/page.html")


def test_a_declared_canonical_address_wins_over_the_saved_copys() -> None:
    doc = lxml.html.document_fromstring(
        "<html><!-- Mirrored from a.gov.vn/x by HTTrack -->"
        '<head><link rel="canonical" href="https://a.gov.vn/tin/x.html"></head></html>'
    )
    assert read_page(doc, "file:///tmp/x.html").base_url == "https://a.gov.vn/tin/x.html"
