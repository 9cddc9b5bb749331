"""Shard builds merged give the whole build's site byte for byte, and stay so incrementally."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from .support import SETTINGS, build_all, differences, portal_content, shards_cli, whole_build


@pytest.fixture(scope="module")
def sharded(tmp_path_factory):
    root = tmp_path_factory.mktemp("shards")
    content = portal_content(root / "content", articles=90, portals=2)
    whole_build(content, root / "whole", root / "whole-cache")
    folder = root / "shards"
    shards_cli("--dir", str(folder), "plan", "--content", str(content), "--settings", str(SETTINGS))
    states = build_all(folder)
    shards_cli("--dir", str(folder), "merge", "--output", str(root / "merged"))
    return root, content, folder, states


def test_every_portal_is_a_shard(sharded):
    _, _, _, states = sharded
    assert sorted(states) == ["_none", "baochinhphu", "bench01", "bench02", "longan"]
    assert set(states.values()) == {"built"}


def test_merged_site_is_the_whole_build_byte_for_byte(sharded):
    root, _, _, _ = sharded
    assert differences(root / "whole", root / "merged") == []


def test_most_summaries_carry_no_body(sharded):
    """The merge really works from summaries: only feed items carry their body."""
    _, _, folder, _ = sharded
    entries = [
        entry
        for summary in sorted(folder.glob("*/summary.json"))
        for entry in json.loads(summary.read_text(encoding="utf-8"))["articles"]
    ]
    with_body = [entry for entry in entries if "content" in entry]
    assert len(entries) == 94 and 0 < len(with_body) < len(entries) // 2


def test_shard_pages_needing_site_wide_links_were_patched(sharded):
    """The check above is not trivial: the shards' own pages show shard-local neighbours."""
    root, _, folder, _ = sharded
    shard_pages = sorted((folder / "bench01" / "output").glob("20*/[01]*/*/index.html"))
    assert shard_pages
    merged = root / "merged"
    changed = [
        page
        for page in shard_pages
        if page.read_bytes()
        != (merged / page.relative_to(folder / "bench01" / "output")).read_bytes()
    ]
    assert len(changed) > len(shard_pages) // 2


def _edit(content: Path) -> None:
    edited = next(iter(sorted((content / "bench").rglob("bai-00004.md"))))
    text = edited.read_text(encoding="utf-8")
    title = text.splitlines()[0]
    edited.write_text(text.replace(title, title + " (đã sửa)", 1), encoding="utf-8")
    next(iter(sorted((content / "bench").rglob("bai-00007.md")))).unlink()
    source = next(iter(sorted((content / "bench").rglob("bai-00010.md"))))
    text = source.read_text(encoding="utf-8")
    new = content / "moi" / "bai-moi.md"
    new.parent.mkdir()
    text = re.sub(r"(?m)^Portal: .*$", "Portal: moi", text)
    new.write_text(text.replace("Slug: ", "Slug: moi-", 1), encoding="utf-8")


def test_only_changed_shards_are_rebuilt_and_the_merge_matches_a_new_whole_build(sharded):
    root, content, folder, _ = sharded
    _edit(content)
    shards_cli("--dir", str(folder), "plan", "--content", str(content), "--settings", str(SETTINGS))
    states = build_all(folder)
    assert states == {
        "_none": "up to date",
        "baochinhphu": "up to date",
        "bench01": "built",  # bai-00007 (index 6) deleted
        "bench02": "built",  # bai-00004 (index 3) edited
        "longan": "up to date",
        "moi": "built",
    }
    shards_cli("--dir", str(folder), "merge", "--output", str(root / "merged"))
    whole_build(content, root / "whole2", root / "whole2-cache")
    assert differences(root / "whole2", root / "merged") == []


def test_merge_refuses_a_shard_older_than_its_content(sharded):
    _, content, folder, _ = sharded
    page = next(iter(sorted((content / "bench").rglob("bai-00002.md"))))
    page.write_text(page.read_text(encoding="utf-8") + "\nMột đoạn mới.\n", encoding="utf-8")
    shards_cli("--dir", str(folder), "plan", "--content", str(content), "--settings", str(SETTINGS))
    result = shards_cli("--dir", str(folder), "merge", "--output", str(folder / "x"), check=False)
    assert result.returncode == 1
    assert "not built from the current content: bench02" in result.stdout
    assert not (folder / "x").exists()
