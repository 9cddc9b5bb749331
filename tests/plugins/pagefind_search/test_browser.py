"""Search in a real browser (Debian Chromium, strict CSP, 127.0.0.1 only).

A table of queries over the sample content plus the articles of corpus.py: accented, unaccented,
mixed, đ/Đ words, phrases, filters and a query with no results, each with the articles that must
be in the top 5. recall@5 and MRR are printed and compared with plain Pagefind over the same
built pages.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import re
from urllib.parse import parse_qs, quote, urlencode, urlsplit

import pytest

from plugins.pagefind_search.tokens import query_plan
from tests.support.browser import new_logged_page

LONGAN = (
    "nang-cao-hieu-qua-hoat-dong-to-cong-tac-dac-biet-de-kip-thoi-thao-go-xu-ly-cac-kho-khan-"
    "cua-cac-du-an-trong-diem-tren"
)
DANG_BO = "dang-bo-xa-phuoc-son-ket-nap-dang-vien-moi"
GIAI_NGAN = "giai-ngan-von-dau-tu-cong-6-thang-dat-45-ke-hoach"
DUONG = "nang-cap-duong-tinh-830-qua-huyen-duc-hoa"
SAM = "phat-trien-duoc-lieu-sam-ngoc-linh-o-vung-cao"
CU_TRU = "huong-dan-dang-ky-cu-tru-truc-tuyen"
TANG_TRUONG = "tang-truong-kinh-te-quy-i-dat-7-2"
CO_SO = "dau-tu-co-so-vat-chat-cho-truong-hoc-vung-sau"
DANG_CHO = "nguoi-dan-dang-cho-boi-thuong-giai-phong-mat-bang"

# Articles of the demo portal (crawled by the fixture).
BG_THANH_LONG = "huyen-binh-giang-xay-dung-vung-nguyen-lieu-thanh-long-dat-chuan-xuat-khau"
TP_RACH_TRAM = "huyen-tan-phuoc-thong-xe-ky-thuat-cau-rach-tram-tren-duong-tinh-827"
CT_MAN = "huyen-can-thanh-phong-chong-xam-nhap-man-bao-ve-san-xuat-vu-dong-xuan"
TH_BDHV = "huyen-thanh-hung-ra-mat-mo-hinh-binh-dan-hoc-vu-so-tai-co-so"
TAH_BDHV = "thanh-pho-tan-an-hoa-ra-mat-mo-hinh-binh-dan-hoc-vu-so-tai-co-so"
HN19 = "hoi-nghi-lan-thu-19-ban-chap-hanh-dang-bo-tinh-khoa-xi"
HN = [f"hoi-nghi-lan-thu-{n}-ban-chap-hanh-dang-bo-tinh-khoa-xi" for n in (14, 16, 19, 20)]
HUY_HIEU = "trao-huy-hieu-dang-cho-dang-vien-cao-tuoi-dang"
MA_TUY = {
    "phu-long": "thi-xa-phu-long-tang-cuong-phong-chong-va-kiem-soat-ma-tuy-trong-tinh-hinh-moi",
    "tan-phuoc": "huyen-tan-phuoc-tang-cuong-phong-chong-va-kiem-soat-ma-tuy-trong-tinh-hinh-moi",
    "chau-thoi": "huyen-chau-thoi-tang-cuong-phong-chong-va-kiem-soat-ma-tuy-trong-tinh-hinh-moi",
}
TET = [
    f"thong-bao-viec-nghi-le-va-treo-co-to-quoc-tet-duong-lich-nam-{y}" for y in (2023, 2024, 2025)
]
DA_GN = "huyen-duc-an-day-nhanh-tien-do-giai-ngan-von-dau-tu-cong-nam-2023"
CT_GN = "huyen-can-thanh-phan-dau-giai-ngan-100-ke-hoach-von-dau-tu-cong-duoc-giao"

# (query, extra URL parameters, slugs that must be in the top 5, slug that must be first or None)
TABLE = [
    # sample content + corpus.py
    ("dang bo xa", {}, [DANG_BO], DANG_BO),
    ("ĐẢNG BỘ XÃ", {}, [DANG_BO], DANG_BO),
    ("Đảng bộ xã Phước Sơn", {}, [DANG_BO], DANG_BO),
    ("dang vien moi", {}, [DANG_BO], DANG_BO),
    ("Phước Sơn", {}, [DANG_BO], DANG_BO),
    ("phuoc son", {}, [DANG_BO], DANG_BO),
    ("đang chờ", {}, [DANG_CHO], DANG_CHO),
    ("giai ngan 6 thang", {}, [GIAI_NGAN], GIAI_NGAN),
    ("giải ngân vốn đầu tư công", {}, [GIAI_NGAN, DA_GN, CT_GN], None),
    ("giai ngan von dau tu cong", {}, [GIAI_NGAN, DA_GN, CT_GN], None),
    ("đầu tu cong 6 tháng", {}, [GIAI_NGAN], GIAI_NGAN),
    ("duong tinh", {}, [DUONG, TP_RACH_TRAM], None),
    ("đường tỉnh 830", {}, [DUONG], DUONG),
    ("duong tinh 830", {}, [DUONG], DUONG),
    ("Đức Hòa", {}, [DUONG], DUONG),
    ("duc hoa", {}, [DUONG], DUONG),
    ("sâm Ngọc Linh", {}, [SAM], SAM),
    ("sam ngoc linh", {}, [SAM], SAM),
    ("duoc lieu", {}, [SAM], SAM),
    ("đăng ký cư trú", {}, [CU_TRU], None),
    ("dang ky cu tru", {}, [CU_TRU], None),
    ("tăng trưởng kinh tế quý I", {}, [TANG_TRUONG], TANG_TRUONG),
    ("tang truong kinh te quy i", {}, [TANG_TRUONG], TANG_TRUONG),
    ("cơ sở vật chất", {}, [CO_SO], CO_SO),
    ("co so vat chat", {}, [CO_SO], CO_SO),
    ('"tổ công tác đặc biệt"', {}, [LONGAN], LONGAN),
    ("to cong tac dac biet", {}, [LONGAN], LONGAN),
    ('"to cong tac"', {}, [LONGAN], LONGAN),
    ("Tổ công tác đặc biệt", {}, [LONGAN], LONGAN),
    ("bồi thường giải phóng mặt bằng", {}, [DANG_CHO], None),
    ("nguoi dan dang cho boi thuong", {}, [DANG_CHO], DANG_CHO),
    ("giải ngân Sở Tài chính", {}, [GIAI_NGAN], GIAI_NGAN),
    ("dang bo", {"category": "Xây dựng Đảng", "year": "2023"}, [DANG_BO], None),
    ("dau tu cong", {"year": "2024"}, [GIAI_NGAN], None),
    # demo portal
    ("thanh long xuat khau", {}, [BG_THANH_LONG], BG_THANH_LONG),
    ("cầu Rạch Tràm", {}, [TP_RACH_TRAM], TP_RACH_TRAM),
    ("cau rach tram duong tinh 827", {}, [TP_RACH_TRAM], TP_RACH_TRAM),
    ("xâm nhập mặn", {}, [CT_MAN], CT_MAN),
    ("xam nhap man", {}, [CT_MAN], CT_MAN),
    ('"Bình dân học vụ số"', {}, [TH_BDHV, TAH_BDHV], None),
    ("binh dan hoc vu so", {}, [TH_BDHV, TAH_BDHV], None),
    ("Hội nghị lần thứ 19", {}, [HN19], HN19),
    ("ban chap hanh dang bo tinh khoa XI", {}, HN, None),
    ("huy hieu dang", {}, [HUY_HIEU], HUY_HIEU),
    ("kiểm soát ma túy", {}, list(MA_TUY.values()), None),
    ("ma tuy", {"year": "2024"}, [MA_TUY["tan-phuoc"], MA_TUY["chau-thoi"]], None),
    ("tet duong lich", {}, TET, None),
    ("Đức An giải ngân", {}, [DA_GN], DA_GN),
    # nothing
    ("xyzqwv", {}, [], None),
]


def _open(page, base_url: str, query: str, params: dict | None = None):
    url = f"{base_url}/tim-kiem/?" + urlencode({"q": query, **(params or {})})
    page.goto(url)
    _wait_done(page, query)


def _wait_done(page, query: str) -> None:
    page.wait_for_function(
        "q => { const s = document.getElementById('search-app');"
        " return s.dataset.ready === 'true' && s.dataset.state === 'done'"
        " && s.dataset.query === q }",
        arg=query,
        timeout=60_000,
    )


def _slugs(page) -> list[str]:
    hrefs = page.locator("#search-results > li h2 a").evaluate_all("as => as.map(a => a.href)")
    return [urlsplit(h).path.rstrip("/").rsplit("/", 1)[-1] for h in hrefs]


def _assert_clean(page) -> None:
    log = page.log
    assert log.external_requests == []
    assert log.console_errors == []
    assert log.page_errors == []
    assert log.dialogs == []


@pytest.fixture
def page(browser):
    page = new_logged_page(browser)
    yield page
    page.context.close()


@pytest.fixture(scope="module")
def our_ranks(browser, base_url):
    """Top-5 slugs of our search page for every row of TABLE (one page, run once)."""
    page = new_logged_page(browser)
    ranks = []
    for query, params, _, _ in TABLE:
        _open(page, base_url, query, params)
        ranks.append(_slugs(page)[:5])
    _assert_clean(page)
    page.context.close()
    return ranks


@pytest.mark.parametrize(("row",), [(i,) for i in range(len(TABLE))], ids=[r[0] for r in TABLE])
def test_query_table(our_ranks, row):
    query, params, expected, first = TABLE[row]
    top5 = our_ranks[row]
    assert set(expected) <= set(top5), f"{query!r} {params}: top 5 = {top5}"
    if first:
        assert top5[0] == first, f"{query!r}: first = {top5[0]}"
    if not expected:
        assert top5 == []


def _metrics(rows: list[list[str]]) -> tuple[float, float]:
    recalls, reciprocal = [], []
    for (_, _, expected, _), top5 in zip(TABLE, rows, strict=True):
        if not expected:
            continue
        recalls.append(len(set(expected) & set(top5)) / len(expected))
        rank = next((i + 1 for i, slug in enumerate(top5) if slug in expected), None)
        reciprocal.append(1 / rank if rank else 0.0)
    return sum(recalls) / len(recalls), sum(reciprocal) / len(reciprocal)


@pytest.fixture(scope="module")
def plain_index(search_site):
    """Plain Pagefind over the same built article pages (whole pages, no folding)."""
    from pagefind.index import IndexConfig, PagefindIndex

    async def run() -> None:
        config = IndexConfig(output_path=str(search_site / "pagefind-plain"))
        async with PagefindIndex(config) as index:
            await index.add_directory(str(search_site), glob="20[0-9][0-9]/[01][0-9]/*/index.html")

    # Playwright's sync API owns this thread's event loop: index in another thread.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, run()).result()
    return search_site / "pagefind-plain"


_PLAIN_JS = """
window.plainSearch = async (q, filters) => {
  const pf = await import("/pagefind-plain/pagefind.js");
  await pf.init();
  const s = await pf.search(q, filters ? { filters } : {});
  const data = await Promise.all(s.results.slice(0, 5).map((r) => r.data()));
  return data.map((d) => d.url);
};
window.plainReady = true;
"""


def test_recall_and_mrr_not_below_plain_pagefind(browser, base_url, our_ranks, plain_index):
    page = new_logged_page(browser)
    page.route(
        f"{base_url}/__plain__.html",
        lambda r: r.fulfill(
            body='<!doctype html><script type="module" src="/__plain__.js"></script>',
            content_type="text/html",
        ),
    )
    page.route(
        f"{base_url}/__plain__.js",
        lambda r: r.fulfill(body=_PLAIN_JS, content_type="text/javascript"),
    )
    page.goto(f"{base_url}/__plain__.html")
    page.wait_for_function("() => window.plainReady === true")
    plain_rows = []
    for query, params, _, _ in TABLE:
        filters = {k: v for k, v in params.items()} or None
        urls = page.evaluate("([q, f]) => window.plainSearch(q, f)", [query, filters])
        plain_rows.append([u.rstrip("/").rsplit("/", 1)[-1] for u in urls])
    page.context.close()
    ours = _metrics(our_ranks)
    plain = _metrics(plain_rows)
    print(
        f"\nsearch table ({len(TABLE)} queries): ours recall@5={ours[0]:.3f} MRR={ours[1]:.3f}; "
        f"plain Pagefind recall@5={plain[0]:.3f} MRR={plain[1]:.3f}"
    )
    assert ours[0] >= plain[0]
    assert ours[1] >= plain[1]


def test_results_show_original_text_with_marked_words(page, base_url):
    _open(page, base_url, "dang bo xa")
    first = page.locator("#search-results > li").first
    assert first.locator("h2 a").inner_text() == "Đảng bộ xã Phước Sơn kết nạp 12 đảng viên mới"
    assert first.locator("h2 a mark").all_inner_texts()[:2] == ["Đảng", "bộ"]
    assert "Thứ Hai, 10/04/2023" in first.locator(".search-result__meta").inner_text()
    assert "Xây dựng Đảng" in first.locator(".search-result__meta").inner_text()
    assert "Đảng" in first.locator(".search-result__excerpt mark").all_inner_texts()
    status = page.locator("#search-status")
    assert (
        status.get_attribute("role") == "status" and status.get_attribute("aria-live") == "polite"
    )
    assert re.match(r"Tìm thấy \d+ kết quả cho “dang bo xa”", status.inner_text())
    _assert_clean(page)


def test_query_plan_in_javascript_matches_python(page, base_url):
    _open(page, base_url, "")
    queries = [r[0] for r in TABLE] + ['"giải ngân" Long An', "Đa\u0309ng bộ", "  "]
    plans = page.evaluate(
        """async (qs) => {
          const m = await import(new URL("../theme/js/search.js", location.href).href);
          return qs.map((q) => m.queryPlan(q));
        }""",
        queries,
    )
    for query, plan in zip(queries, plans, strict=True):
        expected = query_plan(query)
        assert plan["primary"] == expected.primary, query
        assert plan["fallback"] == expected.fallback, query
        assert [tuple(p) for p in plan["phrases"]] == list(expected.phrases), query


def test_filters_with_counts_and_in_url(page, base_url):
    _open(page, base_url, "dau tu cong")
    page.locator("#search-filters summary").click()
    page.wait_for_selector("#search-filter-groups fieldset")
    legends = page.locator("#search-filter-groups legend").all_inner_texts()
    assert legends == ["Chủ đề", "Chuyên mục", "Năm"]
    label = page.locator("#search-filter-groups label", has_text="2024")
    assert re.fullmatch(r"2024 \(\d+\)", label.inner_text())
    label.click()
    _wait_done(page, "dau tu cong")
    page.wait_for_function("() => location.search.includes('year=2024')")
    assert parse_qs(urlsplit(page.url).query)["year"] == ["2024"]
    metas = page.locator(".search-result__meta").all_inner_texts()
    assert metas and all("/2024" in m for m in metas)
    _assert_clean(page)


def test_filter_from_url_limits_results(page, base_url):
    _open(page, base_url, "dang bo", {"category": "Xây dựng Đảng"})
    metas = page.locator(".search-result__meta").all_inner_texts()
    assert metas and all(m.endswith("Xây dựng Đảng") for m in metas)
    assert page.locator("#search-filters").get_attribute("open") is not None
    _assert_clean(page)


def test_sort_newest(page, base_url):
    _open(page, base_url, "nguoi dan", {"sort": "newest"})
    dates = [
        tuple(reversed(re.search(r"(\d\d)/(\d\d)/(\d{4})", m).groups()))
        for m in page.locator(".search-result__meta").all_inner_texts()
    ]
    assert len(dates) >= 3
    assert dates == sorted(dates, reverse=True)
    assert page.locator("#search-sort").input_value() == "newest"
    _assert_clean(page)


def test_history_back_restores_the_previous_query(page, base_url):
    _open(page, base_url, "duong")
    box = page.locator("#search-input")
    box.fill("sam ngoc linh")
    box.press("Enter")
    _wait_done(page, "sam ngoc linh")
    assert _slugs(page)[0] == SAM
    assert parse_qs(urlsplit(page.url).query)["q"] == ["sam ngoc linh"]
    page.go_back()
    _wait_done(page, "duong")
    assert box.input_value() == "duong"
    assert DUONG in _slugs(page)
    _assert_clean(page)


def test_no_results_message_with_suggestions(page, base_url):
    _open(page, base_url, "xyzqwv")
    assert page.locator("#search-empty").is_visible()
    assert "Không tìm thấy" in page.locator("#search-status").inner_text()
    assert "gõ không dấu" in page.locator("#search-empty").inner_text()
    _assert_clean(page)


INJECTIONS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "<svg onload=alert(1)>",
    "javascript:alert(1)",
    "</title><iframe src=javascript:alert(1)>",
    "{{7*7}} ${alert(1)}",
]


@pytest.mark.parametrize("payload", INJECTIONS)
def test_injection_is_shown_as_text(page, base_url, payload):
    page.goto(f"{base_url}/tim-kiem/?q={quote(payload)}")
    _wait_done(page, payload)
    assert page.locator("#search-input").input_value() == payload
    assert payload in page.locator("#search-status").inner_text()
    injected = page.locator("main script, main img, main svg, main iframe, main [onerror]")
    assert injected.count() == 0
    _assert_clean(page)


def test_search_box_on_an_article_page_leads_to_results(page, base_url):
    page.goto(f"{base_url}/2023/04/{DANG_BO}/")
    box = page.locator("form[role=search] input[name=q]").first
    box.fill("giai ngan")
    box.press("Enter")
    page.wait_for_url(re.compile(r"/tim-kiem/\?q=giai\+ngan$"))
    _wait_done(page, "giai ngan")
    assert _slugs(page)[0] == GIAI_NGAN
    _assert_clean(page)


def test_keyboard_only(page, base_url):
    page.goto(f"{base_url}/tim-kiem/")
    page.wait_for_function("() => document.getElementById('search-app').dataset.ready === 'true'")
    page.locator("#search-input").focus()
    page.keyboard.type("sâm Ngọc Linh")
    page.keyboard.press("Enter")
    _wait_done(page, "sâm Ngọc Linh")
    # Tab from the box reaches the form controls, then the results' links.
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.closest('#search-results') !== null"):
            break
    assert page.evaluate("() => document.activeElement.textContent").startswith("Phát triển")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(SAM))
    _assert_clean(page)


@pytest.mark.parametrize("word", ["đảng", "đang", "đăng"])
def test_exact_accents_rank_first(page, base_url, word):
    """'dang' folds đảng/đang/đăng/dạng together; typed with accents, exact matches come first."""
    _open(page, base_url, word)
    first = page.locator("#search-results > li").first
    marked = [m.lower() for m in first.locator("mark").all_inner_texts()]
    assert word in marked, f"{word!r}: first result marks {marked}"
    _open(page, base_url, "dang")
    assert page.locator("#search-results > li").count() >= 3
    _assert_clean(page)
