"""Index records built from article data (plugins/pagefind_search/records)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from bs4 import BeautifulSoup

from plugins.pagefind_search.records import (
    ArticleData,
    first_image,
    html_to_text,
    record_html,
    record_path,
)

ICT = timezone(timedelta(hours=7))


def _data(**changes) -> ArticleData:
    values = dict(
        url="2025/05/dang-bo/",
        title="Đảng bộ tỉnh <họp> & bàn",
        date=datetime(2025, 5, 28, 8, 52, tzinfo=ICT),
        category="Xây dựng Đảng",
        topics=("Đầu tư công", "Giao thông"),
        summary="Lead đầu tư công.",
        text="Thân bài về đường giao thông.",
        image="images/a.jpg",
    )
    values.update(changes)
    return ArticleData(**values)


def test_record_holds_folded_tokens_in_body_and_original_text_outside():
    soup = BeautifulSoup(record_html(_data(), filters=["topic", "category", "year"]), "html.parser")
    body = soup.find(attrs={"data-pagefind-body": True})
    assert body.h1.get_text() == "dang bo tinh hop ban zdangbo zbotinh ztinhhop zhopban"
    assert "zdautu" in body.p.get_text() and "duong" in body.p.get_text()
    assert "đ" not in body.get_text().lower()
    meta = {m["data-pagefind-meta"]: m.get_text() for m in soup.select("p[data-pagefind-meta]")}
    assert meta["title"] == "Đảng bộ tỉnh <họp> & bàn"
    assert meta["date"] == "Thứ Tư, 28/05/2025"
    assert meta["category"] == "Xây dựng Đảng"
    assert meta["text"] == "Lead đầu tư công. Thân bài về đường giao thông."
    assert soup.find("img", attrs={"data-pagefind-meta": "image[src]"})["src"] == "images/a.jpg"
    filters = [
        (f["data-pagefind-filter"], f.get_text()) for f in soup.select("[data-pagefind-filter]")
    ]
    assert filters == [
        ("topic", "Đầu tư công"),
        ("topic", "Giao thông"),
        ("category", "Xây dựng Đảng"),
        ("year", "2025"),
    ]
    assert soup.find(attrs={"data-pagefind-sort": "date"}).get_text() == "2025-05-28T08:52"


def test_hostile_title_is_escaped():
    html = record_html(_data(title="</p><script>alert(1)</script>"), filters=[])
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_only_chosen_filters_and_no_empty_values():
    soup = BeautifulSoup(
        record_html(_data(category="", topics=()), filters=["year"]), "html.parser"
    )
    assert [f["data-pagefind-filter"] for f in soup.select("[data-pagefind-filter]")] == ["year"]
    assert soup.find(attrs={"data-pagefind-meta": "category"}) is None


def test_excerpt_text_is_cut_but_everything_is_indexed():
    long_text = " ".join(["đường"] * 500 + ["cuối"])
    soup = BeautifulSoup(
        record_html(_data(summary="", text=long_text), filters=[], excerpt_source_chars=300),
        "html.parser",
    )
    meta_text = soup.find(attrs={"data-pagefind-meta": "text"}).get_text()
    assert len(meta_text) <= 300 and "cuối" not in meta_text
    assert "cuoi" in soup.find(attrs={"data-pagefind-body": True}).get_text()


def test_same_input_same_bytes():
    assert record_html(_data(), filters=["topic"]) == record_html(_data(), filters=["topic"])


@pytest.mark.parametrize(
    ("url", "path"),
    [
        ("2025/05/slug/", "2025/05/slug/index.html"),
        ("/2025/05/slug/", "2025/05/slug/index.html"),
        ("2025/05/slug.html", "2025/05/slug.html"),
        ("2025/05/slug", "2025/05/slug/index.html"),
    ],
)
def test_record_path(url, path):
    assert record_path(url) == path


def test_html_to_text_and_first_image():
    assert html_to_text("<p>Đảng <b>bộ</b></p><script>x()</script><p>tỉnh</p>") == "Đảng bộ tỉnh"
    body = '<p>x</p><img src="../../../images/a.jpg"><img src="b.jpg">'
    assert first_image(body, "2025/05/slug/") == "images/a.jpg"
    assert first_image('<img src="https://x.vn/a.jpg">', "a/") == "https://x.vn/a.jpg"
    assert first_image("<p>no image</p>", "a/") == ""
