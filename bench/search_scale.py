"""The search index at scale, side by side: a baseline commit's format against this tree's.

    python -m bench.search_scale 30000 [--base main] [--portals 20] [--skip-browser]

For each variant (the baseline: `git archive <base>` extracted under bench/work/, and this
tree), in a child process running that variant's code: `build_index` over the first N articles
of bench/corpus.py (read once with Pelican's Markdown reader), then where the bytes go
(bench/search_index_size.py), then one query at a time in headless Chromium with a cold cache
(bench/search.py): the variant's own search page (a one-article Pelican build of that variant)
over the big index. Articles get a `Portal` round-robin over `--portals` portals (a variant that
does not know portals ignores it). JSON on stdout; `--out` writes it to a file too.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "bench" / "work"
QUERIES = ["giải ngân", "đầu tư công", "dau tu cong", "Phước Sơn", "sâm Ngọc Linh", "dang bo"]

_SHELL_ARTICLE = """Title: Trang tìm kiếm
Date: 2025-01-01T08:00:00+07:00
Category: Tin hoạt động
Slug: trang-tim-kiem
Summary: Một bài để dựng trang tìm kiếm.

Một bài để dựng trang tìm kiếm.
"""

_CHILD = """
import json, pickle, sys, time, os
from dataclasses import replace
sys.path.insert(0, os.getcwd())
from plugins.search_index.builder import build_index
from plugins.search_index.settings import merge_settings
raws = pickle.loads(open(sys.argv[1], "rb").read())[: int(sys.argv[2])]
portals = int(sys.argv[4])
from plugins.search_index.records import RawArticle
if portals and "portal" in RawArticle.__dataclass_fields__:
    raws = [replace(r, portal=f"cong-{i % portals:02d}") for i, r in enumerate(raws)]
start = time.perf_counter()
cpu = os.times()
report = build_index(raws, sys.argv[3], merge_settings({}), cache_dir=None)
after = os.times()
print(json.dumps({"seconds": round(time.perf_counter() - start, 2),
    "cpu_seconds": round(sum(after[:4]) - sum(cpu[:4]), 2), "shards": report.shards}))
