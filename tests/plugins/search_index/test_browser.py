"""The search page over our own index, in a real browser (Debian Chromium, 127.0.0.1 only).

The site is built with PLUGINS naming `search_index` and served with a CSP stricter than
base.html's (no 'wasm-unsafe-eval', no workers). A table of queries over the sample content, the
demo portal and the articles of browser_corpus.py: accented, unaccented, mixed, đ/Đ words, phrases,
filters and a query with no results, each with the articles that must be in the top 5. recall@5
and MRR are printed and compared with plain Pagefind over the same built pages. Other tests
check the page against the index files the Python writer produced (shards, counts, first page,
filter counts) and the page's behaviour (URL state, history, keyboard, text-only rendering).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import re
from pathlib import Path
from urllib.parse import parse_qs, quote, urlencode, urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plugins.search_index import ranking, reader
from plugins.search_index.shards import delta_encode, fnv1a32, shard_of
from plugins.search_index.tokens import query_plan
from tests.support.browser import new_logged_page
from tests.support.server import serve_directory

from .browser_corpus import StrictCspHandler, build_search_site

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
    # sample content + browser_corpus.py
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


# ---- the site -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def search_site(tmp_path_factory):
    return build_search_site(tmp_path_factory.mktemp("search-index-site"))


@pytest.fixture(scope="module")
def base_url(search_site):
    with serve_directory(search_site, handler=StrictCspHandler) as url:
        yield url


@pytest.fixture
def page(browser):
    page = new_logged_page(browser)
    yield page
    page.context.close()


# ---- reading the index files in Python (what the writer produced) -------------------------------


def _index_dir(site: Path) -> Path:
    return site / "search"


def _manifest(site: Path) -> dict:
    return json.loads((_index_dir(site) / "manifest.json").read_text(encoding="utf-8"))


def _undelta(values: list[int]) -> list[int]:
    out, total = [], 0
    for i, value in enumerate(values):
        total = value if i == 0 else total + value
        out.append(total)
    return out


def _all_postings(site: Path) -> dict[str, tuple[list[int], list[int]]]:
    postings = {}
    for token, weights in reader.all_postings(_index_dir(site)).items():
        ids = sorted(weights)
        postings[token] = (ids, [weights[i] for i in ids])
    return postings


def _doc(site: Path, doc_id: int) -> dict:
    return reader.document(_index_dir(site), doc_id)


def _slug(url: str) -> str:
    return urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1]


def _ranked(postings: dict, tokens: list[str], docs: int) -> list[int]:
    """The spec's AND + score, ties newest first (the Python reference over the files)."""
    lists = [dict(zip(*postings.get(t, ([], [])), strict=True)) for t in tokens]
    return ranking.ranked(ranking.scores(lists, docs))


# ---- the page -----------------------------------------------------------------------------------


def _open(page, base_url: str, query: str, params: dict | None = None):
    url = f"{base_url}/tim-kiem/?" + urlencode({"q": query, **(params or {})}, doseq=True)
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
    return [_slug(h) for h in hrefs]


def _total(page) -> int:
    match = re.match(r"Tìm thấy (\d+) kết quả", page.locator("#search-status").inner_text())
    return int(match.group(1)) if match else 0


def _assert_clean(page) -> None:
    log = page.log
    assert log.external_requests == []
    assert log.console_errors == []
    assert log.page_errors == []
    assert log.dialogs == []


def _js_module(page, base_url: str, name: str, call: str, arg):
    """Run `call` (a JS expression over `m`, the module, and `arg`) on the search page."""
    return page.evaluate(
        f"""async (arg) => {{
          const m = await import(new URL("../theme/js/{name}", location.href).href);
          return {call};
        }}""",
        arg,
    )


# ---- the query table ----------------------------------------------------------------------------


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


def test_recall_and_mrr_not_below_plain_pagefind(browser, search_site, our_ranks):
    """Plain Pagefind (whole pages, no folding) over the same built pages, same queries."""
    from pagefind.index import IndexConfig, PagefindIndex

    async def index() -> None:
        config = IndexConfig(output_path=str(search_site / "pagefind-plain"))
        async with PagefindIndex(config) as pf:
            await pf.add_directory(str(search_site), glob="20[0-9][0-9]/[01][0-9]/*/index.html")

    # Playwright's sync API owns this thread's event loop: index in another thread.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, index()).result()
    # Served without our CSP: plain Pagefind needs WebAssembly (and a worker), our page does not.
    with serve_directory(search_site) as plain_url:
        plain_rows = _plain_ranks(browser, plain_url)
    ours = _metrics(our_ranks)
    plain = _metrics(plain_rows)
    print(
        f"\nsearch table ({len(TABLE)} queries): ours recall@5={ours[0]:.3f} MRR={ours[1]:.3f}; "
        f"plain Pagefind recall@5={plain[0]:.3f} MRR={plain[1]:.3f}"
    )
    assert ours[0] >= plain[0]
    assert ours[1] >= plain[1]


