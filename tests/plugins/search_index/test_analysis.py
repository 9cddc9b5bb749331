"""Tokens and weight bytes of one document (plugins/search_index/analysis)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

from plugins.search_index.analysis import analyse, analyse_data, token_weights
from plugins.search_index.records import ArticleData, RawArticle

ICT = timezone(timedelta(hours=7))


@pytest.mark.parametrize(
    ("title", "summary", "body", "expected"),
    [
        # counts in summary + body, capped at 15; 16 = in title; 32 = in summary
        ("", "", "đầu tư", {"dau": 1, "tu": 1, "dau tu": 1}),
        ("", "", "Đầu tư, đầu tư", {"dau": 2, "tu": 2, "dau tu": 2, "tu dau": 1}),
        ("Đầu tư", "", "", {"dau": 16, "tu": 16, "dau tu": 16}),
        ("Đảng", "", "đảng đang", {"dang": 16 | 2, "dang dang": 1}),
        ("", "Giải ngân", "", {"giai": 32 | 1, "ngan": 32 | 1, "giai ngan": 32 | 1}),
        # the lead and the body are one text: a pair may join them; it is not "in the summary"
        ("", "vốn", "giải ngân", {"von": 33, "giai": 1, "ngan": 1, "von giai": 1, "giai ngan": 1}),
        ("", "", "a " * 20, {"a": 15, "a a": 15}),
        ("2025", "", "Năm 2025", {"2025": 16 | 1, "nam": 1, "nam 2025": 1}),
        # NFD input and đ/Đ fold like NFC
        ("", "", "Đa\u0309ng bô\u0323", {"dang": 1, "bo": 1, "dang bo": 1}),
        ("ĐĐ", "", "đđ", {"dd": 17}),
        ("", "", "", {}),
    ],
)
def test_token_weights(title, summary, body, expected):
    assert token_weights(title, summary, body) == expected


def test_all_flags_together():
    weights = token_weights("Đảng bộ tỉnh", "Đảng bộ họp", "Đảng bộ tỉnh họp")
    assert weights["dang bo"] == 16 | 32 | 2
    assert weights["bo tinh"] == 16 | 1
    assert weights["bo hop"] == 32 | 1
    assert weights["tinh hop"] == 1
    assert all(w < 64 for w in weights.values())


def _data(**changes) -> ArticleData:
    values = dict(
        url="2025/05/dang-bo/",
        title="Đảng bộ tỉnh họp",
        date=datetime(2025, 5, 28, 8, 52, tzinfo=ICT),
        category="Xây dựng Đảng",
        topics=("Đầu tư công", "Giao thông", "Đầu tư công"),
        summary="Lead đầu tư công.",
        text="Thân bài về đường giao thông.",
        image="images/a.jpg",
    )
    values.update(changes)
    return ArticleData(**values)


def test_analysis_holds_tokens_weights_fragment_and_filters():
    analysis = analyse_data(_data(), excerpt_source_chars=3000)
    weights = dict(zip(analysis.token_list(), analysis.weights, strict=True))
    assert weights == token_weights(
        "Đảng bộ tỉnh họp", "Lead đầu tư công.", "Thân bài về đường giao thông."
    )
    assert json.loads(analysis.doc) == {
        "category": "Xây dựng Đảng",
        "date": "Thứ Tư, 28/05/2025",
        "image": "images/a.jpg",
        "portal": "",
        "text": "Lead đầu tư công. Thân bài về đường giao thông.",
        "title": "Đảng bộ tỉnh họp",
        "url": "2025/05/dang-bo/",
    }
    assert analysis.doc.decode("utf-8").startswith('{"category":"Xây dựng Đảng","date"')
    with_portal = analyse_data(_data(portal="longan"), excerpt_source_chars=3000)
    assert json.loads(with_portal.doc)["portal"] == "longan"
    assert with_portal.filters["portal"] == ["longan"]
    assert analysis.filters == {
        "topic": ["Đầu tư công", "Giao thông"],
        "category": ["Xây dựng Đảng"],
        "year": ["2025"],
        "portal": [],  # no Portal metadata
    }


def test_excerpt_is_cut_but_everything_is_indexed():
    long_text = " ".join(["đường"] * 500 + ["cuối"])
    analysis = analyse_data(_data(summary="", text=long_text), excerpt_source_chars=300)
    text = json.loads(analysis.doc)["text"]
    assert len(text) <= 300 and "cuối" not in text and not text.endswith(" ")
    assert "cuoi" in analysis.token_list()


def test_analyse_from_html_drops_scripts_and_finds_the_image():
    raw = RawArticle(
        url="2025/05/x/",
        title="Tin &amp; ảnh",
        date=datetime(2025, 5, 1, tzinfo=ICT),
        category="Tin",
        topics=(),
        summary="<p>Tóm tắt</p>",
        content='<p>Nội <b>dung</b></p><script>evil()</script><img src="../../../images/a.jpg">',
    )
    analysis = analyse(raw, excerpt_source_chars=3000)
    fragment = json.loads(analysis.doc)
    assert fragment["title"] == "Tin & ảnh"
    assert fragment["text"] == "Tóm tắt Nội dung"
    assert fragment["image"] == "images/a.jpg"
    assert "evil" not in analysis.token_list()
    assert {"noi", "dung", "noi dung", "tom tat", "tat noi"} <= set(analysis.token_list())


def test_same_input_same_analysis():
    assert analyse_data(_data(), excerpt_source_chars=3000) == analyse_data(
        _data(), excerpt_source_chars=3000
    )
