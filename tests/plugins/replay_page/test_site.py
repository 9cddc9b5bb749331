"""Real Pelican builds with the plugin: which articles link their capture, what the output holds
with and without packages, and what happens when a part is missing."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup

from tests.plugins.replay_page.wacz_support import cdxj_line, make_wacz
from tests.support.paths import PROJECT_ROOT
from tests.support.site import build_site

pytestmark = pytest.mark.slow

ARTICLE = """Title: {title}
Date: 2025-06-01T08:00:00+07:00
Slug: {slug}
Category: Tin hoạt động
{extra}
Bài {slug}.
"""
ARTICLES = {
    "co-ban-goc": "Portal: demo\nSource: https://portal.example.vn/tin/a.html\n"
    "Captured: 2025-06-02T10:15:00+07:00\n",
    "khong-co-trong-goi": "Portal: demo\nSource: https://portal.example.vn/tin/b.html\n"
    "Captured: 2025-06-02T10:16:00+07:00\n",
    "cong-khong-co-goi": "Portal: khac\nSource: https://khac.example.vn/c.html\n"
    "Captured: 2025-06-02T10:17:00+07:00\n",
    "khong-co-cong": "Source: https://portal.example.vn/tin/a.html?x=1\n",
}
PLAYER = PROJECT_ROOT / "node_modules" / "replaywebpage"


def write_content(folder: Path) -> Path:
    for slug, extra in ARTICLES.items():
        (folder / f"{slug}.md").parent.mkdir(parents=True, exist_ok=True)
        (folder / f"{slug}.md").write_text(
            ARTICLE.format(title=f"Bài {slug}", slug=slug, extra=extra), encoding="utf-8"
        )
    return folder


def write_packages(folder: Path) -> Path:
    make_wacz(
        folder / "demo.wacz",
        [
            cdxj_line("https://portal.example.vn/tin/a.html", "20250101000000"),
            cdxj_line("https://portal.example.vn/tin/a.html", "20250602031500"),
            cdxj_line("https://portal.example.vn/tin/b.html", "20250602031600", status="500"),
        ],
    )
    return folder


def build(tmp: Path, output: Path, **replay) -> str:
    extra = {"REPLAY_PAGE": replay} if replay else {}
    return build_site(tmp / "content", output, extra=extra, options=("-v",)).stdout


def page(output: Path, slug: str) -> BeautifulSoup:
    return BeautifulSoup((output / f"2025/06/{slug}/index.html").read_text("utf-8"), "html.parser")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("replay_site")
    write_content(tmp / "content")
    packages = write_packages(tmp / "packages")
    output = tmp / "output"
    log = build(tmp, output, packages_path=str(packages))
    return tmp, output, log


def test_an_article_links_to_its_capture_only_when_its_package_holds_it(site):
    _, output, log = site
    link = page(output, "co-ban-goc").select_one("p.source a.replay-link")
    assert link is not None and link.get_text() == "Xem bản gốc đã lưu"
    href = urlsplit(link["href"])
    assert href.path == "../../../ban-goc/"
    assert parse_qs(href.query) == {
        "portal": ["demo"],
        "url": ["https://portal.example.vn/tin/a.html"],
        "ts": ["20250602031500"],  # the capture at `Captured` (10:15 in Vietnam), not the other
    }
    for slug in ("khong-co-trong-goi", "cong-khong-co-goi", "khong-co-cong"):
        assert page(output, slug).select("a.replay-link") == [], slug
    assert "replay_page: 1 of 4 article(s) link their capture; 1 package(s) published" in log


def test_the_output_holds_the_player_and_the_package(site):
    tmp, output, _ = site
    assert (output / "ban-goc/wacz/demo.wacz").read_bytes() == (
        tmp / "packages/demo.wacz"
    ).read_bytes()
    for name, source in (("ui.js", "ui.js"), ("sw.js", "sw.js"), ("LICENSE.txt", "LICENSE")):
        assert (output / "ban-goc/replay" / name).read_bytes() == (PLAYER / source).read_bytes()
    frame = (output / "ban-goc/replay/index.html").read_text("utf-8")
    assert "Đang mở bản lưu" in frame and 'http-equiv="Content-Security-Policy"' in frame


def test_the_replay_page_lists_the_package_and_loads_the_player(site):
    _, output, _ = site
    soup = BeautifulSoup((output / "ban-goc/index.html").read_text("utf-8"), "html.parser")
    app = soup.select_one("#replay-app")
    assert app["data-replay-base"] == "../ban-goc/replay/"
    assert "script-src 'none'" in app["data-csp"]
    package = soup.select_one("a.replay-package")
    assert package["href"] == "../ban-goc/wacz/demo.wacz" and package["data-portal"] == "demo"
    assert package["data-source"].startswith("../ban-goc/wacz/demo.wacz?v=")
    scripts = [s["src"] for s in soup.select("script[src]")]
    assert scripts == ["../theme/js/replay.js", "../ban-goc/replay/ui.js"]
    assert soup.select_one("noscript") is not None
    assert soup.select_one("meta[name=robots]")["content"] == "noindex"


def test_a_rebuild_rewrites_nothing_and_drops_a_package_no_longer_there(site):
    tmp, output, _ = site
    copies = [output / "ban-goc/wacz/demo.wacz", output / "ban-goc/replay/sw.js"]
    before = [p.stat().st_mtime_ns for p in copies]
    log = build(tmp, output, packages_path=str(tmp / "packages"))
    assert [p.stat().st_mtime_ns for p in copies] == before
    assert "0 file(s) written, 0 removed" in log
    empty = tmp / "no-packages"
    empty.mkdir()
    log = build(tmp, output, packages_path=str(empty))
    assert not (output / "ban-goc/wacz/demo.wacz").exists()
    assert not (output / "ban-goc/replay/sw.js").exists()
    assert page(output, "co-ban-goc").select("a.replay-link") == []
    assert "0 of 4 article(s) link their capture; 0 package(s) published (none)" in log


def test_without_packages_the_page_says_so_and_loads_no_script(tmp_path):
    write_content(tmp_path / "content")
    output = tmp_path / "output"
    build(tmp_path, output, packages_path=str(tmp_path / "none"))
    soup = BeautifulSoup((output / "ban-goc/index.html").read_text("utf-8"), "html.parser")
    assert "Chưa có tệp lưu trữ nào được công bố" in soup.get_text()
    assert soup.select("script[src]") == [] and soup.select("a.replay-package") == []
    assert not (output / "ban-goc/replay").exists()
    assert list(output.rglob("*.wacz")) == []


def test_publish_captures_off_publishes_nothing_and_links_nothing(tmp_path):
    write_content(tmp_path / "content")
    packages = write_packages(tmp_path / "packages")
    output = tmp_path / "output"
    build_site(
        tmp_path / "content",
        output,
        extra={"REPLAY_PAGE": {"packages_path": str(packages)}, "PUBLISH_CAPTURES": False},
    )
    assert page(output, "co-ban-goc").select("a.replay-link") == []
    assert list(output.rglob("*.wacz")) == []


def test_a_missing_player_is_an_error_and_no_article_links(tmp_path):
    write_content(tmp_path / "content")
    packages = write_packages(tmp_path / "packages")
    output = tmp_path / "output"
    log = build(
        tmp_path, output, packages_path=str(packages), replaywebpage_path=str(tmp_path / "nm")
    )
    assert "ERROR" in log and "ReplayWeb.page is not installed" in log
    assert page(output, "co-ban-goc").select("a.replay-link") == []
    assert (output / "ban-goc/wacz/demo.wacz").is_file()  # still there to download
    soup = BeautifulSoup((output / "ban-goc/index.html").read_text("utf-8"), "html.parser")
    assert soup.select("script[src]") == [] and soup.select("a.replay-package")


def test_a_broken_package_is_left_out_with_a_warning(tmp_path):
    write_content(tmp_path / "content")
    (tmp_path / "packages").mkdir()
    (tmp_path / "packages/demo.wacz").write_bytes(b"not a zip")
    output = tmp_path / "output"
    log = build(tmp_path, output, packages_path=str(tmp_path / "packages"))
    assert "WARNING" in log and "demo.wacz is not a readable WACZ" in log
    assert list(output.rglob("*.wacz")) == []
    assert page(output, "co-ban-goc").select("a.replay-link") == []


def test_disabled_means_no_page_no_link(tmp_path):
    write_content(tmp_path / "content")
    packages = write_packages(tmp_path / "packages")
    output = tmp_path / "output"
    build(tmp_path, output, packages_path=str(packages), enabled=False)
    assert not (output / "ban-goc").exists()
    assert page(output, "co-ban-goc").select("a.replay-link") == []
