"""Hostile portal pages, end to end: crawled from a local server by the project's scraper, built
by Pelican with the project's theme and plugins, then checked page by page: nothing in any page
can run script (Python check and Chromium's own parser), and Chromium opening every page fires
no dialog, no script error and no request to another host."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from tests.quality.hostile_site import (
    corpus_articles,
    corpus_cases,
    crawl_and_build,
    extract_and_build_generic,
)
from tests.quality.npm_tools import run_axe, run_vnu
from tests.quality.safety import CSP_RECORDER, DOM_SCAN_JS, static_findings
from tests.support.browser import new_logged_page
from tests.support.server import serve_directory
from tools.check_content import Settings, check_content
from tools.linkcheck import find_broken_links

pytestmark = [pytest.mark.slow]

# Script a payload would run if it got through: a dialog, a global, or a request elsewhere.
PWNED_JS = "() => [window.__pwned]"


@pytest.fixture(scope="module", params=["crawl", "generic"])
def hostile_site(request, tmp_path_factory):
    """Built twice: crawled with the demo profile, and read by the generic extractor."""
    work = tmp_path_factory.mktemp(f"hostile-{request.param}")
    if request.param == "crawl":
        return crawl_and_build(work)
    return extract_and_build_generic(work)


def output_pages(site) -> list[str]:
    """Every page of the site; /admin/ (the editors' screen: tests/plugins/decap_admin) aside."""
    found = (p.relative_to(site.output).as_posix() for p in site.output.rglob("*.html"))
    return sorted(p for p in found if not p.startswith("admin/"))


def test_the_corpus_is_large_enough():
    cases = corpus_cases()
    assert len(corpus_articles()) >= 8
    assert len(cases) >= 150, len(cases)
    assert len(set(cases)) == len(cases), "case names must be unique within a page"


def test_every_hostile_page_is_archived(hostile_site):
    """No page is silently lost because it is hostile: each becomes an article and a page (the
    generic extractor may refuse a page, with a clear reason, when it finds no body)."""
    articles = sorted(hostile_site.content.rglob("*.md"))
    if hostile_site.kind == "crawl":
        assert len(articles) == len(corpus_articles()), hostile_site.crawl_log
    else:
        assert hostile_site.crashed == ()
        assert len(articles) + len(hostile_site.refused) == len(corpus_articles())
        assert len(articles) >= len(corpus_articles()) // 2, hostile_site.refused
    built = [
        p for p in output_pages(hostile_site) if p.startswith("2025/05/") and p.count("/") == 3
    ]
    assert len(built) == len(articles)


def test_written_markdown_has_no_raw_script_or_style(hostile_site):
    """The Markdown the store wrote holds no raw script, handler, inline style or script URL
    (Python-Markdown passes raw HTML through, so the Markdown itself must be clean)."""
    problems, count = check_content(hostile_site.content, Settings())
    unsafe = [
        str(p)
        for p in problems
        if any(
            word in p.what
            for word in ("element in the text", "event handler", "inline style", "URL in the text")
        )
    ]
    assert count == len(list(hostile_site.content.rglob("*.md")))
    assert unsafe == []


def test_no_output_page_can_run_script(hostile_site):
    pages = output_pages(hostile_site)
    findings = []
    for page in pages:
        source = (hostile_site.output / page).read_text(encoding="utf-8")
        findings += static_findings(source, page)
    assert len(pages) >= 20
    assert findings == []


def test_output_stays_valid_html(hostile_site):
    """Whatever a portal sends, the archive's pages stay valid (W3C Nu HTML Checker)."""
    pages = [hostile_site.output / p for p in output_pages(hostile_site)]
    assert [str(e) for e in run_vnu(pages, root=hostile_site.output)] == []


def test_no_broken_internal_link(hostile_site):
    assert [str(b) for b in find_broken_links(hostile_site.output)] == []


def test_text_payloads_are_shown_as_printed(hostile_site):
    """Markup, Markdown and Jinja syntax that a portal printed as text stay visible text."""
    titles = set()
    for path in output_pages(hostile_site):
        if path.startswith("2025/05/") and path.count("/") == 3:
            soup = BeautifulSoup((hostile_site.output / path).read_text(encoding="utf-8"), "lxml")
            titles.add(soup.find("h1").get_text())
    assert "Cú pháp {{ 7*7 }} và [liên kết](javascript:alert('title-md')) trong tiêu đề" in titles
    if hostile_site.kind == "crawl":  # the generic extractor finds no body on this page
        assert "Lồng nhau sai và đột biến </title><script>alert('title-text')</script>" in titles


@pytest.mark.browser
@pytest.mark.parametrize("csp", ["csp-off", "csp-on"])
def test_chromium_runs_no_payload(hostile_site, browser, csp):
    """Every page in Chromium: no dialog, no page error, no console error, no request to another
    host, and no finding in Chromium's own DOM. With the CSP switched off the output itself is
    tested; with it on, additionally no CSP violation may be reported."""
    pages = output_pages(hostile_site)
    problems: dict[str, list[str]] = {}
    with serve_directory(hostile_site.output) as base:
        page = new_logged_page(browser, bypass_csp=csp == "csp-off")
        page.add_init_script(CSP_RECORDER)
        for path in pages:
            page.goto(f"{base}/{path}", wait_until="load")
            page.wait_for_timeout(50)  # let timers/animations a payload might use fire
            source = (hostile_site.output / path).read_text(encoding="utf-8")
            found = page.evaluate(DOM_SCAN_JS, {"source": source, "root": "/"})
            found += [f"payload ran: {v}" for v in page.evaluate(PWNED_JS) if v]
            found += [f"CSP violation: {v}" for v in page.evaluate("() => window.__csp")]
            if found:
                problems[path] = found
        log = page.log
        page.context.close()
    assert problems == {}
    assert log.dialogs == []
    assert log.page_errors == []
    assert log.external_requests == []
    assert log.console_errors == []


@pytest.mark.browser
def test_article_pages_stay_accessible(hostile_site, browser):
    """Hostile markup does not leave the archived articles with WCAG 2.1 AA violations."""
    articles = [
        p for p in output_pages(hostile_site) if p.startswith("2025/05/") and p.count("/") == 3
    ]
    violations = {}
    with serve_directory(hostile_site.output) as base:
        page = new_logged_page(browser, bypass_csp=True)  # axe is injected as a script
        for path in articles:
            page.goto(f"{base}/{path}", wait_until="load")
            found = run_axe(page)
            if found:
                violations[path] = found
        page.context.close()
    assert articles and violations == {}