"""


def baseline_tree(base: str) -> Path:
    """`git archive <base>` extracted under bench/work/base-<commit>/ (once)."""
    commit = subprocess.run(
        ["git", "rev-parse", "--short=12", base],
        cwd=ROOT,
        check=True,
        text=True,
        stdout=subprocess.PIPE,
    ).stdout.strip()
    tree = WORK / f"base-{commit}"
    if not (tree / "plugins" / "search_index").is_dir():
        tree.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(
            ["git", "archive", commit], cwd=ROOT, check=True, stdout=subprocess.PIPE
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
    return tree


def shell_site(tree: Path, out: Path) -> Path:
    """A one-article build of the variant in `tree` (its theme, its search page)."""
    content = out.parent / "shell-content"
    shutil.rmtree(content, ignore_errors=True)
    content.mkdir(parents=True)
    (content / "trang.md").write_text(_SHELL_ARTICLE, encoding="utf-8")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pelican",
            str(content),
            "-o",
            str(out),
            "-s",
            "pelicanconf.py",
            "-e",
            f'CACHE_PATH="{out.parent / "shell-cache"}"',
            'SEARCH_INDEX={"background": false}',
        ],
        cwd=tree,
        check=True,
        stdout=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": str(tree)},
    )
    return out


def run_variant(
    name: str, tree: Path, raws: Path, n: int, portals: int, browser: bool, reuse: bool = False
) -> dict:
    work = WORK / f"search-scale-{n}" / name
    site = work / "site"
    if reuse and (site / "search" / "manifest.json").is_file():
        figures: dict = {"build": {"seconds": None, "cpu_seconds": None, "reused": True}}
    else:
        shutil.rmtree(work, ignore_errors=True)
        site = shell_site(tree, work / "site")
        shutil.rmtree(site / "search")
        result = subprocess.run(
            [sys.executable, "-c", _CHILD, str(raws), str(n), str(site), str(portals)],
            cwd=tree,
            check=True,
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": str(tree), "PYTHONHASHSEED": "0"},
        )
        figures = {"build": json.loads(result.stdout.strip().splitlines()[-1])}
    from .search_index_size import breakdown

    figures["index"] = breakdown(site / "search")
    if browser:
        from .search import measure_search

        measured = measure_search(site, QUERIES)
        figures["queries"] = [
            {k: row[k] for k in ("query", "bytes", "ms", "matches", "requests")}
            for row in measured["queries"]
        ]
        figures["median_bytes"] = measured["median_bytes"]
        figures["max_bytes"] = measured["max_bytes"]
        figures["median_ms"] = round(measured["median_ms"])
        figures["max_ms"] = round(max(r["ms"] for r in measured["queries"]))
    return figures


def _kb(n: float) -> str:
    return f"{n / 1000:,.1f}"


def report_md(figures: dict) -> str:
    """The figures as a Markdown note: sizes and their breakdown, queries, side by side."""
    n = figures["n"]
    variants = [v for v in ("base", "ours") if v in figures]
    lines = [
        f"# Search index at {n:,} articles ({figures['portals']} portals), {figures['date']}",
        "",
        "`python -m bench.search_scale "
        f"{n} --portals {figures['portals']}`: the baseline commit's index (format 1) and this "
        "tree's (format 2) over the same articles of `bench/corpus.py`, each built by its own "
        "code in a child process; sizes from `bench/search_index_size.py` (bytes = apparent "
        "size, disk = allocated 4 kB blocks as `du` counts them, gzip = what a host sends); "
        "queries in headless Chromium with a cold cache, each variant's own search page over "
        "its index (bytes as sent: page, CSS, JS and index files, text gzip-compressed by the "
        "host; format 2's files are already compressed and counted as they are).",
        "",
        "## Size",
        "",
        "| | " + " | ".join(variants) + " |",
        "| --- | " + " | ".join("---:" for _ in variants) + " |",
    ]

    def row(label: str, get) -> None:
        lines.append(f"| {label} | " + " | ".join(get(figures[v]) for v in variants) + " |")

    row("files", lambda f: f"{f['index']['total']['files']:,}")
    row("bytes per article", lambda f: f"{f['index']['per_article']['bytes']:,.0f}")
    row("on disk per article", lambda f: f"{f['index']['per_article']['disk_bytes']:,.0f}")
    row("total MB", lambda f: f"{f['index']['total']['bytes'] / 1e6:,.1f}")
    row("total MB on disk", lambda f: f"{f['index']['total']['disk_bytes'] / 1e6:,.1f}")
    kinds = sorted({k for v in variants for k in figures[v]["index"]["by_kind"]})
    for kind in kinds:
        row(
            f"{kind}: files / MB / MB on disk",
            lambda f, k=kind: (
                "{:,} / {:,.1f} / {:,.1f}".format(
                    f["index"]["by_kind"][k]["files"],
                    f["index"]["by_kind"][k]["bytes"] / 1e6,
                    f["index"]["by_kind"][k]["disk_bytes"] / 1e6,
                )
                if k in f["index"]["by_kind"]
                else "—"
            ),
        )
    lines += ["", "## Where the postings' and fragments' bytes go (uncompressed JSON)", ""]
    lines += [
        "| | " + " | ".join(variants) + " |",
        "| --- | " + " | ".join("---:" for _ in variants) + " |",
    ]
    for key in (
        "syllable_postings",
        "pair_postings",
        "syllable_entry_bytes",
        "pair_entry_bytes",
        "token_name_bytes",
        "syllable_delta_digit_bytes",
        "syllable_weight_digit_bytes",
        "pair_delta_digit_bytes",
        "pair_weight_digit_bytes",
        "punctuation_bytes",
        "syllable_gzip_bytes_apart",
        "pair_gzip_bytes_apart",
    ):
        row(key, lambda f, k=key: f"{f['index']['postings'].get(k, 0):,}")
    for key in ("text_bytes", "title_url_meta_bytes", "json_bytes"):
        row(f"fragments {key}", lambda f, k=key: f"{f['index']['fragments'].get(k, 0):,}")
    lines += ["", "## Build (search step alone, one run each)", ""]
    lines += [
        "| | " + " | ".join(variants) + " |",
        "| --- | " + " | ".join("---:" for _ in variants) + " |",
    ]
    row("wall s", lambda f: f"{f['build']['seconds']}")
    row("CPU s", lambda f: f"{f['build']['cpu_seconds']}")
    if all("queries" in figures[v] for v in variants):
        lines += ["", "## One query, cold cache (kB as sent; ms to rendered results)", ""]
        head = "| query | " + " | ".join(f"{v} kB | {v} ms" for v in variants) + " | matches |"
        lines += [head, "| --- |" + " ---: | ---: |" * len(variants) + " ---: |"]
        for i, q in enumerate(figures[variants[0]]["queries"]):
            cells = []
            for v in variants:
                mine = figures[v]["queries"][i]
                cells.append(f"{_kb(mine['bytes'])} | {mine['ms']:.0f}")
            lines.append(f"| {q['query']} | " + " | ".join(cells) + f" | {q['matches']:,} |")
        row_q = (
            "| median | "
            + " | ".join(
                f"{_kb(figures[v]['median_bytes'])} | {figures[v]['median_ms']}" for v in variants
            )
            + " | |"
        )
        row_m = (
            "| max | "
            + " | ".join(
                f"{_kb(figures[v]['max_bytes'])} | {figures[v]['max_ms']}" for v in variants
            )
            + " | |"
        )
        lines += [row_q, row_m]
    lines += [
        "",
        f"Load average during the run: {figures.get('load', '?')} (shared 2-core machine).",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("--base", default="main", help="baseline commit (default: main)")
    parser.add_argument("--portals", type=int, default=20)
    parser.add_argument("--only", choices=("base", "ours"), help="one variant only")
    parser.add_argument("--skip-browser", action="store_true")
    parser.add_argument(
        "--reuse", choices=("base", "ours"), help="measure that variant's index already built"
    )
    parser.add_argument("--out", type=Path, help="write the JSON here, and a Markdown note beside")
    args = parser.parse_args(argv)
    from .search_index_build import read_corpus

    read_corpus(args.n)
    raws = WORK / f"search-raw-{args.n}.pickle"
    figures: dict = {"n": args.n, "portals": args.portals, "date": time.strftime("%Y-%m-%d")}
    variants = [("base", baseline_tree(args.base)), ("ours", ROOT)]
    for name, tree in variants:
        if args.only and name != args.only:
            continue
        figures[name] = run_variant(
            name, tree, raws, args.n, args.portals, not args.skip_browser, args.reuse == name
        )
        print(f"{name}: {json.dumps(figures[name]['index']['per_article'])}", file=sys.stderr)
    figures["load"] = round(os.getloadavg()[0], 1)
    text = json.dumps(figures, indent=1, ensure_ascii=False)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
        args.out.with_suffix(".md").write_text(report_md(figures), encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