def _plain_ranks(browser, base_url: str) -> list[list[str]]:
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
        filters = dict(params) or None
        urls = page.evaluate("([q, f]) => window.plainSearch(q, f)", [query, filters])
        plain_rows.append([_slug(u) for u in urls])
    page.context.close()
    return plain_rows


# ---- the page against the index files -----------------------------------------------------------


def test_every_token_is_found_in_its_shard(page, base_url, search_site):
    """FNV-1a in JavaScript (Math.imul, >>> 0) puts every written token in the writer's shard."""
    _open(page, base_url, "")
    manifest = _manifest(search_site)
    layouts = [(_index_dir(search_site) / "shards", manifest["shards"])]
    if len(manifest["parts"]) > 1:  # each portal's copy
        layouts += [
            (_index_dir(search_site) / "shards" / str(number), part["shards"])
            for number, part in enumerate(manifest["parts"])
        ]
    for folder, count in layouts:
        files = sorted(folder.glob("*.json.gz"))
        assert len(files) == count
        placed = {}
        for path in files:
            for token in reader.stored_json(path):
                placed[token] = path.name.removesuffix(".json.gz")
        assert any(" " in t for t in placed), "pair tokens are spelt with one space"
        names = _js_module(
            page,
            base_url,
            "search-index.js",
            "arg.tokens.map((t) => m.shardName(m.shardOf(t, arg.count), arg.count))",
            {"tokens": list(placed), "count": count},
        )
        wrong = [(t, placed[t], n) for t, n in zip(placed, names, strict=True) if placed[t] != n]
        assert wrong == []
    # Tokens outside the index too: a hash of non-ASCII UTF-8 bytes, checked against Python.
    samples = ["đ", "dau tu", "Đảng", "x" * 40, "ß", "日本"]
    hashes = _js_module(page, base_url, "search-index.js", "arg.map((t) => m.fnv1a(t))", samples)
    for token, value in zip(samples, hashes, strict=True):
        h = 0x811C9DC5
        for byte in token.encode("utf-8"):
            h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
        assert value == h, token
    _assert_clean(page)


@pytest.mark.parametrize("query", ["dau tu cong", "dang bo", "nguoi dan", "tinh"])
def test_count_and_first_page_match_the_index_files(page, base_url, search_site, query):
    """The AND of the query's tokens and the spec's score, computed here from the files.

    Unaccented queries: with accents typed, the first page may come from a wider window (exact
    accents first), see test_exact_accents_rank_first.
    """
    _open(page, base_url, query)
    plan = _js_module(page, base_url, "search-index.js", "m.queryPlan(arg)", query)
    postings = _all_postings(search_site)
    docs = _manifest(search_site)["docs"]
    ranked = _ranked(postings, plan["primary"], docs)
    assert len(ranked) >= 5, "pick queries the primary tokens answer alone"
    assert _total(page) == len(ranked)
    expected = {_slug(_doc(search_site, d)["url"]) for d in ranked[:10]}
    assert set(_slugs(page)) == expected
    _assert_clean(page)


def test_fallback_finds_words_that_are_not_neighbours(page, base_url, search_site):
    """'giải ngân Long An': few pair matches, so every syllable is searched too, after them."""
    query = "giải ngân Long An"
    _open(page, base_url, query)
    plan = _js_module(page, base_url, "search-index.js", "m.queryPlan(arg)", query)
    postings = _all_postings(search_site)
    docs = _manifest(search_site)["docs"]
    primary = _ranked(postings, plan["primary"], docs)
    wide = _ranked(postings, plan["fallback"], docs)
    assert len(primary) < 5 and set(wide) - set(primary)
    assert _total(page) == len(set(primary) | set(wide))
    shown = set(_slugs(page))
    assert {_slug(_doc(search_site, d)["url"]) for d in primary} <= shown
    _assert_clean(page)


