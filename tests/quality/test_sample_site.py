"""The sample archive (content/) as built by Pelican: valid HTML (W3C Nu HTML Checker), no WCAG
2.1 AA violation (axe-core in Chromium, light and dark), no broken link or missing asset, and
every page working under the site's Content-Security-Policy (no violation, no script error).
The site is built once for the whole module."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.quality.npm_tools import run_axe, run_vnu
from tests.quality.safety import CSP_RECORDER
from tests.support.browser import new_logged_page
from tests.support.paths import PROJECT_ROOT
from tests.support.server import serve_directory
from tests.support.site import build_site
from tools.linkcheck import find_broken_links

pytestmark = [pytest.mark.slow]

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'"
)
SEARCH_QUERY = "dau tu cong"  # no diacritics, as citizens type it; the seed article matches
# A search shows results when links to archived articles (/YYYY/MM/slug/) appear in <main>.
SEARCH_RESULTS_JS = (
    "() => Array.from(document.querySelectorAll('main a[href]'))"
    ".filter((a) => /\\/\\d{4}\\/\\d{2}\\/[^/]+\\/?$/.test(new URL(a.href).pathname)).length"
)


@dataclass(frozen=True)
class Site:
    output: Path
    pages: list[str]  # every HTML page, output-relative POSIX paths


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory) -> Site:
    output = tmp_path_factory.mktemp("sample") / "output"
    build_site(PROJECT_ROOT / "content", output)
    # /admin/ is the editors' screen, not a page of the site: it has its own policy and is tested
    # in tests/plugins/decap_admin (and is never published unless PUBLISH_ADMIN).
    pages = sorted(
        p.relative_to(output).as_posix()
        for p in output.rglob("*.html")
        if not p.relative_to(output).as_posix().startswith("admin/")
    )
    return Site(output, pages)


def page_types(site: Site) -> dict[str, str]:
    """One URL path (relative to the site root) per page type; None for a missing type."""

    def first(pattern: str) -> str | None:
        regex = re.compile(pattern)
        return next((p for p in site.pages if regex.fullmatch(p)), None)

    wanted = {
        "home": r"index\.html",
        "article": r"\d{4}/\d{2}/[^/]+/index\.html",
        "category": r"chuyen-muc/[^/]+/index\.html",
        "categories": r"chuyen-muc/index\.html",
        "tag": r"the/[^/]+/index\.html",
        "tags": r"the/index\.html",
        "topic": r"chu-de/[^/]+/index\.html",
        "author": r"tac-gia/[^/]+/index\.html",
        "archives": r"luu-tru/index\.html",
        "year": r"\d{4}/index\.html",
        "month": r"\d{4}/\d{2}/index\.html",
        "page": r"gioi-thieu/index\.html",
        "search": r"tim-kiem/index\.html",
        "replay": r"ban-goc/index\.html",  # without packages here; tests/quality/test_replay.py
        "404": r"404\.html",
        # portal_pages: the index, a closed portal's page (with its notice), a portal's month
        "portals": r"cong-thong-tin/index\.html",
        "portal (closed)": r"cong-thong-tin/longan/index\.html",
        "portal month": r"cong-thong-tin/[^/]+/\d{4}/\d{2}/index\.html",
    }
    found = {name: first(pattern) for name, pattern in wanted.items()}
    found["article"] = next(
        (p for p in site.pages if p.startswith("2025/05/nang-cao-hieu-qua") and p.count("/") == 3),
        None,
    )
    if found["search"]:
        found["search"] = found["search"].removesuffix("index.html") + f"?q={SEARCH_QUERY}"
    return found


def test_every_page_type_is_built(sample_site):
    """The page types the other checks visit exist (the seed article among the articles)."""
    missing = sorted(name for name, path in page_types(sample_site).items() if path is None)
    assert missing == []


def open_page(page, base: str, path: str) -> None:
    page.goto(f"{base}/{path}", wait_until="load")
    if path.startswith("tim-kiem/") and "?q=" in path:
        # Polled from Python: a string predicate would be eval'ed in the page, which the CSP
        # (rightly) forbids.
        deadline = time.monotonic() + 15
        while page.evaluate(SEARCH_RESULTS_JS) == 0:
            assert time.monotonic() < deadline, f"no search results on {path}"
            page.wait_for_timeout(100)


# --- W3C Nu HTML Checker ----------------------------------------------------------------------


def test_every_page_is_valid_html(sample_site, tmp_path):
    """Every page, and the site's CSS and SVG files, with the W3C Nu HTML Checker, in one JVM.
    Two broken files go through the same run, to show the run really reports errors."""
    output = sample_site.output
    assets = sorted(p for p in output.rglob("*") if p.suffix in (".css", ".svg"))
    bad_html, bad_css = tmp_path / "bad.html", tmp_path / "bad.css"
    bad_html.write_text(
        '<!doctype html><html lang="vi"><head><title>x</title></head>'
        "<body>\n<p><div>khối trong đoạn</p></div><img src=a.png></body></html>",
        encoding="utf-8",
    )
    bad_css.write_text("p { colour: red; margin: 1 }\n", encoding="utf-8")
    files = [output / p for p in sample_site.pages] + assets + [bad_html, bad_css]
    errors = run_vnu(files, root=output)
    site_errors = [str(e) for e in errors if not e.file.startswith(str(tmp_path))]
    canary = {Path(e.file).name for e in errors if e.file.startswith(str(tmp_path))}
    assert canary == {"bad.html", "bad.css"}, "the validator did not report the broken files"
    assert len(sample_site.pages) >= 20 and assets
    assert site_errors == []


# --- links ------------------------------------------------------------------------------------


def test_no_broken_link_or_missing_asset(sample_site):
    assert [str(b) for b in find_broken_links(sample_site.output)] == []


# --- Content-Security-Policy ------------------------------------------------------------------


def test_every_page_declares_the_csp(sample_site):
    pattern = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)"')
    wrong = {}
    for path in sample_site.pages:
        found = pattern.findall((sample_site.output / path).read_text(encoding="utf-8"))
        if found != [CSP]:
            wrong[path] = found
    assert wrong == {}


def test_nginx_sends_the_same_csp_header():
    """The sample nginx config (hosts that can set headers) sends at least the meta policy."""
    config = (PROJECT_ROOT / "tools" / "nginx" / "archive.conf").read_text(encoding="utf-8")
    header = re.search(r'add_header\s+Content-Security-Policy\s+"([^"]+)"', config)
    assert header, "tools/nginx/archive.conf has no Content-Security-Policy header"

    def directives(policy: str) -> set[str]:
        return {" ".join(d.split()) for d in policy.split(";") if d.strip()}

    assert directives(CSP) <= directives(header.group(1))


@pytest.mark.browser
def test_every_page_works_under_the_csp(sample_site, browser):
    """Every page (and the search page with results) in Chromium with the CSP in force:
    no violation report, no console error, no page error, no request to another host."""
    search = page_types(sample_site)["search"]
    paths = sample_site.pages + ([search] if search else [])
    problems = {}
    with serve_directory(sample_site.output) as base:
        page = new_logged_page(browser)
        page.add_init_script(CSP_RECORDER)
        for path in paths:
            before = (len(page.log.console_errors), len(page.log.page_errors))
            open_page(page, base, path)
            page.wait_for_timeout(30)
            violations = page.evaluate("() => window.__csp")
            console = page.log.console_errors[before[0] :]
            errors = page.log.page_errors[before[1] :]
            if violations or console or errors:
                problems[path] = violations + console + errors
        external = page.log.external_requests
        page.context.close()
    assert problems == {}
    assert external == []


# --- axe-core ---------------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_wcag_violation_on_any_page_type(sample_site, browser, scheme):
    types = page_types(sample_site)
    violations = {}
    with serve_directory(sample_site.output) as base:
        # axe is injected as a script, which the CSP would block: bypass it for this test only.
        page = new_logged_page(browser, bypass_csp=True, color_scheme=scheme)
        for name, path in types.items():
            if path is None:
                continue  # reported by test_every_page_type_is_built
            open_page(page, base, path)
            found = run_axe(page)
            if found:
                violations[f"{name} ({path})"] = found
        page.context.close()
    assert violations == {}


@pytest.mark.browser
def test_axe_reports_violations(browser, tmp_path):
    """The axe run is real: a page with an unlabelled image, input and low contrast fails."""
    (tmp_path / "index.html").write_text(
        '<!doctype html><html lang="vi"><head><title>x</title>'
        '<link rel="stylesheet" href="x.css"></head><body><main>'
        '<img src="a.png"><input type="text"><p class="pale">Chữ mờ</p></main></body></html>',
        encoding="utf-8",
    )
    (tmp_path / "x.css").write_text(".pale{color:#ccc;background:#fff}", encoding="utf-8")
    with serve_directory(tmp_path) as base:
        page = new_logged_page(browser, bypass_csp=True)
        page.goto(f"{base}/index.html")
        found = run_axe(page)
        page.context.close()
    rules = {line.split(" ", 1)[0] for line in found}
    assert {"image-alt", "label", "color-contrast"} <= rules, found
