"""Search across portals in a real browser (Debian Chromium, 127.0.0.1 only): a two-portal site,
the portal facet (with level and province from the PORTALS setting), the portal named on each
result, and what a query restricted to one portal downloads against an archive of that portal
alone (plugins/search_index/layout.py: one part of the index per portal)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from plugins.search_index import reader
from tests.support.browser import new_logged_page
from tests.support.server import serve_directory
from tests.support.site import build_site

from .browser_corpus import StrictCspHandler, search_plugins

PORTALS = {
    "tinh-uy-long-an": {"name": "Tỉnh ủy Long An", "level": "tỉnh ủy", "province": "Tây Ninh"},
    "ubnd-tay-ninh": {"name": "UBND tỉnh Tây Ninh", "level": "UBND tỉnh", "province": "Tây Ninh"},
    "huyen-duc-hoa": {"name": "Huyện Đức Hòa", "level": "huyện", "province": "Tây Ninh"},
}
PER_PORTAL = {"tinh-uy-long-an": 36, "ubnd-tay-ninh": 30, "huyen-duc-hoa": 0}
SENTENCES = [
    "Tỉnh đẩy nhanh giải ngân vốn đầu tư công cho các dự án trọng điểm.",
    "Đảng bộ xã kết nạp đảng viên mới, nâng cao chất lượng sinh hoạt chi bộ.",
    "Ngành nông nghiệp phát triển vùng nguyên liệu thanh long đạt chuẩn xuất khẩu.",
    "Công an huyện tăng cường bảo đảm an ninh trật tự trên địa bàn.",
    "Sở Giao thông vận tải nâng cấp đường tỉnh, bảo đảm an toàn giao thông.",
]


def write_portal(content: Path, portal: str, count: int) -> None:
    folder = content / portal
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        day = 1 + (i * 7 + len(portal)) % 27
        month = 1 + i % 12
        text = " ".join(SENTENCES[(i + k) % len(SENTENCES)] for k in range(4))
        (folder / f"bai-{i}.md").write_text(
            f"Title: {PORTALS[portal]['name']}: giải ngân vốn đầu tư công, bản tin {i + 1}\n"
            f"Date: 2024-{month:02d}-{day:02d}T08:{i % 60:02d}:00+07:00\n"
            f"Category: Tin hoạt động\nSlug: {portal}-bai-{i}\nLang: vi\nPortal: {portal}\n"
            f"Summary: {SENTENCES[i % len(SENTENCES)]}\n\n{text}\n",
            encoding="utf-8",
        )


def build(root: Path, portals: dict[str, int]) -> Path:
    content = root / "content"
    for portal, count in portals.items():
        write_portal(content, portal, count)
    output = root / "output"
    settings = {"PLUGINS": search_plugins(), "CACHE_PATH": str(root / "cache"), "PORTALS": PORTALS}
    build_site(content, output, extra=settings)
    return output


@pytest.fixture(scope="module")
def two_portals(tmp_path_factory):
    return build(tmp_path_factory.mktemp("two-portals"), {p: n for p, n in PER_PORTAL.items() if n})


@pytest.fixture(scope="module")
def one_portal(tmp_path_factory):
    return build(tmp_path_factory.mktemp("one-portal"), {"tinh-uy-long-an": 36})


@pytest.fixture
def page(browser):
    page = new_logged_page(browser)
    yield page
    page.context.close()


def _wait_done(page, query: str) -> None:
    page.wait_for_function(
        "q => { const s = document.getElementById('search-app');"
        " return s.dataset.ready === 'true' && s.dataset.state === 'done'"
        " && s.dataset.query === q }",
        arg=query,
        timeout=60_000,
    )


def _total(page) -> int:
    match = re.match(r"Tìm thấy (\d+) kết quả", page.locator("#search-status").inner_text())
    return int(match.group(1)) if match else 0


def _search(page, base: str, query: str, params: dict | None = None) -> dict[str, int]:
    """Open the search page for `query`; returns the index files fetched -> their bytes."""
    fetched: dict[str, int] = {}

    def record(response) -> None:
        path = urlsplit(response.url).path
        if path.startswith("/search/"):
            fetched[path] = len(response.body())

    page.on("response", record)
    page.goto(f"{base}/tim-kiem/?" + urlencode({"q": query, **(params or {})}, doseq=True))
    _wait_done(page, query)
    page.wait_for_load_state("networkidle")
    page.remove_listener("response", record)
    return fetched


def _clean(page) -> None:
    assert page.log.external_requests == []
    assert page.log.console_errors == []
    assert page.log.page_errors == []


def test_the_index_has_one_part_per_portal_named_by_the_portals_setting(two_portals):
    manifest = reader.manifest(two_portals / "search")
    parts = {p["portal"]: p for p in manifest["parts"]}
    assert set(parts) == {"tinh-uy-long-an", "ubnd-tay-ninh"}  # a portal without articles: none
    assert parts["tinh-uy-long-an"]["docs"] == 36 and parts["ubnd-tay-ninh"]["docs"] == 30
    assert parts["ubnd-tay-ninh"]["name"] == "UBND tỉnh Tây Ninh"
    assert parts["ubnd-tay-ninh"]["level"] == "UBND tỉnh"
    assert parts["tinh-uy-long-an"]["province"] == "Tây Ninh"


def test_filter_by_portal(page, two_portals):
    with serve_directory(two_portals, handler=StrictCspHandler) as base:
        _search(page, base, "giai ngan")
        total = _total(page)
        assert total == 66
        page.locator("#search-filters summary").click()
        page.wait_for_selector("#search-filter-groups fieldset")
        legends = page.locator("#search-filter-groups legend").all_inner_texts()
        # both portals are of one province: no province group; two levels
        assert legends[:2] == ["Cổng thông tin", "Cấp"] and "Tỉnh, thành phố" not in legends
        group = page.locator("#search-filter-groups fieldset", has_text="Cổng thông tin")
        labels = group.locator("label").all_inner_texts()
        assert sorted(labels) == ["Tỉnh ủy Long An (36)", "UBND tỉnh Tây Ninh (30)"]
        # each result names its portal
        portals = page.locator(".search-result__portal").all_inner_texts()
        assert len(portals) == 10
        assert set(portals) <= {
            "Cổng thông tin: Tỉnh ủy Long An",
            "Cổng thông tin: UBND tỉnh Tây Ninh",
        }
        group.locator("label", has_text="UBND tỉnh Tây Ninh").click()
        page.wait_for_function("() => location.search.includes('portal=ubnd-tay-ninh')")
        _wait_done(page, "giai ngan")
        assert _total(page) == 30
        assert parse_qs(urlsplit(page.url).query)["portal"] == ["ubnd-tay-ninh"]
        portals = page.locator(".search-result__portal").all_inner_texts()
        assert portals and set(portals) == {"Cổng thông tin: UBND tỉnh Tây Ninh"}
        hrefs = page.locator("#search-results > li h2 a").evaluate_all("as => as.map(a => a.href)")
        assert all("/ubnd-tay-ninh-bai-" in h for h in hrefs)
        # the other portal stays offered (without a count: its part is not read)
        labels = group.locator("label").all_inner_texts()
        assert sorted(labels) == ["Tỉnh ủy Long An", "UBND tỉnh Tây Ninh (30)"]
        _clean(page)


def test_a_level_choice_searches_its_portals(page, two_portals):
    with serve_directory(two_portals, handler=StrictCspHandler) as base:
        fetched = _search(page, base, "giai ngan", {"level": "tỉnh ủy"})
        assert _total(page) == 36
        assert not any(p.startswith("/search/shards/1/") for p in fetched)
        _clean(page)


def test_a_query_restricted_to_one_portal_reads_what_a_one_portal_archive_reads(
    page, two_portals, one_portal
):
    """Same query, same 36 articles: restricted to their portal in the two-portal archive, and
    in an archive of that portal alone. The restricted query reads its part's shards and no file
    of the other part; its bytes are those of the one-portal archive but for the ids, which are
    spread over both portals' dates (larger gaps), and the fragments' chunks, which neighbours
    of both portals share (about as many documents per chunk either way)."""
    part = reader.part_numbers(two_portals / "search", "tinh-uy-long-an")[0]
    other = 1 - part
    with serve_directory(two_portals, handler=StrictCspHandler) as base:
        restricted = _search(page, base, "dau tu cong", {"portal": "tinh-uy-long-an"})
        assert _total(page) == 36
        everything = _search(page, base, "dau tu cong")
        assert _total(page) == 66
    with serve_directory(one_portal, handler=StrictCspHandler) as base:
        alone = _search(page, base, "dau tu cong")
        assert _total(page) == 36
    assert not any(
        p.startswith((f"/search/shards/{other}/", f"/search/filters/{other}")) for p in restricted
    )
    # restricted: the part's own shards; over both portals: the whole archive's, one per token
    shard_files = [p for p in restricted if "/shards/" in p]
    assert shard_files and all(
        re.fullmatch(rf"/search/shards/{part}/\w+\.json\.gz", p) for p in shard_files
    )
    shard_files = [p for p in everything if "/shards/" in p]
    assert shard_files and all(
        re.fullmatch(r"/search/shards/\w+\.json\.gz", p) for p in shard_files
    )

    def postings(files: dict[str, int]) -> int:
        return sum(n for p, n in files.items() if p.startswith("/search/shards/"))

    def fragments(files: dict[str, int]) -> tuple[int, int]:
        chunks = [n for p, n in files.items() if p.startswith("/search/docs/")]
        return len(chunks), sum(chunks)

    # The postings: what the one-portal archive reads (ids a little sparser: +15 % at most).
    assert postings(restricted) <= postings(alone) * 1.15
    assert postings(everything) > postings(restricted)
    # The fragments: one chunk per result shown at most; chunks hold neighbours of both
    # portals, so results a one-portal archive finds in a shared chunk (ties, newest first)
    # may take one chunk each here: not more than twice the bytes.
    shown = min(10, 36)
    assert fragments(restricted)[0] <= shown and fragments(alone)[0] <= shown
    assert fragments(restricted)[1] <= fragments(alone)[1] * 2
    print(
        f"\n'dau tu cong', bytes of postings / fragments: restricted {postings(restricted)} / "
        f"{fragments(restricted)}, one-portal archive {postings(alone)} / {fragments(alone)}, "
        f"unrestricted {postings(everything)} / {fragments(everything)}"
    )
    _clean(page)
