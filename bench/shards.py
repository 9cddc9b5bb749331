"""Shard builds against one whole build, side by side, on the generated corpus.

`python -m bench.shards --n 20000 --portals 20 --jobs 2`: the corpus over `portals` portals is
built (1) whole, by one `pelican` run, (2) as one shard per portal, `jobs` shards at a time,
then merged. Reported: wall time, peak resident memory of the whole build and of each shard
build (its largest process), the merge's time and memory, the plan; then one article is edited
and both are brought up to date (whole: a warm rebuild; shards: plan, the one shard, merge);
finally both outputs are compared byte for byte. Writes bench/results/shards-<date>.json/.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .corpus import generate_corpus
from .harness import ENV, ROOT, pelican_command, tree_digest

RESULTS = ROOT / "bench" / "results"


@dataclass
class Run:
    seconds: float  # wall
    cpu: float  # user + system of the process and every process it waited for
    max_rss_mb: float  # the largest of those processes


def run_measured(command: list[str], cwd: Path, log: Path) -> Run:
    """Run a command; wall time, CPU time and peak RSS (wait4); raise with the log's tail."""
    with log.open("w", encoding="utf-8") as out:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=ENV, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
        raise RuntimeError(f"{' '.join(command)} failed:\n{tail}")
    return Run(elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def _cli(folder: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "tools.shards", "--dir", str(folder), *args]


def _edit(corpus: Path) -> Path:
    path = sorted(corpus.rglob("bai-00005.md"))[0]
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\n\n", "\n\nMột đoạn mới được biên tập thêm.\n\n", 1), "utf-8")
    return path


def measure(n: int, portals: int, jobs: int, work: Path) -> dict:
    work.mkdir(parents=True, exist_ok=True)
    corpus = work / f"corpus-{n}-{portals}"
    if not (corpus / ".complete").exists():
        shutil.rmtree(corpus, ignore_errors=True)
        generate_corpus(n, corpus, portals=portals)
        (corpus / ".complete").write_text("ok\n")
    for stale in ("whole", "whole-cache", "shards", "merged"):
        shutil.rmtree(work / stale, ignore_errors=True)
    logs = work / "logs"
    logs.mkdir(exist_ok=True)
    conf = ROOT / "pelicanconf.py"
    result: dict = {"articles": n, "portals": portals, "jobs": jobs}

    print(f"whole build of {n} articles ...", flush=True)
    whole_cmd = pelican_command(
        corpus, work / "whole", conf, {"CACHE_PATH": str(work / "whole-cache")}
    )
    whole = run_measured(whole_cmd, ROOT, logs / "whole.log")
    result["whole"] = {
        "seconds": round(whole.seconds, 1),
        "cpu_seconds": round(whole.cpu, 1),
        "peak_mib": round(whole.max_rss_mb),
    }

    folder = work / "shards"
    plan = run_measured(_cli(folder, "plan", "--content", str(corpus)), ROOT, logs / "plan.log")
    keys = json.loads((folder / "plan.json").read_text())["shards"]
    result["plan_seconds"] = round(plan.seconds, 1)
    print(f"{len(keys)} shards, {jobs} at a time ...", flush=True)

    def one(key: str):
        return key, run_measured(_cli(folder, "build", key), ROOT, logs / f"shard-{key}.log")

    started = time.perf_counter()
    with ThreadPoolExecutor(jobs) as pool:
        shards = dict(pool.map(one, sorted(keys)))
    shards_wall = time.perf_counter() - started
    seconds = [m.seconds for m in shards.values()]
    peaks = [m.max_rss_mb for m in shards.values()]
    result["shards"] = {
        "count": len(shards),
        "wall_seconds": round(shards_wall, 1),
        "median_shard_seconds": round(statistics.median(seconds), 1),
        "max_shard_seconds": round(max(seconds), 1),
        "median_peak_mib": round(statistics.median(peaks)),
        "max_peak_mib": round(max(peaks)),
        "cpu_seconds": round(sum(m.cpu for m in shards.values()), 1),
    }
    print("merge ...", flush=True)
    merged = run_measured(
        _cli(folder, "merge", "--output", str(work / "merged")), ROOT, logs / "merge.log"
    )
    result["merge"] = {
        "seconds": round(merged.seconds, 1),
        "cpu_seconds": round(merged.cpu, 1),
        "peak_mib": round(merged.max_rss_mb),
    }
    result["identical"] = tree_digest(work / "whole") == tree_digest(work / "merged")

    print("one article edited: whole rebuild, then shards ...", flush=True)
    edited = _edit(corpus)
    rebuild = run_measured(whole_cmd, ROOT, logs / "whole-rebuild.log")
    started = time.perf_counter()
    cpu = run_measured(_cli(folder, "plan", "--content", str(corpus)), ROOT, logs / "p2.log").cpu
    for key in sorted(keys):
        cpu += run_measured(_cli(folder, "build", key), ROOT, logs / f"shard2-{key}.log").cpu
    remerge = run_measured(
        _cli(folder, "merge", "--output", str(work / "merged")), ROOT, logs / "merge2.log"
    )
    result["incremental"] = {
        "edited": str(edited.relative_to(corpus)),
        "whole_rebuild_seconds": round(rebuild.seconds, 1),
        "whole_rebuild_cpu_seconds": round(rebuild.cpu, 1),
        "shards_seconds": round(time.perf_counter() - started, 1),
        "shards_cpu_seconds": round(cpu + remerge.cpu, 1),
        "merge_seconds": round(remerge.seconds, 1),
    }
    result["identical_after_edit"] = tree_digest(work / "whole") == tree_digest(work / "merged")
    whole_s, merge_s = result["whole"]["seconds"], result["merge"]["seconds"]
    result["ratios"] = {
        "shards_wall_vs_whole": round(shards_wall / whole_s, 2),
        "shards_plus_merge_vs_whole": round((shards_wall + merge_s) / whole_s, 2),
        "merge_vs_whole": round(merge_s / whole_s, 3),
        "merge_cpu_vs_whole_cpu": round(merged.cpu / whole.cpu, 3),
        "shards_cpu_vs_whole_cpu": round(result["shards"]["cpu_seconds"] / whole.cpu, 2),
        "max_shard_peak_vs_whole_peak": round(max(peaks) / whole.max_rss_mb, 3),
        "merge_peak_vs_whole_peak": round(merged.max_rss_mb / whole.max_rss_mb, 3),
    }
    return result


def table(result: dict) -> str:
    w, s, m, r, i = (result[k] for k in ("whole", "shards", "merge", "ratios", "incremental"))
    rows = [
        "| what | wall s | CPU s | peak MiB (largest process) | × whole build |",
        "| --- | --- | --- | --- | --- |",
        f"| whole build (1 process + fast_build workers) | {w['seconds']} | {w['cpu_seconds']} | "
        f"{w['peak_mib']} | 1 |",
        f"| {s['count']} shards, {result['jobs']} at a time | {s['wall_seconds']} | "
        f"{s['cpu_seconds']} | {s['max_peak_mib']} max, {s['median_peak_mib']} median | wall "
        f"{r['shards_wall_vs_whole']}, CPU {r['shards_cpu_vs_whole_cpu']}, memory "
        f"{r['max_shard_peak_vs_whole_peak']} |",
        f"| merge | {m['seconds']} | {m['cpu_seconds']} | {m['peak_mib']} | wall "
        f"{r['merge_vs_whole']}, CPU {r['merge_cpu_vs_whole_cpu']}, memory "
        f"{r['merge_peak_vs_whole_peak']} |",
        f"| shards + merge | {round(s['wall_seconds'] + m['seconds'], 1)} | | | wall "
        f"{r['shards_plus_merge_vs_whole']} |",
        f"| one article edited: whole rebuild | {i['whole_rebuild_seconds']} | "
        f"{i['whole_rebuild_cpu_seconds']} | | |",
        f"| one article edited: plan + 1 shard + merge | {i['shards_seconds']} | "
        f"{i['shards_cpu_seconds']} | | (merge {i['merge_seconds']} s) |",
    ]
    head = (
        f"{result['articles']} articles over {result['portals']} portals; shard build median "
        f"{s['median_shard_seconds']} s, slowest {s['max_shard_seconds']} s; plan "
        f"{result['plan_seconds']} s. Merged site byte-identical to the whole build: "
        f"{result['identical']} (after the edit: {result['identical_after_edit']}).\n\n"
    )
    return head + "\n".join(rows) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20000)
    parser.add_argument("--portals", type=int, default=20)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--work", type=Path, default=ROOT / "bench" / "work" / "shards")
    args = parser.parse_args(argv)
    result = measure(args.n, args.portals, args.jobs, args.work)
    result["date"] = dt.date.today().isoformat()
    result["machine"] = {"python": platform.python_version(), "platform": platform.platform()}
    RESULTS.mkdir(parents=True, exist_ok=True)
    stem = RESULTS / f"shards-{result['date']}"
    stem.with_suffix(".json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    text = table(result)
    stem.with_suffix(".md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
