"""Running Pelican for one shard or for the merge, and the files around those runs (I/O).

Layout under the shards folder (default `var/shards/`):

    plan.json                  the plan (plan.py)
    <key>/files.json           the shard's article files
    <key>/output/              the shard's site: its article pages, pages, search index part
    <key>/cache/               its caches (fast_build, search_index, archive_indexes)
    <key>/summary.json         what the merge needs of each article (plugins/shards)
    <key>/stamp.json           the plan hash the shard was built from, time and peak memory
    _merge/cache/              the merge's caches (the merged search analyses)
    merge-state.json           what the last merge wrote (pages copied, files written)
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import pickle
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from pelican.settings import read_settings

from plugins.search_index.cache import CACHE_VERSION
from plugins.search_index.files import write_atomic
from plugins.shards.settings import KEY_RE

from .plan import PROJECT, make_plan

logger = logging.getLogger(__name__)
MERGE_FOLDER = "_merge"


class ShardError(RuntimeError):
    """A shard or the merge could not run; the message says what to do."""


def load_settings(settings_file: Path, content: Path) -> dict[str, Any]:
    return read_settings(str(settings_file), override={"PATH": str(content)})


def write_json(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    write_atomic(path, text.encode("utf-8"))


def read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def plan(
    content: Path, folder: Path, settings_file: Path, *, split_years_over: int = 0
) -> dict[str, Any]:
    """Make the plan, write it and every shard's files.json (only when it changed)."""
    settings = load_settings(settings_file, content)
    made = make_plan(content, settings_file, settings, split_years_over=split_years_over)
    for key, shard in made["shards"].items():
        files = folder / key / "files.json"
        try:
            same = read_json(files) == shard["files"]
        except (OSError, ValueError):
            same = False
        if not same:
            write_json(files, shard["files"])
    write_json(folder / "plan.json", made)
    return made


def load_plan(folder: Path) -> dict[str, Any]:
    try:
        return read_json(folder / "plan.json")
    except (OSError, ValueError) as error:
        raise ShardError(
            f"{folder / 'plan.json'}: no readable shard plan ({error}); run "
            "`python -m tools.shards plan` (make shards does it)"
        ) from error


