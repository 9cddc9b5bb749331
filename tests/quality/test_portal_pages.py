"""The portal pages of an archive of several portals (plugins/portal_pages): valid HTML (W3C Nu
HTML Checker), no WCAG 2.1 AA violation (axe-core in Chromium, light and dark), working under the
site's Content-Security-Policy, every internal link resolving. The sample archive's portals share
no category, so this small site (tests/plugins/portal_pages/test_site.py) has every portal page
type: the index, an open and a closed portal, a second page, a per-portal category and month."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.plugins.portal_pages.test_site import settings, write_content
from tests.quality.npm_tools import run_axe, run_vnu
from tests.quality.safety import CSP_RECORDER
from tests.quality.test_sample_site import CSP
from tests.support.browser import new_logged_page
from tests.support.server import serve_directory
from tests.support.site import build_site
from tools.linkcheck import find_broken_links

pytestmark = [pytest.mark.slow]

PAGE_TYPES = {
    "portal index": "cong-thong-tin/index.html",
    "portal (open)": "cong-thong-tin/anhoa/index.html",
    "portal, page 2": "cong-thong-tin/anhoa/trang/2/index.html",
    "portal (closed)": "cong-thong-tin/tanphuoc/index.html",
    "portal (not in portals.toml)": "cong-thong-tin/lamdong/index.html",
    "portal category": "cong-thong-tin/tanphuoc/chuyen-muc/tin-hoat-dong/index.html",
    "portal month": "cong-thong-tin/anhoa/2025/05/index.html",
    "article with its portal": "2025/06/t1/index.html",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("portal_quality")
    content = write_content(root)
    build_site(content, root / "output", extra=settings(root))
    return root / "output"


def test_every_portal_page_type_is_built(site):
    assert [name for name, path in PAGE_TYPES.items() if not (site / path).is_file()] == []


def test_portal_pages_are_valid_html(site):
    pages = sorted((site / "cong-thong-tin").rglob("*.html")) + [
        site / PAGE_TYPES["article with its portal"]
    ]
    assert len(pages) >= len(PAGE_TYPES)
    assert [str(error) for error in run_vnu(pages, root=site)] == []


def test_portal_pages_link_only_to_what_exists(site):
    assert [str(broken) for broken in find_broken_links(site)] == []


@pytest.mark.browser
def test_portal_pages_work_under_the_csp(site, browser):
    problems = {}
    with serve_directory(site) as base:
        page = new_logged_page(browser)
        page.add_init_script(CSP_RECORDER)
        for path in PAGE_TYPES.values():
            html = (site / path).read_text(encoding="utf-8")
            assert f'<meta http-equiv="Content-Security-Policy" content="{CSP}">' in html, path
            before = (len(page.log.console_errors), len(page.log.page_errors))
            page.goto(f"{base}/{path}", wait_until="load")
            page.wait_for_timeout(30)
            found = page.evaluate("() => window.__csp")
            found += page.log.console_errors[before[0] :] + page.log.page_errors[before[1] :]
            if found:
                problems[path] = found
        external = page.log.external_requests
        page.context.close()
    assert problems == {}
    assert external == []


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_wcag_violation_on_the_portal_pages(site, browser, scheme):
    violations = {}
    with serve_directory(site) as base:
        page = new_logged_page(browser, bypass_csp=True, color_scheme=scheme)
        for name, path in PAGE_TYPES.items():
            page.goto(f"{base}/{path}", wait_until="load")
            found = run_axe(page)
            if found:
                violations[f"{name} ({path})"] = found
        page.context.close()
    assert violations == {}
