"""Chromium reads the built sample archive over HTTP on 127.0.0.1: home, an article, a month.

Each page: visible Vietnamese text, the stylesheet applied under the CSP, zero console errors,
zero failed requests and zero requests to any other host.
"""

from __future__ import annotations

import pytest

from tests.site.conftest import SEED_PAGE
from tests.support.browser import new_logged_page
from tests.support.server import serve_directory

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PAGES = {
    "home": ("", "Bản tin mới nhất"),
    "article": (SEED_PAGE.removesuffix("index.html"), "Nâng cao hiệu quả hoạt động Tổ công tác"),
    "month archive": ("2025/05/", "Lưu trữ tháng 5/2025"),
}


@pytest.fixture(scope="module")
def base_url(sample_site):
    with serve_directory(sample_site.output) as url:
        yield url


def _assert_clean(page):
    log = page.log
    assert log.console_errors == [], log.console_errors
    assert log.page_errors == [], log.page_errors
    assert log.external_requests == [], log.external_requests
    assert log.failed_requests == [], log.failed_requests
    assert log.dialogs == [], log.dialogs


@pytest.mark.parametrize(("path", "heading"), PAGES.values(), ids=list(PAGES))
def test_page_reads_in_vietnamese_with_no_errors_and_no_other_hosts(
    browser, base_url, path, heading
):
    page = new_logged_page(browser)
    try:
        response = page.goto(f"{base_url}/{path}", wait_until="load")
        assert response.status == 200
        page.wait_for_load_state("networkidle")
        h1 = page.locator("h1")
        assert h1.count() == 1 and h1.is_visible()
        assert heading in h1.inner_text()
        assert page.locator("html").get_attribute("lang") == "vi"
        body = page.locator("main").inner_text()
        assert any(ch in body for ch in "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ")
        font = page.evaluate("getComputedStyle(document.body).fontFamily")
        assert "system-ui" in font  # main.css applied despite the strict CSP
        _assert_clean(page)
    finally:
        page.context.close()


def test_article_shows_date_byline_and_caption(browser, base_url):
    page = new_logged_page(browser)
    try:
        page.goto(f"{base_url}/{SEED_PAGE.removesuffix('index.html')}")
        page.wait_for_load_state("networkidle")
        assert page.locator(".byline time").inner_text() == "Thứ Tư, 28/05/2025"
        assert page.locator(".byline a[rel=author]").inner_text() == "Trường Phúc"
        caption = page.locator("figure figcaption")
        assert caption.is_visible()
        assert caption.inner_text().startswith("Trong quí II, tỉnh tập trung kiện toàn")
        _assert_clean(page)
    finally:
        page.context.close()


def test_reading_needs_no_javascript(browser, base_url):
    page = new_logged_page(browser, java_script_enabled=False)
    try:
        page.goto(f"{base_url}/{SEED_PAGE.removesuffix('index.html')}")
        assert page.locator(".article-body p").first.is_visible()
        assert "Trường Phúc" in page.locator(".byline").inner_text()
    finally:
        page.context.close()


def test_phone_width_has_no_horizontal_scrolling(browser, base_url):
    page = new_logged_page(browser, viewport={"width": 360, "height": 740})
    try:
        for path, _ in PAGES.values():
            page.goto(f"{base_url}/{path}")
            page.wait_for_load_state("networkidle")  # let the favicon finish before moving on
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"/{path} scrolls sideways by {overflow}px at 360px"
        _assert_clean(page)
    finally:
        page.context.close()


def test_skip_link_is_the_first_tab_stop_and_becomes_visible(browser, base_url):
    page = new_logged_page(browser)
    try:
        page.goto(f"{base_url}/")
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.className")
        assert focused == "skip-link"
        box = page.locator("a.skip-link").bounding_box()
        assert box is not None and box["y"] >= 0
        page.keyboard.press("Enter")
        assert page.evaluate("location.hash") == "#noi-dung"
    finally:
        page.context.close()


def test_dark_mode_follows_the_system_setting(browser, base_url):
    colours = {}
    for scheme in ("light", "dark"):
        page = new_logged_page(browser, color_scheme=scheme)
        try:
            page.goto(f"{base_url}/")
            colours[scheme] = page.evaluate(
                "[getComputedStyle(document.body).backgroundColor,"
                " getComputedStyle(document.body).color]"
            )
        finally:
            page.context.close()
    assert colours["light"][0] == "rgb(255, 255, 255)"
    assert colours["dark"][0] != colours["light"][0]
    assert colours["dark"][1] != colours["light"][1]


def test_print_shows_the_bulletin_without_navigation(browser, base_url):
    page = new_logged_page(browser)
    try:
        page.goto(f"{base_url}/{SEED_PAGE.removesuffix('index.html')}")
        page.emulate_media(media="print")
        assert not page.locator(".site-nav").is_visible()
        assert not page.locator(".prev-next").is_visible()
        assert page.locator("main h1").is_visible() and page.locator(".source").is_visible()
    finally:
        page.context.close()
