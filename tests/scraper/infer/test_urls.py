"""The article URL pattern learned from the samples' addresses."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scraper.infer.urls import learn_pattern, matches

CASES = [
    pytest.param(
        [
            "http://127.0.0.1:8000/tin-tuc/huyen-duc-an-dien-tap-khu-vuc-1172.html",
            "http://127.0.0.1:8000/tin-tuc/hoi-nghi-lan-thu-14-ban-chap-hanh-1214.html",
            "http://127.0.0.1:8000/tin-tuc/thong-bao-nghi-le-va-treo-co-1004.html",
        ],
        ["https://tinhuy.example.vn/tin-tuc/mot-bai-moi-hoan-toan-99.html"],
        ["http://127.0.0.1:8000/chuyen-muc/kinh-te/", "http://127.0.0.1:8000/tin-tuc/"],
        id="slug with a numeric id suffix",
    ),
    pytest.param(
        [
            "http://x.example/Pages/tin-tuc/chi-tiet.aspx?ItemID=1190",
            "http://x.example/Pages/tin-tuc/chi-tiet.aspx?ItemID=1261",
            "http://x.example/Pages/tin-tuc/chi-tiet.aspx?ItemID=1543",
        ],
        ["http://127.0.0.1:5/Pages/tin-tuc/chi-tiet.aspx?ItemID=7"],
        [
            "http://x.example/Pages/tin-tuc/thong-bao.aspx",
            "http://x.example/Pages/tin-tuc/chi-tiet.aspx?ItemID=abc",
        ],
        id="ASP.NET: the id in the query string",
    ),
    pytest.param(
        [
            "https://portal.example.vn/2025/05/28/hoi-nghi-tinh-uy.html",
            "https://portal.example.vn/2024/11/02/khai-mac-hoi-thi.html",
            "https://portal.example.vn/2023/01/15/tet.html",
        ],
        ["https://portal.example.vn/2026/02/01/bai-viet-moi.html"],
        ["https://portal.example.vn/2025/05/", "https://portal.example.vn/gioi-thieu.html"],
        id="date path",
    ),
    pytest.param(
        [
            "https://baochinhphu.vn/chinh-sach-moi-co-hieu-luc-102260228093004191.htm",
            "https://baochinhphu.vn/thu-tuong-chu-tri-hop-102250601120000123.htm",
            "https://baochinhphu.vn/mot-tin-khac-102240101000000001.htm",
        ],
        ["https://baochinhphu.vn/tin-nong-102990101000000001.htm"],
        ["https://baochinhphu.vn/chinh-sach-va-cuoc-song/chinh-sach-moi.htm"],
        id="long numeric id, .htm",
    ),
]


@pytest.mark.parametrize(("samples", "also", "never"), CASES)
def test_learned_pattern(samples: list[str], also: list[str], never: list[str]) -> None:
    pattern = learn_pattern(samples)
    re.compile(pattern.regex)
    assert pattern.covered == len(samples)
    for url in [*samples, *also]:
        assert matches(pattern.regex, url), url
    for url in never:
        assert not matches(pattern.regex, url), url
    assert "127.0.0.1" not in pattern.regex and "example" not in pattern.regex


def test_samples_of_two_shapes_give_one_pattern_that_takes_both() -> None:
    urls = [
        "https://p.example.vn/tin-tuc/hoi-nghi-tong-ket-nam-1001.html",
        "https://p.example.vn/tin-tuc/tet.html",
        "https://p.example.vn/tin-tuc/mot-bai-khac.html",
    ]
    pattern = learn_pattern(urls)
    assert len(pattern.shapes) == 1
    assert all(matches(pattern.regex, u) for u in urls)


@pytest.mark.parametrize(
    ("url", "message"),
    [("https://p.example.vn/", "home page"), ("file:///tmp/a.html", "not an http(s) address")],
)
def test_addresses_that_teach_nothing_are_refused(url: str, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        learn_pattern([url, "https://p.example.vn/a-b-c-1.html"])


_SLUG = st.from_regex(r"[a-z]{2,8}(-[a-z0-9]{1,8}){2,6}", fullmatch=True)
_ID = st.integers(min_value=1, max_value=10**15)
_TEMPLATES = (
    "https://p.example.vn/tin-tuc/{slug}-{id}.html",
    "https://p.example.vn/Pages/chi-tiet.aspx?ItemID={id}",
    "https://p.example.vn/2025/05/28/{slug}.htm",
    "http://127.0.0.1:8123/news/{id}/{slug}",
)


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(_TEMPLATES),
    st.lists(st.tuples(_SLUG, _ID), min_size=3, max_size=10),
    st.tuples(_SLUG, _ID),
)
def test_the_pattern_takes_every_sample_and_any_other_page_of_its_shape(
    template: str, samples: list[tuple[str, int]], other: tuple[str, int]
) -> None:
    urls = [template.format(slug=s, id=i) for s, i in samples]
    pattern = learn_pattern(urls)
    assert pattern.covered == len(urls)
    assert matches(pattern.regex, template.format(slug=other[0], id=other[1]))
    assert not matches(pattern.regex, "https://p.example.vn/")
