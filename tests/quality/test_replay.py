"""The original page, one click away (plugin replay_page), end to end and on 127.0.0.1 only.

The demo portal is served on 127.0.0.1 and crawled by the project's scraper (WARC captures); the
captures are packed into a WACZ with the `wacz` library (as `python -m scraper package` does);
the site is built with that package where the site expects it, and served by Debian's nginx with
the sample config (tools/nginx/archive.conf: its per-path policy for /ban-goc/replay/). The demo
portal is stopped before any page is opened: whatever the replay shows comes from the package.
Chromium then opens an archived article, follows "Xem bản gốc đã lưu", and must show the portal's
own page, with every request on the site's own address and no policy violated outside the
replayed page (whose scripts the replay policy refuses on purpose)."""

from __future__ import annotations

import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup

from plugins.replay_page.packages import warc_timestamp
from tests.quality.npm_tools import run_axe, run_vnu
from tests.quality.safety import CSP_RECORDER
from tests.scraper.crawl_support import crawl, demo_articles, header
from tests.support.browser import new_logged_page
from tests.support.nginx import run_nginx
from tests.support.site import build_site
from tools.demo_portal import serve
from tools.linkcheck import find_broken_links

pytestmark = [pytest.mark.slow]

# The portal's own page around the headline (tests/fixtures/demo_portal/): its name in the
# header, its menu, its breadcrumb, its "Các tin khác" boxes, its footer line. Our site shows
# none of these on an article page.
PORTAL_LAYOUT_JS = """() => ({
  headline: document.querySelector('h1') && document.querySelector('h1').textContent.trim(),
  brand: document.querySelector('a.brand') && document.querySelector('a.brand').textContent.trim(),
  menu: document.querySelectorAll('nav li').length,
  other: Array.from(document.querySelectorAll('h2, h3')).filter(
    (h) => h.textContent.trim() === 'Các tin khác').length,
  footer: document.body.textContent.includes('Cơ quan chủ quản'),
  images: Array.from(document.images).filter(
    (i) => i.complete && i.naturalWidth > 0 && i.src.includes('/uploads/')).length,
  frames: Array.from(document.querySelectorAll('iframe')).map((f) => f.src),
  written: document.body.innerText.includes('quảng cáo'),  // what document.write() would add
  violations: window.__csp || [],
})"""


@dataclass(frozen=True)
class ReplaySite:
    output: Path
    portal_base: str  # the demo portal's address at crawl time (stopped since)
    article: Path  # an archived article's page that links to its capture
    title: str
    source: str
    captured: str  # its `Captured` header


