"""Resident memory sampled while a function runs over many items: does anything pile up?"""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Callable, Sequence
from typing import Any


def rss_mib() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def rss_over(run_one: Callable[[Any], object], items: Sequence[Any], count: int) -> dict:
    """Call `run_one` on `count` items (round and round) and sample RSS twenty times; the
    growth after the first samples (warm-up: imports, caches) is what accumulates."""
    samples: list[tuple[int, float]] = []
    started = time.perf_counter()
    for i in range(count):
        run_one(items[i % len(items)])
        if i % max(1, count // 20) == 0 or i == count - 1:
            gc.collect()
            samples.append((i + 1, round(rss_mib(), 1)))
    warm = samples[min(2, len(samples) - 1)][1]
    return {
        "pages": count,
        "seconds": round(time.perf_counter() - started, 1),
        "rss_mib_samples": samples,
        "rss_growth_after_warmup_mib": round(samples[-1][1] - warm, 1),
    }
