"""The sample nginx config (tools/nginx/archive.conf) run by Debian's nginx on 127.0.0.1."""

from __future__ import annotations

import gzip
import os
import re
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.support.nginx import run_nginx
from tests.support.paths import PROJECT_ROOT

FILES = {
    "index.html": "<!doctype html><title>Trang chủ</title>" + "<p>Bản tin.</p>" * 50,
    "404.html": "<!doctype html><title>Không tìm thấy trang</title>",
    "2025/05/bai/index.html": "<!doctype html><title>Bài</title>",
    "feeds/all.atom.xml": '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"/>',
    "feeds/all.rss.xml": '<?xml version="1.0"?><rss version="2.0"/>',
    "sitemap.xml": '<?xml version="1.0"?><urlset/>',
    "theme/css/main.css": "body{margin:0}",
    "search/manifest.json": '{"build":"0123456789abcdef"}',
    "search/shards/0/0a3.json.gz": "{}",
    "search/docs/0/1c.json.gz": "{}",
    "ban-goc/index.html": "<!doctype html><title>Bản gốc đã lưu</title>",
    "ban-goc/replay/sw.js": "self.addEventListener('fetch', () => {});",
    "ban-goc/replay/index.html": "<!doctype html><title>Đang mở bản lưu</title>",
    "ban-goc/replay/.ui.js.partial": "half a copy",
    ".nojekyll": "",
}


def request(url: str, **headers: str):
    try:
        response = urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10)
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()
    with response:
        return response.status, response.headers, response.read()


def make_release(folder: Path, marker: str) -> Path:
    for name, text in FILES.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text.replace("Bản tin.", marker), encoding="utf-8")
    return folder


@pytest.fixture
def served(tmp_path):
    make_release(tmp_path / "releases" / "one", "Bản một.")
    make_release(tmp_path / "releases" / "two", "Bản hai.")
    (tmp_path / "current").symlink_to("releases/one")
    with run_nginx(tmp_path / "current", tmp_path / "nginx") as base:
        yield tmp_path, base


def test_csp_header_is_the_pages_policy_plus_frame_ancestors(served):
    _, base = served
    partial = PROJECT_ROOT / "theme" / "templates" / "partials" / "csp.html"  # base.html's
    meta = re.search(
        r'http-equiv="Content-Security-Policy" content="([^"]+)"',
        partial.read_text(encoding="utf-8"),
    )
    assert meta, "partials/csp.html sets no Content-Security-Policy meta tag"
    for path in ("/", "/khong-co/"):
        _, headers, _ = request(base + path)
        assert headers["Content-Security-Policy"] == meta.group(1) + "; frame-ancestors 'none'"
        assert headers["X-Content-Type-Options"] == "nosniff"


def test_only_the_replay_folder_may_be_framed_and_only_by_the_site(served):
    """/ban-goc/replay/ (plugin replay_page: the service worker and the replay frame) gets the
    site's policy with frame-ancestors 'self'; every other path, /ban-goc/ included, 'none'."""
    _, base = served
    _, site, _ = request(base + "/")
    policy = site["Content-Security-Policy"]
    for path in ("/ban-goc/replay/sw.js", "/ban-goc/replay/", "/ban-goc/replay/?source=x"):
        _, headers, _ = request(base + path)
        assert headers["Content-Security-Policy"] == policy.replace(
            "frame-ancestors 'none'", "frame-ancestors 'self'"
        ), path
        assert headers["X-Frame-Options"] == "SAMEORIGIN", path
        for same in ("X-Content-Type-Options", "Referrer-Policy"):
            assert headers[same] == site[same], (path, same)
        assert headers["Cache-Control"], path
        assert "Service-Worker-Allowed" not in headers  # the worker's scope is its own folder
    status, headers, _ = request(base + "/ban-goc/replay/sw.js")
    assert status == 200 and "javascript" in headers["Content-Type"]
    _, headers, _ = request(base + "/ban-goc/")
    assert headers["Content-Security-Policy"] == policy and headers["X-Frame-Options"] == "DENY"
    assert request(base + "/ban-goc/replay/.ui.js.partial")[0] == 404


@pytest.mark.parametrize(
    ("path", "cache"),
    [
        ("/", "max-age=300"),
        ("/2025/05/bai/", "max-age=300"),
        ("/feeds/all.atom.xml", "max-age=300"),
        ("/sitemap.xml", "max-age=300"),
        ("/search/manifest.json", "no-cache"),
        ("/search/manifest.json?v=0123456789abcdef", "no-cache"),
        ("/search/shards/0/0a3.json.gz?v=0123456789abcdef", "max-age=31536000, immutable"),
        ("/search/docs/0/1c.json.gz?v=0123456789abcdef", "max-age=31536000, immutable"),
        ("/search/docs/0/1c.json.gz", "max-age=300"),
        ("/theme/css/main.css", "max-age=3600"),
    ],
)
def test_cache_headers_long_for_versioned_search_files_short_for_pages(served, path, cache):
    _, base = served
    status, headers, _ = request(base + path)
    assert status == 200
    assert cache in headers["Cache-Control"]
    if "immutable" not in cache:
        assert "immutable" not in headers["Cache-Control"]


def test_feed_types_gzip_and_404_page(served):
    _, base = served
    _, headers, _ = request(base + "/feeds/all.atom.xml")
    assert headers["Content-Type"].startswith("application/atom+xml")
    _, headers, _ = request(base + "/feeds/all.rss.xml")
    assert headers["Content-Type"].startswith("application/rss+xml")
    status, headers, body = request(base + "/", **{"Accept-Encoding": "gzip"})
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert "Bản một.".encode() in gzip.decompress(body)
    status, headers, body = request(base + "/2099/01/khong-co/")
    assert status == 404 and "Không tìm thấy trang".encode() in body
    assert request(base + "/.nojekyll")[0] == 404


def test_switching_the_current_symlink_takes_effect_without_a_reload(served):
    root, base = served
    assert "Bản một.".encode() in request(base + "/")[2]
    (root / "current.tmp").symlink_to("releases/two")
    os.replace(root / "current.tmp", root / "current")
    assert "Bản hai.".encode() in request(base + "/")[2]
    assert request(base + "/2025/05/bai")[0] == 200  # no trailing slash still serves the page
