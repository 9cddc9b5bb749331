"""tools/shards/plan.py: articles placed in shards by their Portal line, hashes that move only
with what a shard shows."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.support.paths import PROJECT_ROOT
from tools.shards.plan import NO_PORTAL, PlanError, make_plan, shard_key
from tools.shards.run import load_settings

SETTINGS = PROJECT_ROOT / "pelicanconf.py"


@pytest.mark.parametrize(
    ("portal", "year", "split", "key"),
    [
        (None, "2025", False, NO_PORTAL),
        ("", "2025", True, NO_PORTAL),
        ("longan", "2025", False, "longan"),
        ("LongAn", "2025", False, "longan"),
        ("longan", "2025", True, "longan.2025"),
        ("bench-01", None, False, "bench-01"),
    ],
)
def test_shard_keys(portal, year, split, key):
    assert shard_key(portal, year, split=split, where="f.md") == key


@pytest.mark.parametrize("portal", ["Long An", "../x", "_none", "a/b"])
def test_a_portal_that_cannot_name_a_shard_is_an_error_naming_the_file(portal):
    with pytest.raises(PlanError, match=re.escape("bai.md: Portal: ")):
        shard_key(portal, "2025", split=False, where="bai.md")


def _article(folder: Path, name: str, portal: str | None, date: str = "2025-05-01") -> None:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    header = [f"Title: {name}", f"Date: {date}"] + ([f"Portal: {portal}"] if portal else [])
    path.write_text("\n".join(header) + "\n\nThân bài.\n", encoding="utf-8")


def _plan(content: Path, **kwargs) -> dict:
    return make_plan(content, SETTINGS, load_settings(SETTINGS, content), **kwargs)


def test_articles_go_to_their_portals_shard_pages_and_static_files_to_none(tmp_path):
    _article(tmp_path, "a/1.md", "longan")
    _article(tmp_path, "b/2.md", "longan", "2024-01-01")
    _article(tmp_path, "c/3.md", None)
    _article(tmp_path, "pages/gioi-thieu.md", None)
    _article(tmp_path, "images/x.md", "longan")  # under ARTICLE_EXCLUDES: not an article
    plan = _plan(tmp_path)
    assert {k: v["files"] for k, v in plan["shards"].items()} == {
        "_none": ["c/3.md"],
        "longan": ["a/1.md", "b/2.md"],
    }
    split = _plan(tmp_path, split_years_over=1)
    assert sorted(split["shards"]) == ["_none", "longan.2024", "longan.2025"]


def test_hashes_change_only_for_the_shard_whose_article_changed(tmp_path):
    _article(tmp_path, "a/1.md", "longan")
    _article(tmp_path, "b/2.md", "baochinhphu")
    before = _plan(tmp_path)
    (tmp_path / "a" / "1.md").write_text("Title: sửa\nPortal: longan\n\nThân.\n", encoding="utf-8")
    after = _plan(tmp_path)
    assert before["shards"]["longan"]["hash"] != after["shards"]["longan"]["hash"]
    assert before["shards"]["baochinhphu"]["hash"] == after["shards"]["baochinhphu"]["hash"]
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "p.md").write_text("Title: Trang\n\nMới.\n", encoding="utf-8")
    with_page = _plan(tmp_path)  # a page shows on every page (the footer): every shard moves
    assert with_page["shards"]["baochinhphu"]["hash"] != after["shards"]["baochinhphu"]["hash"]


def test_an_html_article_is_refused_by_name(tmp_path):
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "bai.html").write_text("<html></html>", encoding="utf-8")
    with pytest.raises(PlanError, match=re.escape("x/bai.html: shard builds read Markdown")):
        _plan(tmp_path)
