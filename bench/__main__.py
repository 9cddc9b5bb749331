"""`make bench [N=1000]`: the performance harness. See README, Benchmarks.

Writes bench/results/<date>.json and <date>.md and prints ratios to the plain-Pelican baseline.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import shutil
import sys
from pathlib import Path

from .harness import ROOT, build_scenarios, run_rounds, tree_digest
from .report import markdown_table, ratios

RESULTS = ROOT / "bench" / "results"


def _plugins() -> list[str]:
    import runpy

    return list(runpy.run_path(str(ROOT / "pelicanconf.py")).get("PLUGINS", []))


def _optional(name: str, func, *args) -> dict:
    try:
        return func(*args)
    except Exception as error:  # report, never hide: the table says why it is missing
        return {"error": f"{name} not measured: {type(error).__name__}: {error}"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, nargs="+", default=[1000, 10000], help="corpus sizes")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each scenario")
    parser.add_argument("--work", type=Path, default=ROOT / "bench" / "work")
    parser.add_argument("--skip-search", action="store_true")
    parser.add_argument("--skip-extraction", action="store_true")
    parser.add_argument("--skip-captures", action="store_true", help="no WACZ package figures")
    parser.add_argument("--skip-import", action="store_true", help="no import-warc measure")
    parser.add_argument("--import-pages", type=int, default=3000, help="pages in its WARC")
    parser.add_argument("--skip-shards", action="store_true", help="no shard-build measure")
    parser.add_argument("--shard-articles", type=int, default=10000, help="corpus for shards")
    parser.add_argument("--shard-portals", type=int, default=20, help="portals (= shards)")
    parser.add_argument("--skip-infer", action="store_true", help="no profile infer measure")
    parser.add_argument("--skip-cluster", action="store_true", help="no crawl cluster measure")
    args = parser.parse_args(argv)

    today = dt.date.today().isoformat()
    results: dict = {
        "date": today,
        "machine": {"python": platform.python_version(), "platform": platform.platform()},
        "sizes": {},
    }
    plugins = _plugins()
    for n in args.n:
        print(f"== corpus of {n} articles ==", flush=True)
        scenarios = build_scenarios(n, args.work, plugins)
        run_rounds(scenarios, args.repeat, args.work)
        summary = {s.name: s.summary() for s in scenarios}
        out = args.work / "out"
        # Reproducibility: two cold builds into fresh folders must give the same bytes.
        from .harness import pelican_command, run_measured

        corpus = args.work / f"corpus-{n}"
        digests = []
        for attempt in (1, 2):
            folder = out / f"repro-{attempt}"
            cache = args.work / "cache" / f"repro-{attempt}"
            for stale in (folder, cache):
                shutil.rmtree(stale, ignore_errors=True)
            settings = {"CACHE_PATH": str(cache)}
            run_measured(
                pelican_command(corpus, folder, ROOT / "pelicanconf.py", settings),
                ROOT,
                args.work / "logs" / f"repro-{attempt}.log",
            )
            digests.append(tree_digest(folder))
        from .output_size import output_size

        results["sizes"][str(n)] = {
            "scenarios": summary,
            "ratios": ratios(summary),
            "reproducible": digests[0] == digests[1],
            "output": output_size(out / "repro-1", n),
        }
        if not args.skip_search:
            from . import search_compare as search_bench

            results["sizes"][str(n)]["search"] = _optional(
                "search", search_bench.compare, out / "ours", out / "plain"
            )
    if not args.skip_extraction:
        from . import extraction

        results["extraction"] = _optional("extraction", extraction.measure_extraction, 20)
        from . import eval_extract

        results["extraction_eval"] = _optional("extraction eval", eval_extract.bench_summary, 3)
    from . import discovery

    results["discovery"] = _optional("discovery", discovery.measure, [10_000, 100_000])
    if not args.skip_captures:
        from . import captures

        results["captures"] = _optional("capture packages", captures.measure)
    if not args.skip_import:
        from . import import_warc

        results["import_warc"] = _optional(
            "import-warc", import_warc.measure, args.import_pages, args.work
        )
    if not args.skip_infer:
        from . import infer

        results["infer"] = _optional("profile infer", infer.measure, args.repeat)
    if not args.skip_cluster:
        from . import cluster

        results["cluster"] = _optional("crawl cluster", cluster.measure, None, args.repeat)
    shard_table = ""
    if not args.skip_shards:
        from . import shards as shard_bench

        results["shards"] = _optional(
            "shard builds",
            shard_bench.measure,
            args.shard_articles,
            args.shard_portals,
            2,
            args.work / "shards",
        )
        if "error" not in results["shards"]:
            shard_table = "\n## Shard builds against one whole build\n\n" + shard_bench.table(
                results["shards"]
            )
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{today}.json").write_text(
        json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    table = markdown_table(results) + shard_table
    (RESULTS / f"{today}.md").write_text(table, encoding="utf-8")
    (RESULTS / "latest.md").write_text(table, encoding="utf-8")
    print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
