"""Measure the search_index build step alone at N articles of bench/corpus.py.

    python -m bench.search_index_build 10000            # all figures (JSON on stdout)

The corpus is read once with Pelican's own Markdown reader (pelicanconf settings) into
RawArticle records (cached in bench/work/search-raw-<N>.pickle); each scenario then runs
`build_index` in a fresh child process, which reports its wall time, its RSS before the step and
its peak RSS (VmHWM) after, and the peak RSS of its fork-pool workers.

Scenarios: cold (no cache, no output), warm (nothing changed), edit (one article's body edited),
insert (then one article added in the middle of the date order: a copy of a mid-corpus article
with a new title and slug, same date, as the full-site bench's "adding one article"), output
deleted but cache kept (as a publish build, DELETE_OUTPUT_DIRECTORY), fresh cold build of the
edited + inserted content (both must give the same bytes as the insert build).
Query bytes: manifest + the shards the query's primary tokens need (+ the fallback's when the
primary finds fewer than 5) + the 10 best documents, each gzip-compressed (level 6).
"""

from __future__ import annotations

import argparse
import gc
import gzip
import hashlib
import json
import os
import pickle
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "bench" / "work"
QUERIES = ("giải ngân", "đầu tư công", "dang bo")
CORPUS = 10000  # articles generated; a run may index the first n of them


def read_corpus(n: int) -> list:
    """RawArticle records of the bench corpus (generated into bench/work/corpus-N if missing)."""
    from pelican.readers import MarkdownReader
    from pelican.settings import read_settings

    from plugins.search_index.records import RawArticle

    from .corpus import generate_corpus

    cache = WORK / f"search-raw-{n}.pickle"
    if cache.exists():
        return pickle.loads(cache.read_bytes())
    corpus = WORK / f"corpus-{n}"
    if len(list(corpus.rglob("*.md"))) != n:
        generate_corpus(n, corpus)
    settings = read_settings(str(ROOT / "pelicanconf.py"))
    reader = MarkdownReader(settings)
    raws = []
    for path in sorted(corpus.rglob("*.md")):
        content, meta = reader.read(str(path))
        date = meta["date"]
        raws.append(
            RawArticle(
                url=f"{date:%Y/%m}/{meta['slug']}/",
                title=str(meta["title"]),
                date=date,
                category=str(getattr(meta.get("category"), "name", "")),
                topics=tuple(str(t) for t in meta.get("tags", [])),
                summary=str(meta.get("summary", "")),
                content=content,
            )
        )
    cache.write_bytes(pickle.dumps(raws, protocol=pickle.HIGHEST_PROTOCOL))
    return raws


