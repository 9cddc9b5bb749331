"""The size of a built site: files and bytes in all, and of its search index, per 10,000
articles (`make bench`; a publish target's size limit, e.g. GitHub Pages' 1 GB, is met or not by
these figures)."""

from __future__ import annotations

import os
from pathlib import Path


def output_size(site: Path, articles: int, index: str = "search") -> dict:
    """{"files", "bytes", "disk_bytes", "search_files", "search_bytes"} of `site`, and the same
    per 10,000 articles (`per_10000`)."""
    totals = {"files": 0, "bytes": 0, "disk_bytes": 0, "search_files": 0, "search_bytes": 0}
    root = Path(site)
    for folder, _, names in os.walk(root):
        in_index = Path(folder).relative_to(root).parts[:1] == (index,)
        for name in names:
            st = os.stat(Path(folder) / name)
            totals["files"] += 1
            totals["bytes"] += st.st_size
            totals["disk_bytes"] += st.st_blocks * 512
            if in_index:
                totals["search_files"] += 1
                totals["search_bytes"] += st.st_size
    scale = 10_000 / articles if articles else 0
    return {**totals, "per_10000": {k: round(v * scale) for k, v in totals.items()}}
