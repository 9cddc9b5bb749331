"""Search side by side: our search page vs plain Pagefind over the plain Pelican build.

Plain Pagefind is run here over the baseline's output (its default settings, as a user would);
both are then measured in the same browser session by `bench.search.measure_search`.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from .search import measure_search

QUERIES = ["giải ngân", "đầu tư công", "dau tu cong", "Phước Sơn", "sâm Ngọc Linh", "dang bo"]


def index_plain(site: Path) -> float:
    """Run plain Pagefind (the pinned pagefind[bin]) over `site`; returns the seconds it took."""
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(site), "--silent"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def compare(ours: Path, plain: Path, queries: list[str] = QUERIES) -> dict:
    plain_index_s = index_plain(plain)
    result_ours = measure_search(ours, queries, mode="ours")
    result_plain = measure_search(plain, queries, mode="plain")
    rows = []
    for mine, theirs in zip(result_ours["queries"], result_plain["queries"], strict=True):
        rows.append(
            {
                "query": mine["query"],
                "ours_kB": round(mine["bytes"] / 1000, 1),
                "plain_kB": round(theirs["bytes"] / 1000, 1),
                "ours_ms": round(mine["ms"]),
                "plain_ms": round(theirs["ms"]),
                "ours_matches": mine.get("matches"),
                "plain_matches": theirs.get("matches"),
            }
        )
    return {
        "plain_pagefind_index_s": round(plain_index_s, 2),
        "median_kB": {
            "ours": round(result_ours["median_bytes"] / 1000, 1),
            "plain": round(result_plain["median_bytes"] / 1000, 1),
        },
        "median_ms": {
            "ours": round(result_ours["median_ms"]),
            "plain": round(result_plain["median_ms"]),
        },
        "queries": rows,
    }
