"""`python -m scraper crawl demo` against the demo portal on 127.0.0.1, with every fault mode.

One crawl (two sections of the portal, one fault per article) is shared by the fault tests; each
test checks how one fault ended, as the scraper's rules say."""

from __future__ import annotations

import shutil
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.scraper.crawl_support import (
    by_source_path,
    crawl,
    demo_articles,
    final_progress,
    header,
    listing_url,
    snapshot,
)
from tools.demo_portal import DEMO_ROOT, serve
from tools.make_demo_portal import DemoArticle

pytestmark = pytest.mark.slow

FAULTS = [
    "500-once", "429-once", "slow", "truncated", "redirect-loop", "huge", "latin1-header",
    "cp1258", "no-date",
]  # fmt: skip
FORBIDDEN = "/tin-tuc/thong-bao-"  # robots.txt: the whole "Thông báo" section's articles


@dataclass
class FaultCrawl:
    output: Path
    captures: Path
    returncode: int
    stdout: str
    stderr: str
    hits: dict[str, int]
    times: dict[str, list[float]]
    faulty: dict[str, DemoArticle]  # fault mode -> article
    healthy: list[DemoArticle]
    forbidden: list[DemoArticle]
    user_agents: set[str]

    def written(self) -> dict[str, Path]:
        return by_source_path(self.output)


@pytest.fixture(scope="module")
def fault_crawl(tmp_path_factory) -> FaultCrawl:
    tmp = tmp_path_factory.mktemp("fault-crawl")
    economy = demo_articles("kinh-te")
    faulty = dict(zip(FAULTS, economy, strict=False))
    healthy = economy[len(FAULTS) :]
    forbidden = demo_articles("thong-bao")
    faults = {article.url: mode for mode, article in faulty.items()}
    with serve(faults=faults, disallow=[FORBIDDEN], slow_seconds=4) as (base, state):
        result = crawl(
            base, tmp / "content", tmp / "captures",
            "--start-url", listing_url(base, "kinh-te"),
            "--timeout", "1", "--retries", "1", "--max-size", 2_000_000,
            "--contact", "https://archive.example.org/lien-he", progress=True,
        )  # fmt: skip
        # the robots.txt section is crawled from its own listing, in a second run
        second = crawl(
            base, tmp / "content", tmp / "captures",
            "--start-url", listing_url(base, "thong-bao"), "--timeout", "1",
            "--contact", "https://archive.example.org/lien-he",
        )  # fmt: skip
        hits, times = dict(state.hits), {k: list(v) for k, v in state.times.items()}
        agents = set(state.user_agents)
    return FaultCrawl(
        tmp / "content", tmp / "captures", result.returncode, result.stdout + second.stdout,
        result.stderr + second.stderr, hits, times, faulty, healthy, forbidden, agents,
    )  # fmt: skip


def test_healthy_articles_are_written_with_their_metadata(fault_crawl):
    written = fault_crawl.written()
    for article in fault_crawl.healthy:
        path = written[article.url]
        assert header(path, "Title") == article.title
        assert header(path, "Date") == article.date.strftime("%Y-%m-%dT%H:%M:00+07:00")
        assert header(path, "Category") == "Kinh tế"
        assert header(path, "Portal") == "demo"


def test_500_then_success_is_retried_and_written(fault_crawl):
    article = fault_crawl.faulty["500-once"]
    assert fault_crawl.hits[article.url] == 2
    assert header(fault_crawl.written()[article.url], "Title") == article.title


def test_429_waits_for_retry_after_then_writes(fault_crawl):
    article = fault_crawl.faulty["429-once"]
    first, second = fault_crawl.times[article.url]
    assert second - first >= 0.95  # the portal said Retry-After: 1
    assert header(fault_crawl.written()[article.url], "Title") == article.title


@pytest.mark.parametrize(
    ("mode", "reason"),
    [
        ("slow", "timed out"),
        ("truncated", "truncated"),
        ("redirect-loop", "redirect loop"),
        ("huge", "larger than the maximum size"),
        ("no-date", "no date"),
    ],
)
def test_broken_pages_are_reported_and_not_written(fault_crawl, mode, reason):
    article = fault_crawl.faulty[mode]
    assert article.url not in fault_crawl.written()
    failed = [line for line in fault_crawl.stdout.splitlines() if line.startswith("  failed:")]
    lines = [line for line in failed if article.url in line]
    assert lines, f"{mode}: not reported as failed:\n{fault_crawl.stdout}"
    assert reason in lines[0].lower()