def test_index_files_are_fetched_as_the_spec_says(page, base_url, search_site):
    """manifest no-cache without ?v; every other index file with ?v=<build>; filters lazily;
    only the shown results' documents; nothing of Pagefind, no WebAssembly, no worker."""
    build = _manifest(search_site)["build"]
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    workers = []
    page.on("worker", lambda w: workers.append(w.url))
    _open(page, base_url, "dang")
    paths = [urlsplit(u) for u in requests]
    index = [p for p in paths if p.path.startswith("/search/")]
    assert [p.path for p in index if p.path.endswith("manifest.json")] == ["/search/manifest.json"]
    for p in index:
        if p.path.endswith("manifest.json"):
            assert p.query == ""
        else:
            assert parse_qs(p.query) == {"v": [build]}, p
    assert not any(p.path.startswith("/search/filters/") for p in index)
    docs = [p for p in index if p.path.startswith("/search/docs/")]
    assert 1 <= len(docs) <= 10 == page.locator("#search-results > li").count()
    assert not any("pagefind" in u or u.endswith(".wasm") for u in requests)
    assert workers == []
    page.locator("#search-filters summary").click()
    page.wait_for_selector("#search-filter-groups fieldset")
    assert any(urlsplit(u).path.startswith("/search/filters/") for u in requests)
    _assert_clean(page)


# ---- the page's behaviour -----------------------------------------------------------------------


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
    queries = [r[0] for r in TABLE] + ['"giải ngân" Long An', "Đa\u0309ng bộ", "  ", "a_b ĐĐ"]
    plans = _js_module(page, base_url, "search.js", "arg.map((q) => m.queryPlan(q))", queries)
    for query, plan in zip(queries, plans, strict=True):
        expected = query_plan(query)
        assert plan["primary"] == list(expected.primary), query
        assert plan["fallback"] == list(expected.fallback), query
        assert plan["words"] == list(expected.words), query
        assert [tuple(p) for p in plan["phrases"]] == list(expected.phrases), query


_VI = "aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ"
_CHARS = list(_VI + _VI.upper() + "0123456789 _-.,;:!?%/\"'()\n\t") + [
    "\u0300",  # combining grave, acute, tilde, hook, dot below, breve, circumflex, horn
    "\u0301",
    "\u0303",
    "\u0309",
    "\u0323",
    "\u0306",
    "\u0302",
    "\u031b",
]
_QUERIES = st.lists(st.text(st.sampled_from(_CHARS), max_size=30), min_size=1, max_size=25)


@pytest.fixture(scope="module")
def module_page(browser, base_url):
    page = new_logged_page(browser)
    _open(page, base_url, "")
    yield page
    page.context.close()


@settings(max_examples=40, deadline=None)
@given(queries=_QUERIES)
def test_query_plan_property_same_as_python(module_page, base_url, queries):
    """Any mix of Vietnamese letters (precomposed or not), digits, quotes and punctuation."""
    plans = _js_module(
        module_page, base_url, "search-index.js", "arg.map((q) => m.queryPlan(q))", queries
    )
    for query, plan in zip(queries, plans, strict=True):
        expected = query_plan(query)
        assert plan["primary"] == list(expected.primary), repr(query)
        assert plan["fallback"] == list(expected.fallback), repr(query)
        assert plan["words"] == list(expected.words), repr(query)


@settings(max_examples=40, deadline=None)
@given(tokens=_QUERIES, count=st.sampled_from([1, 2, 16, 256, 4096]))
def test_shard_of_property_same_as_python(module_page, base_url, tokens, count):
    got = _js_module(
        module_page,
        base_url,
        "search-index.js",
        "arg.tokens.map((t) => [m.fnv1a(t), m.shardOf(t, arg.count)])",
        {"tokens": tokens, "count": count},
    )
    for token, (value, shard) in zip(tokens, got, strict=True):
        assert value == fnv1a32(token.encode("utf-8")), repr(token)
        assert shard == shard_of(token, count), repr(token)


_POSTINGS = st.dictionaries(st.integers(0, 3000), st.integers(0, 63), max_size=40)


