"""WACZ packages: their size against the WARC files and the built site, and the time to make and
verify them, per 1,000 articles of the demo portal.

The demo portal has 72 articles; it is crawled `runs` times (14: 1,008 articles), each time on
a new port, into one content folder and one captures folder: the port is part of every URL, so
each run's articles are new articles (as `make demo` notes) and each run adds a WARC file, as
re-crawls of a portal do. Then, timed: the package made from nothing, verification (and the
wacz validator's share of it), and the package made again after one more crawl run (a
per-portal package is rebuilt whole: this is what a new run costs). The site is built from the
same content with pelicanconf.py.

    .venv/bin/python -m bench.captures [--runs 14]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

from bench.harness import pelican_command, run_measured
from scraper.crawl import crawl_command
from scraper.packages.create import package_portal
from scraper.packages.layout import portal_warcs
from scraper.packages.signing import SigningConfig
from scraper.packages.verify import library_validation, verify_package
from tools.demo_portal import serve

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "bench" / "work" / "captures"
PORTAL = "demo"


def _bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def crawl_once(content: Path, captures: Path, log: Path) -> None:
    with serve() as (base, _), log.open("a", encoding="utf-8") as out:
        command = crawl_command(
            PORTAL, content, base_url=base, captures=captures, delay=0.02, progress=False
        )
        result = subprocess.run(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    if result.returncode != 0:
        raise RuntimeError(f"the demo crawl failed ({result.returncode}); see {log}")


def _timed(func, *args, **kwargs):
    start = time.perf_counter()
    value = func(*args, **kwargs)
    return value, round(time.perf_counter() - start, 2)


def measure(runs: int = 14, work: Path = WORK) -> dict:
    shutil.rmtree(work, ignore_errors=True)
    content, captures, site = work / "content", work / "captures", work / "site"
    work.mkdir(parents=True)
    log = work / "crawl.log"
    for _ in range(runs):
        crawl_once(content, captures, log)
    unsigned = SigningConfig()
    made, package_s = _timed(package_portal, captures, PORTAL, content, signing=unsigned)
    report, verify_s = _timed(verify_package, captures, PORTAL, content, unsigned)
    if report.problems:
        raise RuntimeError(f"verification failed: {report.problems[:3]}")
    _, validator_s = _timed(library_validation, made.path)
    build = run_measured(
        pelican_command(content, site, ROOT / "pelicanconf.py"), ROOT, work / "build.log"
    )
    articles = made.articles
    warc_bytes = sum(p.stat().st_size for p in portal_warcs(captures, PORTAL))
    site_bytes = _bytes(site)
    crawl_once(content, captures, log)  # one more run: what re-packaging the portal costs
    again, repackage_s = _timed(package_portal, captures, PORTAL, content, signing=unsigned)
    per = 1000 / articles
    mib = 1 / 1_048_576
    return {
        "runs": runs,
        "articles": articles,
        "records": made.records,
        "warc_files": made.warcs,
        "per_1000_articles": {
            "warc_mib": round(warc_bytes * per * mib, 2),
            "package_mib": round(made.size * per * mib, 2),
            "site_mib": round(site_bytes * per * mib, 2),
            "package_s": round(package_s * per, 2),
            "verify_s": round(verify_s * per, 2),
            "validator_s": round(validator_s * per, 2),
        },
        "package_vs_warc": round(made.size / warc_bytes, 3),
        "package_vs_site": round(made.size / site_bytes, 2),
        "measured": {
            "package_s": package_s,
            "verify_s": verify_s,
            "validator_s": validator_s,
            "site_build_s": round(build.seconds, 1),
            "package_bytes": made.size,
            "warc_bytes": warc_bytes,
            "site_bytes": site_bytes,
        },
        "repackage_after_one_more_run": {
            "warc_files": again.warcs,
            "articles": again.articles,
            "seconds": repackage_s,
        },
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=14, help="crawls of the demo portal")
    args = parser.parse_args(argv)
    print(json.dumps(measure(args.runs), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
