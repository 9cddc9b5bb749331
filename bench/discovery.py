"""Discovery of a portal's URLs from a big sitemap index: peak memory and time, by size.

A generated index (child sitemaps of 10,000 URLs each, every other one gzipped, news entries
in some) is read the way a crawl reads it: each child parsed as a stream (`parse_sitemap`), each
URL classified (`looks_like_article`) and put in the crawl's frontier (`Frontier`: on disk, a
hash of each URL in memory). Each size runs in a fresh process, so the
peak RSS is that size's alone.

    .venv/bin/python -m bench.discovery [--n 10000 100000]
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "bench" / "work" / "sitemaps"
PER_CHILD = 10_000
ORIGIN = "https://portal.example.vn"


def generate(n: int, folder: Path) -> Path:
    """An index of ceil(n / 10,000) children; returns the index's path."""
    folder.mkdir(parents=True, exist_ok=True)
    children = []
    for c, start in enumerate(range(0, n, PER_CHILD)):
        rows = []
        for i in range(start, min(n, start + PER_CHILD)):
            news = (
                "<news:news><news:publication_date>2025-05-28T08:00:00+07:00"
                "</news:publication_date></news:news>"
                if i % 7 == 0
                else ""
            )
            rows.append(
                f"<url><loc>{ORIGIN}/tin-tuc/hoi-nghi-tinh-uy-so-{i}-{100000 + i}.html</loc>"
                f"<lastmod>2025-05-28</lastmod>{news}</url>"
            )
        xml = (
            '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/'
            'schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
            + "".join(rows)
            + "</urlset>"
        ).encode()
        name = f"sitemap-{c}.xml" + (".gz" if c % 2 else "")
        (folder / name).write_bytes(gzip.compress(xml, mtime=0) if c % 2 else xml)
        children.append(name)
    index = "".join(f"<sitemap><loc>{ORIGIN}/{name}</loc></sitemap>" for name in children)
    (folder / "sitemap.xml").write_text(
        '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        + index
        + "</sitemapindex>"
    )
    return folder / "sitemap.xml"


def discover(index: Path) -> dict:
    """Read the index and its children as a crawl does; the frontier is what stays."""
    from scraper.discovery.frontier import Frontier
    from scraper.discovery.sitemaps import parse_sitemap
    from scraper.discovery.urls import looks_like_article

    started = time.perf_counter()
    frontier = Frontier()
    pending = [index]
    sitemaps = 0
    while pending:
        path = pending.pop()
        sitemaps += 1
        for entry in parse_sitemap(path.read_bytes(), f"{ORIGIN}/{path.name}"):
            if entry.is_sitemap:
                pending.append(path.parent / entry.url.rsplit("/", 1)[-1])
            elif looks_like_article(entry.url):
                frontier.add(entry.url)
    return {
        "urls": len(frontier),
        "sitemaps": sitemaps,
        "seconds": round(time.perf_counter() - started, 2),
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def measure(sizes: list[int]) -> dict:
    """Each size in a fresh interpreter (peak RSS is per process)."""
    out = {}
    for n in sizes:
        index = generate(n, WORK / str(n))
        done = subprocess.run(
            [sys.executable, "-m", "bench.discovery", "--read", str(index)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        out[str(n)] = json.loads(done.stdout)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--read", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.read:
        print(json.dumps(discover(args.read)))
        return 0
    print(json.dumps(measure(args.n), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
