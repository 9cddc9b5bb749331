"""Helpers of the shard tests: content with several portals, the CLI, trees compared."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.support.paths import PROJECT_ROOT
from tests.support.site import build_site, sample_content_with_corpus

SETTINGS = Path(__file__).with_name("few_feed_items.py")
ENV = {"PYTHONHASHSEED": "0", "PATH": "/usr/bin:/bin", "COLUMNS": "200", "LANG": "C.UTF-8"}


def portal_content(folder: Path, articles: int = 90, portals: int = 2) -> Path:
    """The sample content (portals longan, baochinhphu and two articles without a portal) plus
    `articles` generated bulletins over `portals` more portals."""
    from bench.corpus import generate_corpus

    sample_content_with_corpus(folder, 0)
    generate_corpus(articles, folder / "bench", portals=portals)
    return folder


def shards_cli(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "-m", "tools.shards", *args],
        cwd=PROJECT_ROOT,
        env=ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    if check and result.returncode != 0:
        raise AssertionError(f"tools.shards {' '.join(args)} failed:\n{result.stdout}")
    return result


def whole_build(content: Path, output: Path, cache: Path) -> None:
    build_site(content, output, settings=SETTINGS, extra={"CACHE_PATH": str(cache)})


def tree(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def differences(expected: Path, actual: Path) -> list[str]:
    """Files missing, extra or with other bytes (empty when the trees are identical)."""
    a, b = tree(expected), tree(actual)
    problems = [f"missing: {name}" for name in sorted(a.keys() - b.keys())]
    problems += [f"extra: {name}" for name in sorted(b.keys() - a.keys())]
    problems += [f"differs: {name}" for name in sorted(a.keys() & b.keys()) if a[name] != b[name]]
    return problems


def build_all(folder: Path) -> dict[str, str]:
    """Build every shard of the plan one after the other; key -> 'built' or 'up to date'."""
    keys = shards_cli("--dir", str(folder), "list").stdout.split()
    states = {}
    for key in keys:
        out = shards_cli("--dir", str(folder), "build", key).stdout
        states[key] = "up to date" if "up to date" in out else "built"
    return states


__all__ = [
    "SETTINGS",
    "build_all",
    "differences",
    "os",
    "portal_content",
    "shards_cli",
    "whole_build",
]