def test_failures_make_the_exit_code_1(fault_crawl):
    assert fault_crawl.returncode == 1, fault_crawl.stderr


def test_retries_are_bounded(fault_crawl):
    slow = fault_crawl.faulty["slow"]
    assert fault_crawl.hits[slow.url] == 2  # first try + --retries 1


@pytest.mark.parametrize("mode", ["latin1-header", "cp1258"])
def test_wrong_or_old_charset_still_gives_correct_vietnamese(fault_crawl, mode):
    article = fault_crawl.faulty[mode]
    path = fault_crawl.written()[article.url]
    text = path.read_text(encoding="utf-8")
    assert header(path, "Title") == article.title
    assert unicodedata.is_normalized("NFC", text)
    assert article.lead in text


def test_robots_txt_forbidden_section_is_never_requested(fault_crawl):
    written = fault_crawl.written()
    for article in fault_crawl.forbidden:
        assert fault_crawl.hits.get(article.url, 0) == 0
        assert article.url not in written
    skipped = [line for line in fault_crawl.stdout.splitlines() if line.startswith("  skipped:")]
    assert len([s for s in skipped if "robots.txt" in s]) == len(fault_crawl.forbidden)


def test_no_partial_or_temporary_files(fault_crawl):
    names = [p.name for p in fault_crawl.output.rglob("*")]
    assert not [n for n in names if n.endswith(".tmp") or n.startswith(".scraper-")]


def test_user_agent_names_the_project_and_a_contact(fault_crawl):
    assert fault_crawl.user_agents
    for agent in fault_crawl.user_agents:
        assert agent.startswith("bulletin-archive/")
        assert "https://archive.example.org/lien-he" in agent


def test_progress_counts_every_page_once(fault_crawl):
    """Retries, redirects, time-outs, robots.txt and images are not extra pages: progress ends
    full, at the number of listing and article pages; in a log (not a terminal) no bar is
    redrawn."""
    listings = [path for path in fault_crawl.hits if path.startswith("/chuyen-muc/kinh-te/")]
    pages = len(listings) + len(fault_crawl.faulty) + len(fault_crawl.healthy)
    assert final_progress(fault_crawl.stdout) == (pages, pages)
    assert "\r" not in fault_crawl.stderr and "page/s]" not in fault_crawl.stderr


def test_robots_txt_is_read_once_per_run(fault_crawl):
    assert fault_crawl.hits["/robots.txt"] == 2  # two runs


def test_recrawl_of_unchanged_pages_changes_no_file(tmp_path):
    with serve() as (base, _):
        start = ("--start-url", f"{base}/chuyen-muc/van-hoa-xa-hoi/trang-2.html")
        first = crawl(base, tmp_path / "content", tmp_path / "w", *start)
        assert first.returncode == 0, first.stderr
        before = snapshot(tmp_path / "content")
        second = crawl(base, tmp_path / "content", tmp_path / "w", *start)
    assert second.returncode == 0, second.stderr
    written = len(list((tmp_path / "content").rglob("*.md")))
    assert f"Summary: new {written}," in first.stdout
    assert f"new 0, updated 0, unchanged {written}," in second.stdout
    assert snapshot(tmp_path / "content") == before  # same bytes, same mtimes
    assert any(name.startswith("images/") for name in before)


def test_recrawl_updates_changed_pages_and_never_overwrites_an_editor(tmp_path):
    portal = tmp_path / "portal"
    shutil.copytree(DEMO_ROOT, portal)
    changed, edited = demo_articles("quoc-phong-an-ninh")[:2]
    with serve(portal) as (base, _):
        start = ("--start-url", f"{base}/chuyen-muc/quoc-phong-an-ninh/")
        first = crawl(base, tmp_path / "content", tmp_path / "w", *start)
        assert first.returncode == 0, first.stderr
        files = by_source_path(tmp_path / "content")
        editor_text = files[edited.url].read_text(encoding="utf-8") + "\nGhi chú biên tập.\n"
        files[edited.url].write_text(editor_text, encoding="utf-8")
        for article in (changed, edited):  # the portal corrects both pages
            page = portal / article.url.lstrip("/")
            html = page.read_text(encoding="utf-8")
            page.write_text(html.replace("</div>\n<div class=\"news-content\">\n",
                                         "</div>\n<div class=\"news-content\">\n"
                                         "<p>Đính chính: số liệu đã được cập nhật.</p>\n", 1),
                            encoding="utf-8")  # fmt: skip
        second = crawl(base, tmp_path / "content", tmp_path / "w", *start)
    assert second.returncode == 0, second.stderr
    assert "updated 1," in second.stdout and "conflicts 1," in second.stdout
    updated = files[changed.url].read_text(encoding="utf-8")
    assert "Đính chính: số liệu đã được cập nhật." in updated
    assert header(files[changed.url], "Modified")
    assert files[edited.url].read_text(encoding="utf-8") == editor_text  # untouched
    scraped = files[edited.url].with_name(files[edited.url].name + ".scraped")
    assert "Đính chính" in scraped.read_text(encoding="utf-8")
    assert f"conflict: {files[edited.url].relative_to(tmp_path / 'content')}" in second.stdout


