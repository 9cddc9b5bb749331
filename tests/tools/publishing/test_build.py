"""Refusals before anything is deployed: Pelican errors, the content check, broken links."""

from __future__ import annotations

import pytest

from tests.support.paths import PROJECT_ROOT
from tools.publishing import build_manifest
from tools.publishing.build import Refused, build_for_publishing, check_before_upload, check_links
from tools.publishing.manifest import scan

ARTICLE = "Title: Bản tin\nDate: 2025-05-28T08:00:00+07:00\nCategory: Tin hoạt động\n\nNội dung.\n"


@pytest.fixture
def content(tmp_path):
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "ban-tin.md").write_text(ARTICLE, encoding="utf-8")
    return folder


def test_a_pelican_error_refuses_and_leaves_no_staging_folder(tmp_path, content, monkeypatch):
    monkeypatch.setenv("ARCHIVE_SITEURL", "https://example.org")
    conf = tmp_path / "badconf.py"
    conf.write_text(
        f"import sys\nsys.path.insert(0, {str(PROJECT_ROOT)!r})\n"
        "from publishconf import *\nTHEME = '/khong-co-theme'\n",
        encoding="utf-8",
    )
    staging = tmp_path / "staging"
    staging.mkdir()
    with pytest.raises(Refused, match="logged errors"):
        build_for_publishing(content, staging, conf, "https://example.org")
    assert not staging.exists()


def test_the_build_ends_with_a_manifest_of_every_file(tmp_path, content, monkeypatch):
    monkeypatch.setenv("ARCHIVE_SITEURL", "https://example.org")
    staging = tmp_path / "staging"
    staging.mkdir()
    build_for_publishing(content, staging, PROJECT_ROOT / "publishconf.py", "https://example.org")
    manifest = build_manifest.read(staging)
    files = scan(staging)
    assert files.pop(build_manifest.MANIFEST_NAME)
    assert manifest.digests() == files and manifest.count == len(files) > 10
    assert manifest.total_bytes == sum((staging / path).stat().st_size for path in files)
    assert check_before_upload(staging) == manifest

    (staging / "index.html").unlink()
    (staging / "theme" / "css" / "main.css").write_text("/* changed */")
    (staging / "extra.html").write_text("<p>not built</p>")
    with pytest.raises(Refused) as refused:
        check_before_upload(staging)
    message = str(refused.value)
    assert "no longer matches its build manifest" in message
    assert "1 missing, 1 not in the manifest, 1 with another checksum" in message
    for line in (
        "missing: index.html",
        "not in the manifest: extra.html",
        "checksum differs: theme/css/main.css",
    ):
        assert line in message

    (staging / build_manifest.MANIFEST_NAME).unlink()
    with pytest.raises(Refused, match="did not finish"):
        check_before_upload(staging)


@pytest.mark.parametrize("site_url", ["", "/luu-tru", "example.org"])
def test_a_relative_site_url_is_refused(tmp_path, content, site_url):
    with pytest.raises(Refused, match="ARCHIVE_SITEURL"):
        build_for_publishing(content, tmp_path / "o", PROJECT_ROOT / "publishconf.py", site_url)


def test_broken_links_are_listed_with_the_page(tmp_path):
    (tmp_path / "index.html").write_text('<a href="https://example.org/a/">a</a>')
    with pytest.raises(Refused, match=r"index.html: https://example.org/a/"):
        check_links(tmp_path, "https://example.org")
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text("<p>a</p>")
    check_links(tmp_path, "https://example.org")  # resolves now: no refusal
