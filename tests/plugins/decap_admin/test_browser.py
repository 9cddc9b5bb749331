"""/admin/ in Chromium (127.0.0.1 only): Decap CMS over tools/cms_server.js (decap-server + the
save check) writing into a temporary copy of content/, under /admin/'s own CSP."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from html import unescape
from pathlib import Path

import pytest

from tests.plugins.decap_admin.cms_support import Session, editing_session
from tests.quality.npm_tools import run_axe
from tests.support.browser import launch_browser, new_logged_page
from tests.support.paths import PROJECT_ROOT
from tests.support.site import build_site

IMAGE = PROJECT_ROOT / "tests" / "fixtures" / "demo_portal" / "static" / "thumb.png"
LONGAN = (
    "longan/2025/nang-cao-hieu-qua-hoat-dong-to-cong-tac-dac-biet-de-kip-thoi-thao-go-xu-ly-"
    "cac-kho-khan-cua-cac-du-an-trong-diem-tren.md"
)
GUIDE = "samples/2024/huong-dan-doc-va-tim-ban-tin-trong-kho-luu-tru.md"
NEW_ARTICLE = "longan/2025/hoi-nghi-tong-ket-cong-tac-nam-2025.md"
EXPECTED_NEW = """\
Title: Hội nghị tổng kết công tác năm 2025
Date: 2025-06-02T09:30:00+07:00
Category: Tin hoạt động
Tags: Hội nghị, Tổng kết
Authors: Ban biên tập
Summary: Sáng 02/6, hội nghị tổng kết công tác năm 2025 &amp; triển khai nhiệm vụ năm 2026.
Portal: longan
Other_news: Long An: Tăng cường công tác kiểm tra (28/05/2025) <https://longan.dcs.vn/tin-tuc/kiem-tra.html>
    Hội nghị Ban Chấp hành Đảng bộ tỉnh (20/05/2025)
    LONG AN: TĂNG CƯỜNG CÔNG TÁC KIỂM TRA

Hội nghị đã đánh giá kết quả công tác năm 2025.

<figure>
<img src="{static}/images/longan/thumb.png" alt="Quang cảnh hội nghị">
<figcaption>Quang cảnh hội nghị tổng kết</figcaption>
</figure>
"""  # noqa: E501


@pytest.fixture(scope="module")
def session(tmp_path_factory):
    with editing_session(tmp_path_factory.mktemp("cms")) as running:
        yield running


@pytest.fixture(scope="module")
def browser():
    with launch_browser() as running:
        yield running


def open_admin(browser, session: Session, **options):
    page = new_logged_page(
        browser,
        timezone_id="Asia/Ho_Chi_Minh",
        locale="vi-VN",
        viewport={"width": 1400, "height": 1000},
        **options,
    )
    page.log.not_found = []
    page.on("response", lambda r: page.log.not_found.append(r.url) if r.status >= 400 else None)
    page.goto(session.admin)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_text("＋ bản tin").wait_for()
    return page


def choose(page, label: str, option: str) -> None:
    page.get_by_label(label).click()
    page.get_by_role("option", name=option, exact=True).click()


def publish(page) -> None:
    page.get_by_role("button", name="Công bố").click()
    page.get_by_text("Công bố ngay").click()


def wait_saved(page) -> None:
    """Until Decap says the entry is saved; fails with its error notice if it says that."""
    saved = page.get_by_text(re.compile("Mục đã được (lưu|công bố)"))
    failed = page.get_by_text("Không thể giữ lại mục")
    saved.or_(failed).first.wait_for(timeout=30_000)
    assert not failed.count(), failed.first.inner_text()


def make_check(content: Path) -> subprocess.CompletedProcess:
    """`make check` on a content folder, run from its working copy (the Makefile's folder)."""
    return subprocess.run(
        [sys.executable, "-m", "tools.check_content", str(content)],
        cwd=content.parent,
        env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)},
        capture_output=True,
        text=True,
    )