def test_delay_below_one_second_is_refused_for_a_real_portal(tmp_path):
    from tests.scraper.crawl_support import run_scraper

    result = run_scraper(
        "crawl", "demo", "--base-url", "https://portal.example.vn", "--delay", "0.1",
        "--output", tmp_path / "c", "--captures", tmp_path / "w", "--no-progress",
    )  # fmt: skip
    assert result.returncode == 2
    assert "loopback" in result.stderr
    assert not (tmp_path / "c").exists() or not list((tmp_path / "c").rglob("*.md"))


def test_no_images_links_the_originals(tmp_path):
    with serve() as (base, _):
        result = crawl(
            base, tmp_path / "content", tmp_path / "w", "--no-images",
            "--start-url", f"{base}/chuyen-muc/kinh-te/trang-3.html",
        )  # fmt: skip
    assert result.returncode == 0, result.stderr
    texts = [p.read_text(encoding="utf-8") for p in (tmp_path / "content").rglob("*.md")]
    assert any(f"{base}/uploads/" in t for t in texts)  # the original image, linked
    assert not (tmp_path / "content" / "images").exists()


def test_only_new_skips_stored_articles_without_fetching_them(tmp_path):
    with serve() as (base, state):
        start = ("--start-url", f"{base}/chuyen-muc/thong-bao/trang-3.html")
        first = crawl(base, tmp_path / "content", tmp_path / "w", *start)
        assert first.returncode == 0, first.stderr
        stored = len(list((tmp_path / "content").rglob("*.md")))
        again = crawl(base, tmp_path / "content", tmp_path / "w", *start, "--only-new")
        article_hits = [n for path, n in state.hits.items() if path.startswith("/tin-tuc/")]
    assert again.returncode == 0, again.stderr
    assert f"skipped {stored}," in again.stdout
    assert stored and article_hits and set(article_hits) == {1}


def test_requests_to_a_host_are_never_closer_than_the_delay(tmp_path):
    delay = 0.3
    with serve() as (base, state):
        result = crawl(
            base, tmp_path / "content", tmp_path / "w", "--delay", delay,
            "--start-url", f"{base}/chuyen-muc/thong-bao/trang-3.html",
        )  # fmt: skip
        times = sorted(t for stamps in state.times.values() for t in stamps)
    assert result.returncode == 0, result.stderr
    assert len(times) > 10
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert min(gaps) >= delay * 0.9  # one at a time, no random jitter below the delay


def test_unreachable_portal_is_a_clear_error(tmp_path):
    with serve() as (base, _):
        pass  # the port is free again: nothing listens there now
    result = crawl(
        base, tmp_path / "content", tmp_path / "w", "--retries", "0", "--timeout", "2",
    )  # fmt: skip
    assert result.returncode == 2
    assert "no listing page could be fetched" in result.stderr
    assert "failed:" in result.stdout and "listing" in result.stdout


@pytest.mark.parametrize(
    ("start", "problem"),
    [
        ("javascript:alert(1)", "not an http(s) URL (javascript:)"),
        ("127.0.0.1:8000/chuyen-muc/kinh-te/", "not an http(s) URL (no scheme)"),
        ("http://[::1/chuyen-muc/", "not a valid URL (Invalid IPv6 URL)"),
    ],
)
def test_an_unusable_start_url_is_a_clear_error(tmp_path, capsys, start, problem):
    from scraper.crawl import crawl_here

    code = crawl_here("demo", tmp_path / "c", start_url=start, captures=tmp_path / "w", delay=0)
    assert code == 2
    assert (
        f"error: start URL {start!r}: {problem}; give a full http(s) URL" in capsys.readouterr().err
    )
    assert not (tmp_path / "c").exists() and not (tmp_path / "w").exists()
