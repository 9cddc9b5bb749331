"""The crawl cluster against the offline portals on loopback: 1, 2 and 4 workers beside the
one-process crawl, pages per second and CPU per page.

Both offline portals are served here on loopback: the demo portal crawled with its profile
and the government portal by its address (generic extraction), on 127.0.0.1; and the demo
portal again by its address on 127.0.0.2, 127.0.0.3, ... (`--extra-hosts`, default 2: more
portals, more hosts, as a cluster crawls many portals at once). The one-process baseline is
`crawl` of each portal, one after the other (what one machine does without the cluster).
CPU is user + system time of the whole process tree (coordinator, workers, the private
redis-server); pages are the requests the portals answered. Every run starts from an
empty content folder and a fresh Redis; each figure is the median of `repeat` runs.

    .venv/bin/python -m bench.cluster [--workers 1 2 4] [--repeat 3] [--delay 0.02]
                                      [--extra-hosts 2]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from .harness import ENV, PY, ROOT

WORK = ROOT / "bench" / "work" / "cluster"


def _run(command: list[str], log: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the process and every descendant it waited for)."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w", encoding="utf-8") as out:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=ROOT, env=ENV, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
        raise RuntimeError(f"{' '.join(command)} failed ({code}):\n{tail}")
    return wall, usage.ru_utime + usage.ru_stime


def _articles(folder: Path) -> int:
    return sum(1 for _ in folder.rglob("*.md"))


def one_run(workers: int | None, delay: float, work: Path, label: str, extra_hosts: int) -> dict:
    """One crawl of every portal: `workers` None is the one-process baseline."""
    import contextlib

    from tools.demo_portal import GOV_ORIGIN, GOV_ROOT, serve

    out = work / label
    shutil.rmtree(out, ignore_errors=True)
    content, captures = out / "content", out / "captures"
    with contextlib.ExitStack() as stack:
        demo, demo_state = stack.enter_context(serve())
        gov, gov_state = stack.enter_context(serve(GOV_ROOT, origin=GOV_ORIGIN))
        states = [demo_state, gov_state]
        addresses = [f"{gov}/"]
        for n in range(extra_hosts):
            base, state = stack.enter_context(serve(host=f"127.0.0.{2 + n}"))
            states.append(state)
            addresses.append(f"{base}/")
        common = ["--captures", str(captures), "--delay", str(delay), "--no-progress"]
        if workers is None:
            wall = cpu = 0.0
            targets = [["demo", "--base-url", demo]] + [[address] for address in addresses]
            for n, target in enumerate(targets):
                command = [PY, "-m", "scraper", "crawl", *target, "--output", str(content),
                           *common]  # fmt: skip
                w, c = _run(command, out / f"crawl-{n}.log")
                wall, cpu = wall + w, cpu + c
        else:
            command = [
                PY, "-m", "scraper", "crawl-cluster", "demo", *addresses, "--base-url", demo,
                "--workers", str(workers), "--output", str(content),
                "--redis-dir", str(out / "redis"), *common,
            ]  # fmt: skip
            wall, cpu = _run(command, out / "cluster.log")
        pages = sum(sum(state.hits.values()) for state in states)
        times = [t for state in states for hits in state.times.values() for t in hits]
    span = max(times) - min(times)  # first to last request at the portals: no start-up
    return {
        "wall_s": wall,
        "cpu_s": cpu,
        "pages": pages,
        "span_s": span,
        "articles": _articles(content),
    }


def measure(
    workers: list[int] | None = None,
    repeat: int = 3,
    delay: float = 0.02,
    work: Path = WORK,
    extra_hosts: int = 2,
) -> dict:
    workers = workers or [1, 2, 4]
    runs: dict[str, list[dict]] = {}
    labels = [("one process", None)] + [(f"{n} worker{'s' if n > 1 else ''}", n) for n in workers]
    for attempt in range(repeat):
        for label, count in labels:  # side by side: each round runs every setting once
            run = one_run(count, delay, work, label.replace(" ", "-"), extra_hosts)
            runs.setdefault(label, []).append(run)
            print(f"cluster bench {attempt + 1}/{repeat} {label}: {run}", file=sys.stderr)
    rows = {}
    for label, results in runs.items():
        wall = statistics.median(r["wall_s"] for r in results)
        cpu = statistics.median(r["cpu_s"] for r in results)
        pages = statistics.median(r["pages"] for r in results)
        span = statistics.median(r["span_s"] for r in results)
        rows[label] = {
            "pages": pages,
            "articles": sorted({r["articles"] for r in results}),
            "wall_s": round(wall, 2),
            "pages_per_s": round(pages / wall, 1),
            "span_s": round(span, 2),
            "pages_per_s_crawling": round(pages / span, 1),
            "cpu_ms_per_page": round(1000 * cpu / pages, 1),
        }
    base = rows["one process"]["pages_per_s"]
    one = rows[labels[1][0]]["pages_per_s"]
    one_crawling = rows[labels[1][0]]["pages_per_s_crawling"]
    for row in rows.values():
        row["vs_one_process"] = round(row["pages_per_s"] / base, 2)
        row["vs_one_worker"] = round(row["pages_per_s"] / one, 2)
        row["crawling_vs_one_worker"] = round(row["pages_per_s_crawling"] / one_crawling, 2)
    return {
        "portals": 2 + extra_hosts,
        "delay_s": delay,
        "repeat": repeat,
        "cores": os.cpu_count(),
        "load_avg_at_end": [round(x, 1) for x in os.getloadavg()],
        "rows": rows,
    }


def lines(measure: dict | None) -> list[str]:
    """The bench table (bench/report.py puts it in results/<date>.md)."""
    if not measure:
        return []
    if "error" in measure:
        return ["## Crawl cluster", "", measure["error"], ""]
    out = [
        f"## Crawl cluster ({measure['portals']} portals on loopback: demo, gov and the demo"
        f" portal by address on more hosts; {measure['delay_s']} s per-host delay, median of"
        f" {measure['repeat']}, {measure['cores']} cores)",
        "",
        "| setting | pages | articles | wall | pages/s | × one process | × one worker |"
        " crawling: pages/s | × one worker | CPU per page |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for label, row in measure["rows"].items():
        articles = "/".join(str(a) for a in row["articles"])
        out.append(
            f"| {label} | {row['pages']:g} | {articles} | {row['wall_s']} s |"
            f" {row['pages_per_s']} | {row['vs_one_process']} | {row['vs_one_worker']} |"
            f" {row['pages_per_s_crawling']} | {row['crawling_vs_one_worker']} |"
            f" {row['cpu_ms_per_page']} ms |"
        )
    out += [
        "",
        "Wall: the whole command (start-up of every process, Redis, the summary); crawling:"
        " from the first to the last request the portals saw. CPU: the whole process tree"
        f" (workers' start-up included). Load average at the end: {measure['load_avg_at_end']}.",
        "",
    ]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--delay", type=float, default=0.02)
    parser.add_argument("--work", type=Path, default=WORK)
    parser.add_argument("--extra-hosts", type=int, default=2)
    args = parser.parse_args(argv)
    result = measure(args.workers, args.repeat, args.delay, args.work, args.extra_hosts)
    print(json.dumps(result, indent=2))
    print("\n".join(lines(result)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
