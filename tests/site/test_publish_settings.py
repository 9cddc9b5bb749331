"""publishconf.py: absolute URLs from ARCHIVE_SITEURL, no drafts, a clear error without it."""

from __future__ import annotations

import os
import subprocess

import pytest
from bs4 import BeautifulSoup

from tests.site.conftest import SEED_PAGE
from tests.support.paths import PROJECT_ROOT
from tools.linkcheck import find_broken_links
from tools.pelican_command import pelican_command

pytestmark = pytest.mark.slow

PUBLIC = "https://luu-tru.example.org/ban-tin"


def _pelican(output, site_url: str | None):
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LANG": "C.UTF-8",
        "PYTHONHASHSEED": "0",
    }
    if site_url is not None:
        env["ARCHIVE_SITEURL"] = site_url
    command = pelican_command(PROJECT_ROOT / "content", output, PROJECT_ROOT / "publishconf.py")
    return subprocess.run(
        command,
        cwd=PROJECT_ROOT,
        env=env,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    output = tmp_path_factory.mktemp("published") / "output"
    result = _pelican(output, PUBLIC + "/")
    assert result.returncode == 0, result.stdout
    assert "WARNING" not in result.stdout, result.stdout
    return output


def test_drafts_are_not_published(published):
    assert not (published / "ban-nhap").exists()
    assert (published / SEED_PAGE).is_file()


def test_links_feeds_and_sitemap_use_the_public_address(published):
    soup = BeautifulSoup((published / SEED_PAGE).read_text(encoding="utf-8"), "html.parser")
    assert soup.select_one("link[rel=stylesheet]")["href"] == PUBLIC + "/theme/css/main.css"
    assert soup.select_one("meta[property='og:url']")["content"] == PUBLIC + "/" + SEED_PAGE[:-10]
    atom = (published / "feeds/all.atom.xml").read_text(encoding="utf-8")
    assert f'href="{PUBLIC}/{SEED_PAGE[:-10]}"' in atom
    assert f"<loc>{PUBLIC}/{SEED_PAGE[:-10]}</loc>" in (published / "sitemap.xml").read_text()
    assert find_broken_links(published, site_url=PUBLIC) == []


def test_missing_site_url_is_a_clear_error(tmp_path):
    result = _pelican(tmp_path / "out", None)
    assert result.returncode != 0
    assert "ARCHIVE_SITEURL" in result.stdout and "make publish" in result.stdout
    assert not (tmp_path / "out").exists()
