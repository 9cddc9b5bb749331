"""Extraction throughput: ours (parse + normalise + sanitise + render Markdown) vs trafilatura.

Pages: the real article pages in tests/fixtures/real-pages/, repeated, no network.
- ours_profile: each page with its portal profile (baochinhphu, nhandan) — how the crawler runs;
- ours_generic: the same pages with no profile (generic.py, which runs trafilatura inside);
- trafilatura: trafilatura.extract(output_format="markdown", with_metadata=True).
Measured in the same process, interleaved, after a warm-up. Also: RSS over many pages.

    .venv/bin/python bench/extraction.py [--repeat 30] [--memory-pages 10000]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

REAL_PAGES = ROOT / "tests" / "fixtures" / "real-pages"
PAGES = [
    (
        "baochinhphu_article.html",
        "baochinhphu",
        "https://baochinhphu.vn/chinh-sach-moi-co-hieu-luc-tu-thang-3-2026-102260228093004191.htm",
    ),
    (
        "nhandan_article.html",
        "nhandan",
        "https://nhandan.vn/danh-bai-argentina-tay-ban-nha-vo-dich-world-cup-lan-thu-hai-post976641.html",
    ),
]


def _load() -> list[tuple[bytes, str, str]]:
    return [((REAL_PAGES / name).read_bytes(), profile, url) for name, profile, url in PAGES]


def _ours(pages, profiles):
    from scraper.extract import extract_article
    from scraper.markdown import render_markdown

    def run() -> int:
        total = 0
        for body, name, url in pages:
            total += len(render_markdown(extract_article(body, profiles[name], url=url)))
        return total

    return run


def _trafilatura(pages):
    import trafilatura

    def run() -> int:
        total = 0
        for body, _, url in pages:
            out = trafilatura.extract(body, url=url, output_format="markdown", with_metadata=True)
            total += len(out or "")
        return total

    return run


def _rate(fn, repeat: int, n_pages: int) -> float:
    start = time.perf_counter()
    for _ in range(repeat):
        fn()
    return repeat * n_pages / (time.perf_counter() - start)


def measure_extraction(repeat: int = 30) -> dict:
    """Pages per second for ours (profile and generic) and trafilatura, same run."""
    from scraper.profiles import load_profile

    pages = _load()
    profiles = {name: load_profile(name) for _, name, _ in pages}
    runners = {
        "ours_profile": _ours(pages, profiles),
        "ours_generic": _ours(pages, {name: None for name in profiles}),
        "trafilatura": _trafilatura(pages),
    }
    for fn in runners.values():  # warm-up (imports, caches)
        fn()
    rates: dict[str, list[float]] = {k: [] for k in runners}
    rounds = 3
    for _ in range(rounds):  # interleave so that machine noise hits everyone alike
        for key, fn in runners.items():
            rates[key].append(_rate(fn, max(1, repeat // rounds), len(pages)))
    result = {key: round(max(values), 1) for key, values in rates.items()}
    result["speedup_profile_vs_trafilatura"] = round(
        result["ours_profile"] / result["trafilatura"], 2
    )
    result["speedup_generic_vs_trafilatura"] = round(
        result["ours_generic"] / result["trafilatura"], 2
    )
    result["pages"] = [name for name, _, _ in PAGES]
    result["repeat"] = repeat
    return result


def measure_memory(pages: int = 10_000, generic_every: int = 10) -> dict:
    """RSS (MiB) sampled while extracting `pages` pages (every `generic_every`-th generic)."""
    from bench.memory import rss_over
    from scraper.extract import extract_article
    from scraper.markdown import render_markdown
    from scraper.profiles import load_profile

    loaded = _load()
    profiles = {name: load_profile(name) for _, name, _ in loaded}
    counter = iter(range(pages))

    def one(page) -> None:
        body, name, url = page
        i = next(counter)
        profile = None if generic_every and i % generic_every == 0 else profiles[name]
        render_markdown(extract_article(body, profile, url=url))

    return rss_over(one, loaded, pages)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument(
        "--memory-pages",
        type=int,
        default=0,
        help="also sample RSS over this many pages (e.g. 10000)",
    )
    args = parser.parse_args(argv)
    result = {"throughput_pages_per_s": measure_extraction(args.repeat)}
    if args.memory_pages:
        result["memory"] = measure_memory(args.memory_pages)
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
