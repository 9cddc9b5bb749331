"""Several article templates on one portal: a list of selectors, one per template. Pure.

A profile's field takes a list of selectors, tried in order, the first giving a value winning.
When no one selector holds on every sample (a portal that changed its layout some years ago,
its photo stories on another template), the samples are covered greedily: the selector right on
the most samples not yet covered, and silent (no value) on the others, so that it never hides
the selector after it; then the next, until every sample is covered or none is left.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from scraper.infer.selectors import Target, candidates, generalise

# judge(sample index, selector): True the right value there, None no value, False a wrong one
Judge = Callable[[int, str], bool | None]
MAX_SELECTORS = 4


def cover(targets: Sequence[Target], judge: Judge) -> list[str]:
    """One selector when one holds on every sample, else the shortest list found greedily
    (at most MAX_SELECTORS); [] when the samples cannot be covered."""
    every = range(len(targets))
    whole = generalise(targets, lambda sel: all(judge(i, sel) is True for i in every))
    if whole:
        return [whole]
    pool = list(dict.fromkeys(c for t in targets if t.elements for c in candidates([t])))
    remaining = set(every)
    chosen: list[str] = []
    while remaining and len(chosen) < MAX_SELECTORS:
        best, best_cover = None, set()
        for sel in pool:
            verdicts = {i: judge(i, sel) for i in remaining}
            if any(v is False for v in verdicts.values()):
                continue
            covered = {i for i, v in verdicts.items() if v}
            if len(covered) > len(best_cover):
                best, best_cover = sel, covered
        if best is None:
            return []
        chosen.append(best)
        remaining -= best_cover
    return chosen if not remaining else []