def test_an_article_created_in_the_form_is_our_markdown_and_builds(browser, session, tmp_path):
    page = open_admin(browser, session)
    page.get_by_text("＋ bản tin").click()
    page.get_by_label("Tiêu đề", exact=True).fill("Hội nghị tổng kết công tác năm 2025")
    page.get_by_label("Ngày đăng").fill("2025-06-02T09:30")
    choose(page, "Chuyên mục", "Tin hoạt động")
    page.get_by_label("Thẻ").fill("Hội nghị, Tổng kết")
    page.get_by_label("Tác giả").fill("Ban biên tập")
    page.get_by_label("Tóm tắt (đoạn mở đầu)").fill(
        "Sáng 02/6, hội nghị tổng kết công tác năm 2025 & triển khai nhiệm vụ năm 2026."
    )
    choose(page, "Cổng thông tin", "Cổng thông tin điện tử Tỉnh ủy Long An")
    page.locator('[aria-label="markdown field"] [contenteditable="true"]').click()
    page.keyboard.type("Hội nghị đã đánh giá kết quả công tác năm 2025.")
    page.keyboard.press("Enter")
    page.locator('button[title="Add Component"]').click()
    page.get_by_text("Ảnh có chú thích", exact=True).click()
    page.get_by_role("button", name="Chọn một hình").click()
    page.locator('input[type="file"]').set_input_files(str(IMAGE))
    page.get_by_role("button", name="Lấy những cái đã chọn").click()
    page.get_by_label("Mô tả ảnh (cho người không xem được ảnh)").fill("Quang cảnh hội nghị")
    page.get_by_label("Chú thích").fill("Quang cảnh hội nghị tổng kết")
    add = page.get_by_role("button", name="Add tin khác")
    add.click()
    add.click()
    add.click()
    titles = page.get_by_label("Tiêu đề tin")
    dates = page.get_by_label("Ngày (dd/mm/yyyy)")
    titles.nth(0).fill("Long An: Tăng cường công tác kiểm tra")
    dates.nth(0).fill("28/05/2025")
    page.get_by_label("Địa chỉ (https://...)").nth(0).fill(
        "https://longan.dcs.vn/tin-tuc/kiem-tra.html"
    )
    titles.nth(1).fill("Hội nghị Ban Chấp hành Đảng bộ tỉnh")
    dates.nth(1).fill("20/05/2025")
    titles.nth(2).fill("LONG AN: TĂNG CƯỜNG CÔNG TÁC KIỂM TRA")  # the first, repeated
    # The preview pane: our theme's layout, the Vietnamese date, the figure with its caption.
    preview = page.frame_locator("iframe").first
    assert preview.locator("h1").inner_text() == "Hội nghị tổng kết công tác năm 2025"
    assert preview.locator(".byline time").inner_text() == "Thứ Hai, 02/06/2025"
    assert preview.locator("figure figcaption").inner_text() == "Quang cảnh hội nghị tổng kết"
    assert preview.locator(".other-news li").count() == 2  # de-duplicated like the site
    publish(page)
    wait_saved(page)

    written = session.content / NEW_ARTICLE
    assert written.read_text(encoding="utf-8") == EXPECTED_NEW
    image = session.content / "images" / "longan" / "thumb.png"
    assert image.read_bytes() == IMAGE.read_bytes()
    assert page.log.console_errors == [] and page.log.page_errors == [], page.log.not_found
    assert page.log.external_requests == []

    checked = make_check(session.content)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    output = tmp_path / "site"
    build_site(session.content, output)
    html = (output / "2025/06/hoi-nghi-tong-ket-cong-tac-nam-2025/index.html").read_text("utf-8")
    assert '<img src="../../../images/longan/thumb.png" alt="Quang cảnh hội nghị">' in html
    assert "<figcaption>Quang cảnh hội nghị tổng kết</figcaption>" in html
    assert 'id="cac-tin-khac"' in html
    assert html.count('class="other-news__item') == 2
    assert "Long An: Tăng cường công tác kiểm tra" in html
    assert "Hội nghị Ban Chấp hành Đảng bộ tỉnh" in html
    assert (output / "images/longan/thumb.png").is_file()


@pytest.mark.parametrize(
    ("relative", "label", "value", "line"),
    [
        (LONGAN, "Tiêu đề", "Tổ công tác đặc biệt tháo gỡ khó khăn", "Title: Tổ công tác đặc "
         "biệt tháo gỡ khó khăn"),
        (GUIDE, "Thẻ", "Hướng dẫn, Tìm kiếm", "Tags: Hướng dẫn, Tìm kiếm"),
    ],
)  # fmt: skip
def test_editing_an_existing_article_changes_only_the_edited_line(
    browser, session, relative, label, value, line
):
    path = session.content / relative
    before = path.read_text(encoding="utf-8").split("\n")
    page = open_admin(browser, session)
    title = next(t for t in before if t.startswith("Title: ")).removeprefix("Title: ")
    page.get_by_text(title[:40]).first.click()
    # "Tiêu đề" also starts "Tiêu đề tin" (other-news rows); optional fields' labels go on.
    page.get_by_label(label, exact=label == "Tiêu đề").fill(value)
    publish(page)
    wait_saved(page)
    after = path.read_text(encoding="utf-8").split("\n")
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert len(changed) == 1 and changed[0][1] == line, changed
    assert page.log.console_errors == [] and page.log.page_errors == [], page.log.not_found