@settings(max_examples=30, deadline=None)
@given(
    lists=st.lists(_POSTINGS, min_size=1, max_size=2),
    base=st.sampled_from([0, 223_000, (1 << 31) - 4000]),
    docs=st.integers(1, 5000),
)
def test_intersect_and_rank_sparse_ids_as_python(module_page, base_url, lists, base, docs):
    """Ids are sparse and far from 0 (plugins/search_index/ids.py, up to 2**31 - 1): the AND,
    the scores and the order (ties: higher id first) are those of the Python reference."""
    postings = [{base + d: w for d, w in p.items()} for p in lists]
    arg = {
        "lists": [
            {"deltas": delta_encode(sorted(p)), "weights": [p[d] for d in sorted(p)]}
            for p in postings
        ],
        "docs": docs,
    }
    got = _js_module(
        module_page,
        base_url,
        "search-index.js",
        "m.rankByScore(m.intersect(arg.lists.map((p) =>"
        " ({ids: m.decodeDeltas(p.deltas), weights: p.weights})), arg.docs))",
        arg,
    )
    assert got == ranking.ranked(ranking.scores(postings, docs))


def test_filter_counts_match_the_index_files(page, base_url, search_site):
    """Counts per value = results passing the OTHER groups' choices that have that value."""
    query = "dau tu cong"
    _open(page, base_url, query, {"year": "2024"})
    page.locator("#search-filter-groups fieldset").first.wait_for()
    plan = _js_module(page, base_url, "search-index.js", "m.queryPlan(arg)", query)
    results = set(
        _ranked(_all_postings(search_site), plan["primary"], _manifest(search_site)["docs"])
    )
    assert len(results) >= 5
    members = reader.filters(_index_dir(search_site))
    in_2024 = results & members["year"]["2024"]
    assert _total(page) == len(in_2024)
    expected = {
        "Chuyên mục": {v: len(in_2024 & d) for v, d in members["category"].items()},
        "Năm": {v: len(results & d) for v, d in members["year"].items()},
    }
    shown = {}
    for fieldset in page.locator("#search-filter-groups fieldset").all():
        legend = fieldset.locator("legend").inner_text()
        labels = fieldset.locator("label").all_inner_texts()
        shown[legend] = {
            re.sub(r" \(\d+\)$", "", t): int(re.search(r"\((\d+)\)$", t).group(1)) for t in labels
        }
    for legend, counts in expected.items():
        assert shown[legend] == {v: n for v, n in counts.items() if n}, legend
    _assert_clean(page)


def test_filters_with_counts_and_in_url(page, base_url, search_site):
    _open(page, base_url, "dau tu cong")
    total = _total(page)
    page.locator("#search-filters summary").click()
    page.wait_for_selector("#search-filter-groups fieldset")
    legends = page.locator("#search-filter-groups legend").all_inner_texts()
    # the site holds articles of two portals (the sample's and the demo portal's): a portal
    # group, and their levels and provinces from portals.toml (portal_pages' PORTALS hook)
    assert legends == ["Cổng thông tin", "Cấp", "Tỉnh, thành phố", "Chủ đề", "Chuyên mục", "Năm"]
    year_group = page.locator("#search-filter-groups fieldset", has_text="Năm")
    years = year_group.locator("label").all_inner_texts()
    counts = {y.split(" ")[0]: int(re.search(r"\((\d+)\)", y).group(1)) for y in years}
    assert sum(counts.values()) == total  # every result has exactly one year
    page.locator("#search-filter-groups label", has_text="2024").click()
    _wait_done(page, "dau tu cong")
    page.wait_for_function("() => location.search.includes('year=2024')")
    assert parse_qs(urlsplit(page.url).query)["year"] == ["2024"]
    assert _total(page) == counts["2024"]
    metas = page.locator(".search-result__meta").all_inner_texts()
    assert metas and all("/2024" in m for m in metas)
    # The year group still counts every year (its own choice does not narrow its counts).
    years = year_group.locator("label").all_inner_texts()
    assert sum(int(re.search(r"\((\d+)\)", y).group(1)) for y in years) == total
    _assert_clean(page)


def test_filter_from_url_limits_results(page, base_url):
    _open(page, base_url, "dang bo", {"category": "Xây dựng Đảng"})
    metas = page.locator(".search-result__meta").all_inner_texts()
    assert metas and all(m.endswith("Xây dựng Đảng") for m in metas)
    assert page.locator("#search-filters").get_attribute("open") is not None
    box = page.locator("#search-filter-groups input[value='Xây dựng Đảng']")
    box.wait_for()
    assert box.is_checked()
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


