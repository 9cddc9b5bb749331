"""On any version but the verified ones fast_build steps aside and the site is Pelican's own.

Every build runs in a subprocess (tests/support/fast_build_probe.py), as Pelican would: what
fast_build replaces is process-global, and the probe reports it after the build.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from plugins.fast_build import internals
from tests.plugins.fast_build.test_equivalence import assert_same_tree
from tests.support.fast_build_probe import probe_build
from tests.support.site import build_site, sample_content_with_corpus

# pelicanconf.PLUGINS without fast_build: Pelican's own path with the site's other plugins.
STOCK_PLUGINS = [
    "vietnamese",
    "other_news",
    "archive_indexes",
    "portal_pages",
    "search_index",
    "replay_page",
    "decap_admin",
]
WARNING = "fast_build: Pelican 4.13.0 is not the verified 4.12.0; building without it"


@pytest.fixture(scope="module")
def content(tmp_path_factory) -> Path:
    return sample_content_with_corpus(tmp_path_factory.mktemp("content"), 40)


@pytest.fixture(scope="module")
def stock(content: Path, tmp_path_factory) -> Path:
    """The site built without fast_build in PLUGINS at all."""
    folder = tmp_path_factory.mktemp("stock")
    extra = {"PLUGINS": STOCK_PLUGINS, "CACHE_PATH": str(folder / "cache")}
    build_site(content, folder / "output", extra=extra)
    return folder / "output"


def test_an_unverified_pelican_builds_exactly_as_stock(
    content: Path, stock: Path, tmp_path: Path
) -> None:
    result, report = probe_build(
        content,
        tmp_path / "output",
        tmp_path / "report.json",
        versions={"pelican": "4.13.0"},
        extra={"CACHE_PATH": str(tmp_path / "cache"), "FAST_BUILD": {"workers": 2}},
    )
    log = " ".join(result.stdout.split())  # the console may wrap a long line
    assert log.count(f"WARNING {WARNING}") == 1, result.stdout
    assert log.count("is not the verified") == 1
    assert report["replaced"] == [], "fast_build replaced Pelican internals on 4.13.0"
    assert report["receivers"] == [], "fast_build connected signal handlers on 4.13.0"
    assert not (tmp_path / "cache" / "fast_build").exists()
    assert_same_tree(stock, tmp_path / "output")


def test_the_verified_versions_still_patch_and_build_as_stock(
    content: Path, stock: Path, tmp_path: Path
) -> None:
    result, report = probe_build(
        content,
        tmp_path / "output",
        tmp_path / "report.json",
        extra={
            "CACHE_PATH": str(tmp_path / "cache"),
            "FAST_BUILD": {"workers": 2, "min_parallel_files": 1},
        },
    )
    assert "is not the verified" not in result.stdout
    assert report["untouched"] == [], "fast_build no longer replaces these internals"
    assert report["replaced"] == sorted(internal.name for internal in internals.PATCHED)
    assert any("readers_init" in receiver for receiver in report["receivers"])
    assert any("get_writer" in receiver for receiver in report["receivers"])
    assert (tmp_path / "cache" / "fast_build" / "markdown").is_dir()
    assert_same_tree(stock, tmp_path / "output")