def test_a_page_is_edited_in_the_pages_collection(browser, session):
    path = session.content / "pages" / "gioi-thieu.md"
    before = path.read_text(encoding="utf-8").split("\n")
    page = open_admin(browser, session)
    assert page.get_by_text("Giới thiệu").count() == 0, "a page is listed among the articles"
    page.get_by_role("link", name="Trang").click()
    page.get_by_text("Giới thiệu").click()
    page.get_by_label("Tóm tắt").fill("Kho lưu trữ bản tin của các cổng thông tin tỉnh và huyện.")
    publish(page)
    wait_saved(page)
    after = path.read_text(encoding="utf-8").split("\n")
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert changed == [
        (before[2], "Summary: Kho lưu trữ bản tin của các cổng thông tin tỉnh và huyện.")
    ]


def test_an_invalid_date_is_refused_with_make_checks_message(browser, session):
    bad = session.content / "samples" / "2025" / "ngay-sai.md"
    text = "Title: Bài có ngày viết sai\nDate: 28/05/2025 08:00\nCategory: Thông báo\n\nNội dung.\n"
    bad.write_text(text, encoding="utf-8")
    try:
        expected = [
            line
            for line in make_check(session.content).stdout.splitlines()
            if line.startswith("content/samples/2025/ngay-sai.md:")
        ]
        assert expected == [
            "content/samples/2025/ngay-sai.md:2: Date '28/05/2025 08:00' is not an ISO 8601 "
            "date — write it as Date: 2025-05-28T08:00:00+07:00 (year-month-day, 24-hour "
            "time, time zone)"
        ]
        page = open_admin(browser, session)
        page.get_by_text("Bài có ngày viết sai").click()
        page.get_by_label("Tóm tắt (đoạn mở đầu)").fill("Một tóm tắt mới.")
        publish(page)
        notice = page.get_by_text("Không thể giữ lại mục")
        notice.wait_for(timeout=30_000)
        assert expected[0] in notice.inner_text()
        assert bad.read_text(encoding="utf-8") == text, "a refused save wrote the file"
        notice.wait_for(state="hidden", timeout=20_000)  # Decap's notice goes after 8 s
        # Corrected with the date picker, the same article saves.
        page.get_by_label("Ngày đăng").fill("2025-05-28T08:00")
        publish(page)
        wait_saved(page)
        assert "Date: 2025-05-28T08:00:00+07:00\n" in bad.read_text(encoding="utf-8")
        assert "Summary: Một tóm tắt mới.\n" in bad.read_text(encoding="utf-8")
    finally:
        bad.unlink(missing_ok=True)


# Decap's own violations (3.16.3), in its widgets: list-item toggles and buttons without a name
# (aria-command-name, button-name), the rich-text editor's unnamed textbox
# (aria-input-field-name), the Markdown/rich-text switch without aria-checked
# (aria-required-attr), the unnamed preview iframe (frame-title), "Set date to now" buttons whose
# label is not their visible text (label-content-name-mismatch), toolbar dropdowns holding
# focusable elements (nested-interactive). Any other rule fails: it would be ours.
DECAP_OWN = {
    "aria-command-name", "button-name", "aria-input-field-name", "aria-required-attr",
    "frame-title", "label-content-name-mismatch", "nested-interactive",
}  # fmt: skip


def test_axe_finds_nothing_of_ours_on_admin(browser, session):
    page = new_logged_page(browser, bypass_csp=True, locale="vi-VN")
    page.goto(session.admin)
    page.get_by_role("button", name="Đăng nhập").wait_for()
    login = run_axe(page)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_text("Chính sách mới có hiệu lực từ tháng 3/2026").click()  # crawled: Source
    page.get_by_label("Địa chỉ gốc").wait_for()
    editor = run_axe(page)
    rules = {v.split(" ")[0] for v in login + editor}
    assert rules <= DECAP_OWN, sorted(rules - DECAP_OWN)
    assert not [v for v in editor if "output" in v.split(" — ")[0]]  # our read-only widget
    print("\n".join(["Decap's own axe violations on /admin/:", *login, *editor]))


def test_admin_page_is_ours_and_strict(session):
    html = (session.output / "admin" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="vi">' in html
    assert "<script>" not in html and "style=" not in html
    origin = session.api.removesuffix("/api/v1")
    assert f"connect-src 'self' {origin} blob:;" in unescape(html)
    config = (session.output / "admin" / "config.yml").read_text(encoding="utf-8")
    assert f'"url": "{session.api}"' in config
    assert shutil.which("node")