@pytest.mark.parametrize("query", ["tinh", "đang"])
def test_more_results_button(page, base_url, query):
    """With "đang" the first page comes from a wider window (exact accents): no result twice."""
    _open(page, base_url, query)
    total = _total(page)
    assert total > 10, "pick a query with more than one page of results"
    assert page.locator("#search-results > li").count() == 10
    more = page.locator("#search-more")
    assert more.inner_text() == "Xem thêm kết quả"
    first_page = _slugs(page)
    more.click()
    page.wait_for_function("() => document.querySelectorAll('#search-results > li').length > 10")
    _wait_done(page, query)
    shown = _slugs(page)
    assert shown[:10] == first_page and len(shown) == min(20, total)
    assert len(set(shown)) == len(shown)
    # Focus moves to the first new result, so keyboard and screen-reader users continue there.
    assert page.evaluate("() => document.activeElement.href").rstrip("/").endswith(shown[10])
    assert more.is_hidden() == (total <= 20)
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
    assert page.locator("#search-empty-filters").is_hidden()
    _assert_clean(page)


def test_a_query_without_letters_or_digits_asks_for_some(page, base_url):
    _open(page, base_url, "?!…")
    assert page.locator("#search-status").inner_text() == "Hãy nhập chữ hoặc số để tìm."
    assert page.locator("#search-results > li").count() == 0
    assert page.locator("#search-empty").is_hidden()
    _assert_clean(page)


INJECTIONS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "<svg onload=alert(1)>",
    "javascript:alert(1)",
    "</title><iframe src=javascript:alert(1)>",
    "{{7*7}} ${alert(1)}",
    "constructor __proto__ toString",
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
    assert GIAI_NGAN in _slugs(page)[:5]
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


def test_bench_measures_our_search_page(browser, search_site):
    """bench/search.py's "ours" mode loads our index (no pagefind/ folder needed)."""
    from bench.search import measure_search

    result = measure_search(search_site, ["giải ngân", "dang bo"], browser=browser)
    for row in result["queries"]:
        names = [name for name, _ in row["files"]]
        assert "tim-kiem/" in names and "search/manifest.json" in names
        assert any(name.startswith("search/shards/") for name in names)
        assert not any(name.startswith("pagefind/") for name in names)
        assert row["shown"] >= 1 and row["bytes"] > 0 and row["ms"] > 0
        assert row["external_requests"] == []


@pytest.mark.parametrize(
    ("path", "answer"),
    [
        ("/search/manifest.json", {"status": 404, "body": "not found"}),
        (
            "/search/manifest.json",
            {"status": 200, "body": '{"version":99}', "content_type": "application/json"},
        ),
        ("/search/shards/**", {"status": 500, "body": "broken"}),
    ],
    ids=["manifest-missing", "manifest-unknown-version", "shard-failing"],
)
def test_a_broken_index_gives_a_message_not_a_crash(page, base_url, path, answer):
    page.route(f"{base_url}{path}*", lambda route: route.fulfill(**answer))
    page.goto(f"{base_url}/tim-kiem/?q=dang+bo")
    page.wait_for_function("() => document.getElementById('search-app').dataset.state === 'error'")
    assert "Không tải được chỉ mục tìm kiếm" in page.locator("#search-status").inner_text()
    assert page.locator("#search-results > li").count() == 0
    assert page.log.page_errors == [] and page.log.dialogs == []
    assert page.log.external_requests == []


def test_the_served_policy_forbids_webassembly(page, base_url):
    """The strict header is in force: the page above works without what Pagefind needed."""
    _open(page, base_url, "dang bo")
    assert page.locator("#search-results > li").count() > 0
    outcome = page.evaluate(
        """() => WebAssembly.compile(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]))
              .then(() => "compiled", (error) => error.name)"""
    )
    assert outcome == "CompileError"


def test_works_from_a_sub_path(page, search_site):
    """The archive served below /output/ (a project site): index, results and links follow."""
    with serve_directory(search_site.parent, handler=StrictCspHandler) as root_url:
        base = f"{root_url}/{search_site.name}"
        requests = []
        page.on("request", lambda r: requests.append(urlsplit(r.url).path))
        _open(page, base, "sam ngoc linh")
        assert _slugs(page)[0] == SAM
        href = page.locator("#search-results > li h2 a").first.get_attribute("href")
        assert urlsplit(href).path.startswith(f"/{search_site.name}/20")
        index = [p for p in requests if "/search/" in p]
        assert index and all(p.startswith(f"/{search_site.name}/search/") for p in index)
        page.locator("#search-results > li h2 a").first.click()
        page.wait_for_url(re.compile(SAM))
        assert "sâm Ngọc Linh" in page.locator("main h1").first.inner_text()
    _assert_clean(page)