def _pelican(
    content: Path, output: Path, settings_file: Path, extra: dict[str, Any]
) -> tuple[float, float]:
    """Run Pelican; (seconds, peak RSS in MiB of the process and its children)."""
    command = [sys.executable, "-m", "pelican", str(content), "-o", str(output)]
    command += ["-s", str(settings_file), "-e"]
    command += [f"{key}={json.dumps(value)}" for key, value in extra.items()]
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    started = time.perf_counter()
    wrapper = [sys.executable, "-m", "tools.shards.peak", "--"]
    result = subprocess.run(
        wrapper + command, cwd=PROJECT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    seconds = time.perf_counter() - started
    log = result.stdout.decode("utf-8", "replace")
    peak = 0.0
    for line in log.splitlines():
        if line.startswith("peak-rss-mib "):
            peak = float(line.split()[1])
    for line in log.splitlines():
        if "shards: " in line or "search_index: " in line:
            logger.info("  %s", line.strip())
    if result.returncode != 0:
        raise ShardError(f"pelican failed ({result.returncode}) building {output}:\n{log[-6000:]}")
    return seconds, peak


def _plugins(settings: dict[str, Any]) -> list:
    plugins = list(settings.get("PLUGINS") or [])
    return plugins if "shards" in plugins else [*plugins, "shards"]


def build(folder: Path, key: str, *, force: bool = False) -> dict[str, Any]:
    """Build one shard unless its stamp says it is current; returns its stamp. One build of a
    shard at a time: another one (a retried queue job, a second `make`) waits for the lock."""
    if not KEY_RE.match(key):
        raise ShardError(f"{key!r} is not a shard key; `python -m tools.shards list` shows them")
    _shard_of(load_plan(folder), folder, key)  # an unknown shard gets no folder
    (folder / key).mkdir(parents=True, exist_ok=True)
    with open(folder / key / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return _build(folder, key, force=force)


def _shard_of(made: dict[str, Any], folder: Path, key: str) -> dict[str, Any]:
    shard = made["shards"].get(key)
    if shard is None:
        raise ShardError(
            f"no shard {key!r} in {folder / 'plan.json'} (shards: "
            f"{', '.join(sorted(made['shards'])) or 'none'}); check PORTAL, or run the plan again"
        )
    return shard


def _build(folder: Path, key: str, *, force: bool) -> dict[str, Any]:
    made = load_plan(folder)
    shard = _shard_of(made, folder, key)
    here = folder / key
    stamp_path = here / "stamp.json"
    try:
        stamp = read_json(stamp_path)
    except (OSError, ValueError):
        stamp = {}
    if not force and stamp.get("hash") == shard["hash"] and (here / "summary.json").exists():
        logger.info("shard %s is up to date (%d articles)", key, shard["articles"])
        return {**stamp, "skipped": True}
    stamp_path.unlink(missing_ok=True)
    content, settings_file = Path(made["content"]), Path(made["settings"])
    settings = load_settings(settings_file, content)
    extra = {
        "SHARDS": {"mode": "shard", "key": key, "dir": str(folder)},
        "CACHE_PATH": str(here / "cache"),
        "PLUGINS": _plugins(settings),
    }
    seconds, peak = _pelican(content, here / "output", settings_file, extra)
    summary = read_json(here / "summary.json")
    summary["hash"] = shard["hash"]
    summary["search"] = _search_keys(here / "cache")
    write_json(here / "summary.json", summary)
    stamp = {
        "hash": shard["hash"],
        "articles": shard["articles"],
        "seconds": round(seconds, 2),
        "peak_rss_mib": round(peak, 1),
    }
    write_json(stamp_path, stamp)
    logger.info("shard %s built: %d articles in %.1f s", key, shard["articles"], seconds)
    return stamp


def _search_keys(cache: Path) -> dict[str, list]:
    """url -> [timestamp, digest] from the shard's search index state (empty without one)."""
    path = cache / "search_index" / CACHE_VERSION / "state.pickle"
    try:
        _, _, state = pickle.loads(path.read_bytes())
    except (OSError, ValueError, pickle.UnpicklingError, EOFError):
        return {}
    return {url: [timestamp, digest] for timestamp, url, digest in state["keys"]}


def merge(folder: Path, output: Path) -> dict[str, Any]:
    """Assemble the site into `output` from the shards of the plan (all must be current)."""
    made = load_plan(folder)
    stale = []
    for key, shard in made["shards"].items():
        try:
            if read_json(folder / key / "stamp.json").get("hash") != shard["hash"]:
                stale.append(key)
        except (OSError, ValueError):
            stale.append(key)
    if stale:
        raise ShardError(
            f"shard(s) not built from the current content: {', '.join(stale)}; run make shards "
            "(or make shard PORTAL=key for each), then merge"
        )
    content, settings_file = Path(made["content"]), Path(made["settings"])
    settings = load_settings(settings_file, content)
    search = dict(settings.get("SEARCH_INDEX") or {})
    search["background"] = False
    extra = {
        "SHARDS": {"mode": "merge", "dir": str(folder)},
        "CACHE_PATH": str(folder / MERGE_FOLDER / "cache"),
        "PLUGINS": _plugins(settings),
        "FAST_BUILD": {**(settings.get("FAST_BUILD") or {}), "enabled": False},
        "SEARCH_INDEX": search,
    }
    seconds, peak = _pelican(content, output, settings_file, extra)
    logger.info("merged %d shards into %s in %.1f s", len(made["shards"]), output, seconds)
    return {"seconds": round(seconds, 2), "peak_rss_mib": round(peak, 1)}


def children_peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
