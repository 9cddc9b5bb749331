"""Verification over real HTTP (a server on 127.0.0.1) against the published files."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.server import serve_directory
from tools.publishing.manifest import scan, sha256
from tools.publishing.verify import newest_article, plan_checks, verify

SITE = "http://127.0.0.1:9"
FEED = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
<entry><title>Cũ</title><link href="{SITE}/2025/05/cu/" rel="alternate"/>
  <published>2025-05-28T08:00:00+07:00</published></entry>
<entry><title>Mới</title><link href="{SITE}/2025/06/moi/" rel="alternate"/>
  <published>2025-06-01T08:00:00+07:00</published></entry>
</feed>""".encode()


def reader(folder: Path):
    def read(path: str) -> bytes | None:
        file = folder / path
        return file.read_bytes() if file.is_file() else None

    return read


@pytest.fixture
def site(tmp_path) -> Path:
    root = tmp_path / "site"
    files = {
        "index.html": "<h1>Trang chủ</h1>",
        "2025/06/moi/index.html": "<h1>Mới</h1>",
        "2025/05/cu/index.html": "<h1>Cũ</h1>",
        "sitemap.xml": "<urlset/>",
        "feeds/all.rss.xml": "<rss/>",
        "search/manifest.json": "{}",
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    (root / "feeds" / "all.atom.xml").write_bytes(FEED)
    return root


def test_newest_article_is_the_latest_entry_of_the_feed():
    assert newest_article(FEED, SITE) == "2025/06/moi/index.html"
    assert newest_article(b"not xml", SITE) is None


def test_plan_lists_what_the_manifest_has_and_notes_what_is_skipped(site):
    plan = plan_checks(scan(site), reader(site), SITE, ["feeds/all.atom.xml", "feeds/all.rss.xml"])
    assert set(plan.expected) == {
        "index.html",
        "2025/06/moi/index.html",
        "sitemap.xml",
        "feeds/all.atom.xml",
        "feeds/all.rss.xml",
        "search/manifest.json",
    }
    skipped = "search/filters/0.json.gz: skipped (not part of this build)"
    assert any(skipped in note for note in plan.notes)


def test_a_file_the_manifest_lists_is_checked_even_when_the_release_lacks_it(site, tmp_path):
    manifest = {**scan(site), "search/filters/0.json.gz": sha256(b"{}")}
    (site / "sitemap.xml").unlink()  # the release lost a file the build had
    plan = plan_checks(manifest, reader(site), SITE, ["feeds/all.atom.xml"])
    assert {"sitemap.xml", "search/filters/0.json.gz"} <= set(plan.expected)
    with serve_directory(site) as base:
        problems = verify(base, plan, attempts=1, delay=0)
    assert f"{base}/sitemap.xml: HTTP 404" in problems
    assert f"{base}/search/filters/0.json.gz: HTTP 404" in problems


def test_served_copy_passes_and_a_changed_file_fails_with_the_url(site, tmp_path):
    feeds = ["feeds/all.atom.xml", "feeds/all.rss.xml"]
    plan = plan_checks(scan(site), reader(site), SITE, feeds)
    with serve_directory(site) as base:
        assert verify(base, plan, attempts=1, delay=0) == []
        (site / "2025" / "06" / "moi" / "index.html").write_text("<h1>Khác</h1>")
        (site / "sitemap.xml").unlink()
        problems = verify(base, plan, attempts=2, delay=0)
    assert any(p.startswith(f"{base}/2025/06/moi/: served content differs") for p in problems)
    assert f"{base}/sitemap.xml: HTTP 404" in problems


def test_unreachable_host_is_reported(site):
    plan = plan_checks(scan(site), reader(site), SITE, [])
    with serve_directory(site) as base:
        pass  # stopped: nothing listens there any more
    problems = verify(base, plan, attempts=1, delay=0)
    assert problems and all(p.startswith(base) for p in problems)
