"""tools/demo_portal.py and tools/make_demo_portal.py: the bundled demo portal and its faults."""

from __future__ import annotations

import datetime
import unicodedata
import urllib.error
import urllib.request

import pytest

from tests.support.paths import PROJECT_ROOT
from tools.demo_portal import DEMO_ROOT, serve, to_cp1258
from tools.make_demo_portal import CATEGORIES, TANPHUOC, VARIANTS, build_articles, generate

TANPHUOC_CLOSED = datetime.date(2025, 7, 1)


def fetch(url: str) -> tuple[int, dict[str, str], bytes]:
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(url, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.mark.parametrize("variant", list(VARIANTS.values()), ids=list(VARIANTS))
def test_committed_portal_is_what_the_generator_makes(tmp_path, variant):
    generate(tmp_path / "portal", variant)
    made = {p.relative_to(tmp_path / "portal"): p.read_bytes() for p in
            (tmp_path / "portal").rglob("*") if p.is_file()}  # fmt: skip
    committed = {p.relative_to(variant.root): p.read_bytes() for p in variant.root.rglob("*")
                 if p.is_file()}  # fmt: skip
    assert made == committed, "run `python -m tools.make_demo_portal --all` and commit the result"


def test_the_second_demo_portal_shares_no_article_address_with_the_first():
    """Both are crawled into one archive by `make demo`: no two articles may get one page."""
    first, second = build_articles(), build_articles(TANPHUOC)
    pages = {(a.date.year, a.date.month, a.slug) for a in first}
    assert not pages & {(a.date.year, a.date.month, a.slug) for a in second}
    assert {a.category[1] for a in first} & {a.category[1] for a in second}  # a shared category
    assert max(a.date for a in second).date() < TANPHUOC_CLOSED  # nothing after it closed


def test_the_demo_portals_are_recorded_in_portals_toml():
    from plugins.portal_pages.registry import load_registry

    registry = load_registry(PROJECT_ROOT / "portals.toml")
    assert registry.get("demo").closed_on is None
    assert registry.get("demo-tanphuoc").closed_on == TANPHUOC_CLOSED
    assert registry.get("demo-tanphuoc").merged_into == "demo"
    for name, variant in VARIANTS.items():
        assert registry.get(name).name == variant.site_name
        assert (PROJECT_ROOT / "scraper" / "profiles" / f"{name}.toml").is_file()


def test_portal_shape():
    articles = build_articles()
    assert len(articles) >= 60
    assert len({a.date.year for a in articles}) >= 3
    assert len(CATEGORIES) >= 5
    assert len({a.title for a in articles}) == len(articles)
    assert sum(p.stat().st_size for p in DEMO_ROOT.rglob("*") if p.is_file()) < 2 * 1024 * 1024


def test_pages_and_robots_are_served():
    article = build_articles()[0]
    with serve(disallow=["/tin-tuc/thong-bao-"]) as (base, state):
        status, headers, body = fetch(base + article.url)
        robots = fetch(base + "/robots.txt")[2].decode()
        missing = fetch(base + "/tin-tuc/khong-co-9999.html")[0]
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert article.title.encode() in body
    assert "Disallow: /tin-tuc/thong-bao-" in robots
    assert missing == 404
    assert state.hits[article.url] == 1


@pytest.mark.parametrize(
    ("mode", "first", "second"),
    [("500-once", 500, 200), ("429-once", 429, 200), ("500-always", 500, 500)],
)
def test_status_faults(mode, first, second):
    path = build_articles()[1].url
    with serve(faults={path: mode}) as (base, _):
        one = fetch(base + path)
        two = fetch(base + path)
    assert (one[0], two[0]) == (first, second)
    if mode == "429-once":
        assert one[1]["Retry-After"] == "1"


def test_redirect_loop():
    path = build_articles()[2].url
    with serve(faults={path: "redirect-loop"}) as (base, _):
        status, headers, _ = fetch(base + path)
        again = fetch(base + headers["Location"])
    assert status == 302 and headers["Location"] == path + "?r=1"
    assert again[0] == 302 and again[1]["Location"] == path


def test_charset_faults():
    article = build_articles()[3]
    with serve(faults={article.url: "cp1258"}) as (base, _):
        status, headers, body = fetch(base + article.url)
    assert headers["Content-Type"] == "text/html; charset=windows-1258"
    text = body.decode("cp1258")
    assert article.title not in text  # tone marks are combining characters in cp1258
    assert unicodedata.normalize("NFC", text).count(article.title) >= 1
    with serve(faults={article.url: "latin1-header"}) as (base, _):
        status, headers, body = fetch(base + article.url)
    assert headers["Content-Type"] == "text/html; charset=iso-8859-1"
    assert article.title in body.decode("utf-8")


def test_no_date_fault_removes_the_date_line():
    article = build_articles()[4]
    with serve(faults={article.url: "no-date"}) as (base, _):
        body = fetch(base + article.url)[2]
    assert b"news-date" not in body and article.title.encode() in body


def test_to_cp1258_round_trips_vietnamese():
    text = "Đảng bộ tỉnh Long An: đầu tư công, chuyển đổi số, an sinh xã hội — quý, quí"
    assert unicodedata.normalize("NFC", to_cp1258(text).decode("cp1258")) == text


def test_unknown_fault_mode_is_refused():
    with pytest.raises(ValueError, match="unknown fault mode"):
        with serve(faults={"/": "explode"}):
            pass


@pytest.mark.parametrize(
    ("mode", "page", "injected"),
    [
        ("hostile-head", "article", b"<head>\n<base href=\"javascript:alert('base')//\">"),
        ("hostile-head", "listing", b'<meta http-equiv="refresh" content="0;url=javascript:'),
        ("refresh-page", "article", b'<head>\n<meta http-equiv="refresh" content="0;url=/">'),
        ("refresh-in-body", "article", b'<div class="news-content">\n<meta http-equiv="refresh"'),
        ("hostile-links", "listing", b'<a href="http://evil.example/tin-tuc/c-9103.html">'),
        ("hostile-links", "listing", b'<a href="http://[::1/tin-tuc/e-9105.html">'),
        ("hostile-links", "listing", b'<div class="pagination"><a href="javascript:alert(2)'),
    ],
)
def test_hostile_page_faults(mode, page, injected):
    path = build_articles()[5].url if page == "article" else "/chuyen-muc/kinh-te/"
    with serve() as (base, _):
        plain = fetch(base + path)[2]
    with serve(faults={path: mode}) as (base, _):
        status, _, body = fetch(base + path)
    assert status == 200
    assert injected not in plain and injected in body


def test_redirect_to_javascript():
    path = build_articles()[6].url
    with serve(faults={path: "redirect-javascript"}) as (base, _):
        status, headers, _ = fetch(base + path)
    assert status == 302 and headers["Location"] == "javascript:alert('redirect')"


def test_odd_headers_are_sent_byte_for_byte():
    path = build_articles()[7].url
    with serve(faults={path: "odd-headers"}) as (base, _):
        status, headers, body = fetch(base + path)
    assert status == 200 and body
    disposition = headers["Content-Disposition"].encode("latin-1").decode("utf-8")
    assert disposition == 'inline; filename="Thông báo số 1.html"'
