"""Manifests and their differences (what a publish adds, changes, removes)."""

from __future__ import annotations

import subprocess

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tools.publishing.manifest import diff, git_blob_id, parse_sha256sum, scan, sha256, url_path


def test_diff_sorts_files_into_added_changed_removed():
    old = {"index.html": "a", "gone.html": "b", "same.css": "c"}
    new = {"index.html": "A", "same.css": "c", "2025/05/x/index.html": "d"}
    changes = diff(old, new)
    assert changes.added == ("2025/05/x/index.html",)
    assert changes.changed == ("index.html",)
    assert changes.removed == ("gone.html",)
    assert changes.lines()[-1] == "1 added, 1 changed, 1 removed"
    assert "+ 2025/05/x/index.html" in changes.lines()


paths = st.text(alphabet="abc/", min_size=1, max_size=6)
manifests = st.dictionaries(paths, st.sampled_from(["1", "2", "3"]), max_size=8)


@given(manifests, manifests)
def test_applying_the_diff_to_old_gives_new(old, new):
    changes = diff(old, new)
    result = {p: d for p, d in old.items() if p not in changes.removed}
    result.update({p: new[p] for p in changes.added + changes.changed})
    assert result == new
    assert diff(new, new).empty


def test_git_blob_id_matches_git(tmp_path):
    data = "Bản tin thứ nhất\n".encode()
    (tmp_path / "f").write_bytes(data)
    expected = subprocess.run(
        ["git", "hash-object", str(tmp_path / "f")], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert git_blob_id(data) == expected


def test_scan_and_sha256sum_output_agree(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "index.html").write_bytes(b"<p>x</p>")
    (tmp_path / "index.html").write_bytes(b"home")
    output = subprocess.run(
        "find . -type f -print0 | xargs -0 sha256sum",
        shell=True,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert parse_sha256sum(output) == scan(tmp_path)
    assert scan(tmp_path)["index.html"] == sha256(b"home")


@pytest.mark.parametrize(
    ("path", "url"),
    [
        ("index.html", ""),
        ("2025/05/slug/index.html", "2025/05/slug/"),
        ("sitemap.xml", "sitemap.xml"),
        ("404.html", "404.html"),
        ("search/manifest.json", "search/manifest.json"),
    ],
)
def test_url_path(path, url):
    assert url_path(path) == url