def _status(key: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


CHANGES = ("none", "edit", "insert")  # insert = edit + one article added in the middle


def child(n: int, output: Path, cache: Path, change: str) -> dict:
    """One build in this process (run as a child); returns its figures."""
    from dataclasses import replace

    from plugins.search_index.builder import build_index
    from plugins.search_index.settings import merge_settings

    raws = read_corpus(CORPUS)[:n]
    if change in ("edit", "insert"):
        raws[n // 2] = replace(raws[n // 2], content=raws[n // 2].content + "<p>Sửa một câu.</p>")
    if change == "insert":
        source = raws[n // 3]
        head, slug = source.url.rstrip("/").rsplit("/", 1)
        raws.append(
            replace(source, title="Bài mới thêm — " + source.title, url=f"{head}/bai-moi-{slug}/")
        )
    gc.collect()
    Path("/proc/self/clear_refs").write_text("5")  # resets VmHWM to the current RSS
    rss_before = _status("VmRSS")
    cpu_before = os.times()
    start = time.perf_counter()
    report = build_index(raws, output, merge_settings({}), cache_dir=cache)
    seconds = time.perf_counter() - start
    cpu = os.times()
    return {
        "seconds": round(seconds, 3),
        "cpu_seconds": round(
            sum(cpu[:4]) - sum(cpu_before[:4]), 3
        ),  # user + system, this process and its workers
        "load_average": os.getloadavg()[0],
        "rss_before_mb": round(rss_before, 1),
        "peak_rss_mb": round(_status("VmHWM"), 1),
        "added_peak_mb": round(_status("VmHWM") - rss_before, 1),
        "workers_peak_rss_mb": round(
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1
        ),
        "patched": report.patched,
        "analysed": report.analysed,
        "written": report.written,
        "removed": report.removed,
        "shards": report.shards,
        "timings": {k: round(v, 3) for k, v in report.timings.items()},
    }


def run_child(n: int, output: Path, cache: Path, change: str = "none") -> dict:
    assert change in CHANGES
    code = (
        "import json, sys; from pathlib import Path; from bench.search_index_build import child;"
        "print(json.dumps(child(int(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]),"
        " sys.argv[4])))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(n), str(output), str(cache), change],
        cwd=ROOT,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONHASHSEED": "0"},
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def tree(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def query_bytes(index: Path, query: str) -> dict:
    """Bytes a reader downloads for `query` (index format 2, files stored gzip-compressed):
    manifest (gzip-compressed by the host), the whole archive's shard of each token, the chunks
    of the 10 best documents."""
    from plugins.search_index import ranking, reader
    from plugins.search_index.layout import chunk_of, chunk_path
    from plugins.search_index.tokens import query_plan

    docs = reader.manifest(index)["docs"]
    fetched: dict[str, int] = {
        "manifest.json": len(gzip.compress((index / "manifest.json").read_bytes(), 6, mtime=0))
    }

    def postings(token: str) -> dict[int, int]:
        name = reader.shard_file(index, token)
        fetched[name] = (index / name).stat().st_size
        return reader.postings(index, token)

    def run(tokens) -> dict[int, float]:
        return ranking.scores([postings(t) for t in tokens], docs)

    plan = query_plan(query)
    scores = run(plan.primary)
    matched = len(scores)
    if matched < 5 and not plan.phrases:
        for doc, score in run(plan.fallback).items():
            scores.setdefault(doc, score - 1e6)
    for doc in ranking.ranked(scores)[:10]:
        name = chunk_path(chunk_of(doc))
        fetched[name] = (index / name).stat().st_size
    shards = [k for k in fetched if k.startswith("shards/")]
    return {
        "query": query,
        "tokens": list(plan.primary),
        "matches": matched,
        "gzip_total": sum(fetched.values()),
        "gzip_shards": sum(fetched[k] for k in shards),
        "gzip_docs": sum(v for k, v in fetched.items() if k.startswith("docs/")),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, nargs="?", default=10000)
    args = parser.parse_args(argv)
    n = args.n
    read_corpus(CORPUS)
    work = WORK / f"search-index-{n}"
    shutil.rmtree(work, ignore_errors=True)
    out, cache = work / "out", work / "cache"
    figures: dict = {"n": n}
    figures["cold"] = run_child(n, out, cache)
    figures["warm_unchanged"] = run_child(n, out, cache)
    before = tree(out / "search")
    figures["warm_edit"] = run_child(n, out, cache, "edit")
    edited = tree(out / "search")
    figures["files_changed_by_edit"] = sum(1 for k in edited if before.get(k) != edited[k])
    figures["warm_insert"] = run_child(n, out, cache, "insert")
    inserted = tree(out / "search")
    figures["files_changed_by_insert"] = sum(
        1 for k in inserted.keys() | edited.keys() if edited.get(k) != inserted.get(k)
    )
    edited = inserted
    shutil.rmtree(out / "search")  # as publishconf's DELETE_OUTPUT_DIRECTORY does
    figures["output_deleted_cache_kept"] = run_child(n, out, cache, "insert")
    figures["output_deleted_equal"] = tree(out / "search") == edited
    fresh_out, fresh_cache = work / "fresh-out", work / "fresh-cache"
    figures["cold_edited"] = run_child(n, fresh_out, fresh_cache, "insert")
    figures["warm_equals_cold"] = tree(fresh_out / "search") == edited
    index = out / "search"
    from .search_index_size import breakdown

    figures["index"] = breakdown(index)
    figures["queries"] = [query_bytes(index, q) for q in QUERIES]
    print(json.dumps(figures, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