@pytest.fixture(scope="module")
def replay_site(tmp_path_factory) -> ReplaySite:
    pytest.importorskip(
        "wacz", reason="the `wacz` library (pinned by the packaging work) is not installed"
    )
    work = tmp_path_factory.mktemp("replay")
    content, captures, packages = work / "content", work / "captures", work / "packages"
    with serve() as (portal_base, _state):
        result = crawl(portal_base, content, captures)
    assert result.returncode == 0, result.stdout + result.stderr
    warcs = sorted(str(p) for p in (captures / "demo").glob("*.warc.gz"))
    assert warcs, "the crawl wrote no WARC file"
    packages.mkdir()
    packed = subprocess.run(
        [sys.executable, "-m", "wacz", "create", "-o", str(packages / "demo.wacz"), *warcs],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert packed.returncode == 0, packed.stdout + packed.stderr
    output = work / "output"
    log = build_site(
        content, output, extra={"REPLAY_PAGE": {"packages_path": str(packages)}}, options=("-v",)
    ).stdout
    count = len(list(content.rglob("*.md")))
    assert f"replay_page: {count} of {count} article(s) link their capture" in log, log
    # A page with a captured photo, and with what a hostile portal adds: an inline script and a
    # frame from another host (tools/make_demo_portal.py, `hostile`).
    chosen = next(a for a in demo_articles() if a.hostile and a.figures)
    markdown = next(p for p in content.rglob("*.md") if f"Title: {chosen.title}" in p.read_text())
    slug = header(markdown, "Slug")
    article = next(output.glob(f"*/*/{slug}/index.html"))
    return ReplaySite(
        output,
        portal_base,
        article,
        chosen.title,
        header(markdown, "Source"),
        header(markdown, "Captured"),
    )


@pytest.fixture(scope="module")
def served(replay_site, tmp_path_factory):
    with run_nginx(replay_site.output, tmp_path_factory.mktemp("nginx")) as base:
        yield base


def article_path(site: ReplaySite) -> str:
    return "/" + site.article.parent.relative_to(site.output).as_posix() + "/"


def page_link(site: ReplaySite) -> str:
    soup = BeautifulSoup(site.article.read_text("utf-8"), "html.parser")
    return soup.select_one("a.replay-link")["href"]


def replay_frame(page, source: str):
    """The frame ReplayWeb.page replays `source` in (its address ends with it), or None."""
    return next((f for f in page.frames if "mp_/" in f.url and f.url.endswith(source)), None)


def wait_for_state(page, states: tuple[str, ...], timeout: float = 120) -> str:
    deadline = time.monotonic() + timeout
    while True:
        state = page.get_attribute("#replay-app", "data-state")
        if state in states:
            return state
        assert time.monotonic() < deadline, f"replay page still {state!r}"
        page.wait_for_timeout(100)


def open_replay(page, base: str, site: ReplaySite):
    """Open the article, follow its link, wait for the replay; returns the replayed frame."""
    page.goto(base + article_path(site), wait_until="load")
    page.get_by_role("link", name="Xem bản gốc đã lưu").click()
    assert wait_for_state(page, ("ready", "not-found", "invalid")) == "ready"
    deadline = time.monotonic() + 30
    while (frame := replay_frame(page, site.source)) is None:
        assert time.monotonic() < deadline, [f.url for f in page.frames]
        page.wait_for_timeout(100)
    frame.wait_for_load_state("load")
    return frame


# --- the build -----------------------------------------------------------------------------


def test_the_article_link_names_the_portal_the_source_and_the_capture_second(replay_site):
    query = parse_qs(urlsplit(page_link(replay_site)).query)
    assert query == {
        "portal": ["demo"],
        "url": [replay_site.source],
        "ts": [warc_timestamp(replay_site.captured)],  # the capture's WARC-Date, to the second
    }


def test_the_new_pages_are_valid_html_and_nothing_is_broken(replay_site, tmp_path):
    output = replay_site.output
    files = [output / "ban-goc/index.html", output / "ban-goc/replay/index.html"]
    assert run_vnu([*files, replay_site.article], root=output) == []
    assert [str(b) for b in find_broken_links(output)] == []


# --- in Chromium, served by nginx with the sample config ------------------------------------


@pytest.mark.browser
def test_following_the_link_replays_the_portals_own_page_from_the_package(
    replay_site, served, browser
):
    page = new_logged_page(browser)
    requests: list[str] = []
    page.context.on("request", lambda r: requests.append(r.url))  # pages, frames, workers
    page.add_init_script(CSP_RECORDER)
    page.goto(served + article_path(replay_site), wait_until="load")
    assert page.evaluate("() => window.__csp") == []  # the article page, under its policy
    frame = open_replay(page, served, replay_site)
    deadline = time.monotonic() + 15
    while (shown := frame.evaluate(PORTAL_LAYOUT_JS))["images"] == 0:
        assert time.monotonic() < deadline, shown
        page.wait_for_timeout(100)
    assert shown["headline"] == replay_site.title
    assert shown["brand"] == "Cổng thông tin điện tử Tỉnh ủy An Hòa"
    assert shown["menu"] >= 5 and shown["other"] >= 1 and shown["footer"]
    # The frame the original loaded from another host is asked of the replay, on our address
    # (not captured, so it stays empty); the original's inline script did not run.
    assert shown["frames"] and all(
        f.startswith(served + "/ban-goc/replay/") for f in shown["frames"]
    )
    assert "video.example.vn" in shown["frames"][0] and not shown["written"]
    # The replayed page runs no script: ReplayWeb.page's helper, the page's inline scripts and
    # its onclick handler are all refused, and nothing else is.
    violations = shown["violations"]
    assert all(v.split(" ", 1)[0] in ("script-src-elem", "script-src-attr") for v in violations)
    assert any("wombat.js" in v for v in violations), violations
    assert any(v.startswith("script-src-attr") for v in violations), violations
    # Our page and ReplayWeb.page's frame work under their own policies, without an error.
    for other in page.frames:
        if other is not frame:
            assert other.evaluate("() => window.__csp || []") == [], other.url
    assert page.log.page_errors == [] and page.log.dialogs == []
    facts = page.text_content("#replay-facts")
    assert replay_site.source in facts and "(giờ Việt Nam)" in facts and "demo.wacz" in facts
    page.wait_for_timeout(500)  # late image and stylesheet requests of the replayed page
    context = page.context
    context.close()
    site = urlsplit(served).netloc
    portal = urlsplit(replay_site.portal_base).netloc
    assert page.log.external_requests == []
    elsewhere = [u for u in requests if urlsplit(u).scheme not in ("data", "blob")
                 and urlsplit(u).netloc != site]  # fmt: skip
    assert elsewhere == [], elsewhere
    assert not any(portal in urlsplit(u).netloc for u in requests)
    assert any(u.startswith(f"{served}/ban-goc/wacz/demo.wacz?v=") for u in requests)
    assert any("/ban-goc/replay/sw.js" in u for u in requests)


@pytest.mark.browser
def test_without_javascript_the_link_leads_to_where_the_package_is(replay_site, served, browser):
    page = new_logged_page(browser, java_script_enabled=False)
    page.goto(served + article_path(replay_site), wait_until="load")
    page.get_by_role("link", name="Xem bản gốc đã lưu").click()
    page.wait_for_load_state("load")
    assert urlsplit(page.url).path == "/ban-goc/"
    text = page.text_content("main")
    assert "Trình duyệt đang tắt JavaScript" in text
    assert not page.is_visible("#replay-facts")  # filled by the script: empty without it
    assert "Cách tự mở tệp" in text and "ReplayWeb.page" in text
    package = page.get_by_role("link", name="demo.wacz")
    href = package.get_attribute("href")
    response = page.request.get(urlsplit(page.url)._replace(query="").geturl() + href)
    assert response.status == 200 and response.body()[:2] == b"PK"
    assert page.log.external_requests == []
    page.context.close()


@pytest.mark.browser
@pytest.mark.parametrize(
    ("query", "state"),
    [
        ("portal=demo&url=javascript%3Aalert(1)&ts=20250101000000", "invalid"),
        ("portal=..%2F..%2Fx&url=http%3A%2F%2F127.0.0.1%2F&ts=20250101000000", "invalid"),
        ("portal=demo&url=http%3A%2F%2F127.0.0.1%2Fa.html&ts=2025", "invalid"),
        ("", "idle"),
    ],
)
def test_a_link_the_archive_did_not_make_opens_nothing(served, browser, query, state):
    page = new_logged_page(browser)
    page.goto(f"{served}/ban-goc/?{query}", wait_until="load")
    assert wait_for_state(page, (state,), timeout=10) == state
    assert page.query_selector("replay-web-page") is None
    assert page.text_content("#replay-status").strip()
    assert page.log.dialogs == [] and page.log.page_errors == []
    page.context.close()


@pytest.mark.browser
def test_an_address_the_package_does_not_hold_says_so(replay_site, served, browser):
    page = new_logged_page(browser)
    missing = f"{replay_site.portal_base}/tin-tuc/khong-co-bai-nay.html"
    ts = parse_qs(urlsplit(page_link(replay_site)).query)["ts"][0]
    page.goto(
        f"{served}/ban-goc/?portal=demo&url={missing.replace(':', '%3A')}&ts={ts}",
        wait_until="load",
    )
    assert wait_for_state(page, ("not-found", "ready")) == "not-found"
    assert "Không tìm thấy trang này" in page.text_content("#replay-status")
    assert page.log.external_requests == []
    page.context.close()


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_replay_page_has_no_wcag_violation(replay_site, served, browser, scheme):
    # axe is injected as a script, which the policy would block: bypassed for this test only.
    page = new_logged_page(browser, bypass_csp=True, color_scheme=scheme)
    open_replay(page, served, replay_site)
    assert run_axe(page) == []
    page.context.close()
