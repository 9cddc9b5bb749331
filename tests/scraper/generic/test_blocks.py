"""scraper/generic/blocks.py: related lists kept, recommendation boxes and menus not."""

from __future__ import annotations

import lxml.html
import pytest

from scraper.generic.blocks import find_blocks, find_labels, hidden

ITEMS = "".join(
    f'<li><a href="/tin-tuc/bai-viet-so-{i}-ve-hoi-nghi-tinh-uy-{1000 + i}.html">'
    f"Bài viết số {i} về hội nghị Tỉnh ủy lần thứ {i}</a></li>"
    for i in range(3)
)


def blocks_of(html: str):
    doc = lxml.html.document_fromstring(html)
    order = {el: i for i, el in enumerate(doc.iter())}
    body = doc.find(".//div[@id='body']")
    return find_blocks(doc, order, "https://x.vn/a.html", "https://x.vn/a.html", body)


def related_titles(html: str) -> list[str]:
    return [item.title for b in blocks_of(html) if b.related for item in b.items]


PAGE = """<html><body><nav class="menu"><ul><li><a href="/tin-khac">Tin khác</a></li></ul></nav>
<div id="body"><p>Nội dung bài viết đủ dài để là một đoạn văn của bài báo.</p></div>
{extra}</body></html>"""


def test_a_labelled_list_is_related_and_a_menu_item_is_not_a_label() -> None:
    html = PAGE.format(extra=f"<div><h3>Tin liên quan</h3><ul>{ITEMS}</ul></div>")
    assert len(related_titles(html)) == 3
    assert [key for _, key in find_labels(lxml.html.document_fromstring(html))] == ["tin lien quan"]


def test_most_read_is_removed_not_kept() -> None:
    html = PAGE.format(extra=f"<div><h3>Tin đọc nhiều</h3><ul>{ITEMS}</ul></div>")
    blocks = blocks_of(html)
    assert related_titles(html) == [] and [b.related for b in blocks] == [False]


def test_a_badge_on_one_card_is_not_a_label() -> None:
    card = (
        '<div class="item"><span>Nổi bật</span>'
        '<a href="/tin-tuc/mot-bai-noi-bat-trong-tuan-9001.html">'
        "Một bài nổi bật trong tuần của chuyên mục</a></div>"
    )
    html = PAGE.format(extra=f"<div><h3>Cùng chuyên mục</h3>{card}<ul>{ITEMS}</ul></div>")
    assert len(related_titles(html)) == 4


def test_a_hidden_list_and_a_related_data_mark() -> None:
    hidden_list = f'<div class="stream hidden"><h3>Tin cùng chuyên mục</h3><ul>{ITEMS}</ul></div>'
    marked = (
        '<div data-marked-zoneid="detail_relatednewsboxlink"><a href="/tin-tuc/mot-bai-'
        'lien-quan-den-hoi-nghi-2001.html">Một bài liên quan đến hội nghị Tỉnh ủy</a></div>'
    )
    html = PAGE.format(extra=hidden_list + marked)
    assert related_titles(html) == ["Một bài liên quan đến hội nghị Tỉnh ủy"]


def test_hidden() -> None:
    doc = lxml.html.fragment_fromstring(
        '<div><div style="display: none"><p id="a">x</p></div><p id="b" class="d-none">y</p>'
        '<p id="c">z</p></div>'
    )
    assert [hidden(doc.get_element_by_id(i)) for i in "abc"] == [True, True, False]


@pytest.mark.parametrize(
    ("label", "related"),
    [
        ("Bài tin liên quan", True),  # the school-portal CMS's label
        ("Tin liên quan", True),
        ("Tin tức mới", False),  # site-wide latest
        ("Tin tức đọc nhiều", False),  # most read
    ],
)
def test_school_portal_labels(label: str, related: bool) -> None:
    html = PAGE.format(
        extra=f'<div class="panel"><div class="panel-title">{label}</div><ul>{ITEMS}</ul></div>'
    )
    assert len(related_titles(html)) == (3 if related else 0)


def test_an_empty_related_box_does_not_take_the_next_boxs_links() -> None:
    html = PAGE.format(
        extra='<div class="panel"><div class="panel-heading"><div class="panel-title">'
        'Bài tin liên quan</div></div><div class="panel-body"></div></div>'
        '<div class="panel"><div class="panel-heading"><div class="panel-title">'
        f"Chính phủ điện tử</div></div><ul>{ITEMS}</ul></div>"
    )
    assert related_titles(html) == []


def test_a_mirror_that_points_every_item_home_still_lists_every_title() -> None:
    """HTTrack points links to pages it did not copy at the home page: one address, six
    titles is a list, not a badge on one card, and each title is its own item (no URL)."""
    titles = [f"Bài viết số {i} về hội nghị tổng kết năm học của ngành" for i in range(4)]
    items = "".join(f'<h2 class="title"><a href="../../index.html">{t}</a></h2>' for t in titles)
    html = PAGE.format(
        extra=f'<div class="panel"><div class="panel-title">Bài tin liên quan</div>'
        f'<div class="panel-body">{items}</div></div>'
    )
    blocks = [b for b in blocks_of(html) if b.related]
    assert [item.title for b in blocks for item in b.items] == titles
    assert all(item.url is None for b in blocks for item in b.items)
