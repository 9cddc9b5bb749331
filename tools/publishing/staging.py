"""A staging folder per publish run, beside the output folder, and the leftovers of dead runs.

Each run builds into its own `<output>.publish-staging.<run id>/` (run id: UTC time and pid), so
two runs can never write into, rename or delete each other's build. The folder is renamed to
`<output>` when the run has published it, and removed in every other case; only a run killed
outright leaves one behind. Such a leftover is never mistaken for a build (a run only ever uses
the folder it made, and a build only counts once its manifest is written); the next run, holding
the publish lock (so no live run can own it), removes it and says so.
"""

from __future__ import annotations

import logging
import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

log = logging.getLogger(__name__)
SUFFIX = ".publish-staging"


def run_id() -> str:
    """`20261127T091500Z-4242`: when this run started, and its pid."""
    return f"{datetime.now(UTC).strftime('%Y%m%dT%H%M%SZ')}-{os.getpid()}"


def staging_folder(output: Path, run: str) -> Path:
    return output.with_name(f"{output.name}{SUFFIX}.{run}")


def leftovers(output: Path) -> list[Path]:
    """Staging folders of earlier runs beside `output` (the unsuffixed one of old versions too)."""
    parent = output.parent
    if not parent.is_dir():
        return []
    prefix = output.name + SUFFIX
    return sorted(
        path
        for path in parent.iterdir()
        if path.name == prefix or path.name.startswith(prefix + ".")
    )


def remove_leftovers(output: Path) -> list[Path]:
    """Remove what dead runs left beside `output`. Call it only while holding the publish lock."""
    removed = []
    for path in leftovers(output):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()
        log.warning(
            "removed %s: the staging folder of an earlier publish that did not finish "
            "(killed or crashed); it was never published from",
            path,
        )
        removed.append(path)
    return removed


def new_staging(output: Path, run: str) -> Path:
    """Create this run's empty staging folder (never reusing an existing one)."""
    staging = staging_folder(output, run)
    staging.parent.mkdir(parents=True, exist_ok=True)
    staging.mkdir()
    return staging


def hand_over(staging: Path, output: Path) -> None:
    """Make the published build the output folder (the previous output is replaced)."""
    if output.exists():
        old = output.with_name(f"{output.name}{SUFFIX}.{staging.name.rsplit('.', 1)[-1]}-old")
        output.rename(old)
        staging.rename(output)
        shutil.rmtree(old, ignore_errors=True)
    else:
        staging.rename(output)
