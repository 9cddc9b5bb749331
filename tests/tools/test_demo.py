"""`make demo SERVE=0`: serve both demo portals on 127.0.0.1, crawl them, build the site, exit."""

from __future__ import annotations

import subprocess
import sys

import pytest
from bs4 import BeautifulSoup

from tests.support.paths import PROJECT_ROOT
from tools.make_demo_portal import CATEGORIES, TANPHUOC, build_articles

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("demo")
    result = subprocess.run(
        [
            sys.executable, "-m", "tools.demo", "--serve=0",
            "--content", tmp / "content", "--output", tmp / "output", "--captures", tmp / "w",
        ],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    return tmp, result


def test_demo_builds_a_site_of_the_whole_portal(demo):
    tmp, result = demo
    assert result.returncode == 0, result.stdout + result.stderr
    pages = list((tmp / "output").glob("[0-9][0-9][0-9][0-9]/[0-9][0-9]/*/index.html"))
    assert len(pages) == len(build_articles()) + len(build_articles(TANPHUOC)) >= 60
    years = {p.relative_to(tmp / "output").parts[0] for p in pages}
    assert len(years) >= 3
    categories = [p for p in (tmp / "output" / "chuyen-muc").iterdir() if p.is_dir()]
    assert len(categories) >= len(CATEGORIES) >= 5
    assert "Demo site: 88 articles from the two demo portals" in result.stdout


def test_demo_shows_two_portals_and_the_closed_ones_notice(demo):
    tmp, _ = demo
    output = tmp / "output" / "cong-thong-tin"
    index = BeautifulSoup((output / "index.html").read_text(encoding="utf-8"), "html.parser")
    rows = index.select("section.pp-group tbody tr")
    assert [row.th.a.get_text() for row in rows] == [
        "Cổng thông tin điện tử Tỉnh ủy An Hòa",
        "Cổng thông tin điện tử huyện Tân Phước",
    ]
    counts = [int(row.select_one("[data-count]")["data-count"]) for row in rows]
    assert counts == [len(build_articles()), len(build_articles(TANPHUOC))]
    assert "Đã ngừng từ 01/07/2025" in rows[1].get_text()
    page = BeautifulSoup(
        (output / "demo-tanphuoc" / "index.html").read_text(encoding="utf-8"), "html.parser"
    )
    notice = " ".join(page.select_one(".pp-notice").get_text().split())
    assert notice == (
        "Cổng thông tin này đã ngừng hoạt động từ 01/07/2025; nội dung mới tại "
        "Cổng thông tin điện tử Tỉnh ủy An Hòa."
    )
    assert page.select_one(".pp-notice a")["href"] == "../../cong-thong-tin/demo/"
    # "Tin hoạt động" is a section of both: each portal has its own page of it
    for key in ("demo", "demo-tanphuoc"):
        assert (output / key / "chuyen-muc" / "tin-hoat-dong" / "index.html").is_file()


def test_demo_articles_show_their_vietnamese_text_and_local_images(demo):
    tmp, _ = demo
    article = sorted(build_articles(), key=lambda a: a.date)[-1]
    page = next(
        p
        for p in (tmp / "output").glob("*/*/*/index.html")
        if article.title in p.read_text(encoding="utf-8")
    )
    html = page.read_text(encoding="utf-8")
    assert article.lead in html
    images = list((tmp / "output" / "images" / "demo").glob("*.png"))
    assert images


def test_demo_build_has_no_warnings(demo):
    _, result = demo
    log = result.stdout + result.stderr
    assert "WARNING" not in log and "ERROR" not in log, log
    assert "Warning" not in log, log  # Python's own warnings (DeprecationWarning, ...)


def test_demo_log_is_a_short_report(demo):
    """Read in five seconds: where the demo portal is, what the crawl did, what the build did and
    where the site is; no Scrapy banner, no progress bar redrawn into a log."""
    tmp, result = demo
    lines = (result.stdout + result.stderr).splitlines()
    assert len(lines) <= 14, "\n".join(lines)
    log = "\n".join(lines)
    assert "Demo portal on http://127.0.0.1:" in log
    assert "Summary: new 72, updated 0" in log and "failed 0" in log
    assert "Images saved: " in log
    assert (
        "Second demo portal (closed 01/07/2025, merged into the first) on http://127.0.0.1:" in log
    )
    assert "new 16, updated 0" in log
    assert "Done: Processed 88 articles" in log
    assert f"built in {tmp / 'output'}/" in log
    assert "Scrapy" not in log and "\r" not in log and "DEBUG" not in log


def test_demo_content_is_only_in_the_chosen_folder(demo):
    tmp, _ = demo
    assert len(list((tmp / "content").rglob("*.md"))) == len(build_articles()) + len(
        build_articles(TANPHUOC)
    )
    assert list((tmp / "w" / "demo").rglob("*.warc.gz"))
    assert list((tmp / "w" / "demo-tanphuoc").rglob("*.warc.gz"))


def test_demo_serves_the_site_until_interrupted(tmp_path):
    import html
    import signal
    import socket
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [
            sys.executable, "-m", "tools.demo", "--serve=1", "--port", str(port), "--no-progress",
            "--content", tmp_path / "content", "--output", tmp_path / "output",
            "--captures", tmp_path / "w",
        ],
        cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        for line in process.stdout:
            if line.startswith("Serving the demo site on"):
                break
        assert f"http://127.0.0.1:{port}/" in line
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as response:
            assert response.status == 200
            home = html.unescape(response.read().decode("utf-8"))
        newest = max(build_articles(), key=lambda a: a.date)
        assert newest.title in home
        process.send_signal(signal.SIGINT)  # Ctrl-C
        assert process.wait(timeout=20) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
