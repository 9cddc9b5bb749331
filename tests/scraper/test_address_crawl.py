"""`python -m scraper crawl http://127.0.0.1:PORT/`: a portal crawled by its address alone.

Both offline portals, no profile written: the government portal (articles listed only in its
sitemaps, its RSS and a "Xem thêm" JSON endpoint; an internal section disallowed in robots.txt)
and the demo portal (categories with numbered pages, no sitemap, no feed).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from scraper.store import unseal
from tests.scraper.crawl_support import TEST_DELAY, run_scraper
from tests.support.paths import TEST_FIXTURES
from tools.demo_portal import GOV_ORIGIN, GOV_ROOT, serve

pytestmark = pytest.mark.slow
EXPECTED = json.loads((TEST_FIXTURES / "gov_portal" / "expected.json").read_text("utf-8"))


def crawl_address(base: str, tmp: Path, *extra: str):
    return run_scraper(
        "crawl", f"{base}/", "--output", tmp / "content", "--captures", tmp / "captures",
        "--delay", TEST_DELAY, "--no-progress", *extra,
    )  # fmt: skip


def headers(content: Path) -> dict[str, dict[str, str]]:
    """Source -> header of every article written (the Source's port replaced by PORT)."""
    out = {}
    for path in content.rglob("*.md"):
        head = unseal(path.read_text(encoding="utf-8"))[0].split("\n\n", 1)[0]
        meta = dict(line.split(": ", 1) for line in head.splitlines() if ": " in line[:40])
        out[re.sub(r"127\.0\.0\.1:\d+", "PORT", meta["Source"])] = meta
    return out


@pytest.fixture(scope="module")
def gov_crawl(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("gov-address")
    with serve(GOV_ROOT, origin=GOV_ORIGIN) as (base, state):
        first = crawl_address(base, tmp)
        second = crawl_address(base, tmp)
        hits = dict(state.hits)
    return tmp, first, second, hits


def test_every_article_of_the_gov_portal_is_found_with_no_profile(gov_crawl) -> None:
    tmp, first, _, _ = gov_crawl
    assert first.returncode == 0, first.stdout + first.stderr
    found = headers(tmp / "content")
    expected = {f"http://PORT{a['url']}" for a in EXPECTED["articles"]}
    assert set(found) == expected
    assert f"Summary: new {len(expected)}," in first.stdout


def test_its_fields_are_the_ones_a_reader_sees(gov_crawl) -> None:
    tmp, _, _, _ = gov_crawl
    found = headers(tmp / "content")
    for article in EXPECTED["articles"]:
        meta = found[f"http://PORT{article['url']}"]
        assert meta["Title"] == article["title"].replace("&", "&amp;")
        assert meta["Date"] == article["date"]
        assert meta.get("Authors", "") == ", ".join(article["authors"])
        assert meta["Category"] == article["category"]
        assert meta["Portal"] == "127-0-0-1"


def test_nothing_under_disallow_is_fetched(gov_crawl) -> None:
    _, first, _, hits = gov_crawl
    assert not any(path.startswith("/noi-bo/") for path in hits)
    assert "forbidden by robots.txt" in first.stdout


def test_each_source_is_counted_and_the_shape_learned(gov_crawl) -> None:
    _, first, _, hits = gov_crawl
    assert re.search(r"Discovery: sitemaps 3 \(\d+ URLs\), feeds 1 \(20 URLs\)", first.stdout)
    assert re.search(r"load-more [1-9]\d* \(\d+ items\)", first.stdout)
    assert "Article URLs learned: /Pages/tin-tuc/chi-tiet.aspx?ItemID={id}" in first.stdout
    assert hits["/robots.txt"] == 2  # once per run


def test_a_second_run_changes_nothing(gov_crawl) -> None:
    _, first, second, _ = gov_crawl
    assert second.returncode == 0
    count = len(EXPECTED["articles"])
    assert f"Summary: new 0, updated 0, unchanged {count}," in second.stdout


def test_the_demo_portal_by_address_gives_what_its_profile_gives(tmp_path) -> None:
    """No sitemap, no feed: categories and their numbered pages. The articles are the profile
    crawl's, but for the portal's name (from the host) and the capture times."""
    from tests.scraper.crawl_support import crawl

    with serve() as (base, _):
        by_address = crawl_address(base, tmp_path / "address")
        by_profile = crawl(base, tmp_path / "profile" / "content", tmp_path / "profile" / "w")
    assert by_address.returncode == 0, by_address.stdout + by_address.stderr
    assert by_profile.returncode == 0

    def comparable(root: Path) -> dict[str, str]:
        out = {}
        for path in root.rglob("*.md"):
            text = unseal(path.read_text(encoding="utf-8"))[0]
            text = re.sub(r"127\.0\.0\.1:\d+", "PORT", text)
            text = re.sub(r"(?m)^(Captured|Capture_\w+|Portal): .*\n", "", text)
            text = re.sub(r"images/[^/]+/[0-9a-f]{10}-", "images/X/", text)
            out[re.search(r"(?m)^Source: (\S+)", text).group(1)] = text
        return out

    address, profile = (
        comparable(tmp_path / "address" / "content"),
        comparable(tmp_path / "profile" / "content"),
    )
    assert len(address) == len(profile) >= 60
    assert address == profile
