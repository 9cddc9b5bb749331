"""`profile infer`: its time on 10 pages, and extraction speed with the profile it infers.

Both offline test portals (the government CMS and the demo portal), 10 article pages each:

- the command's wall time (`python -m scraper profile infer NAME URL*10 --listing URL`, a child
  process, pages fetched from the portal served on 127.0.0.1 with `--delay 0.01`: on a real
  portal the polite 1 s between requests adds about 11 s), and the inference alone
  (in-process, the pages already read), median of `repeat` runs;
- pages per second on the same 10 pages, same process, interleaved rounds, best of each: the
  inferred profile (the crawl's fast path), the generic extractor (a crawl by address), and
  trafilatura (`extract(output_format="markdown", with_metadata=True)`). Ours includes
  sanitising and rendering the Markdown file.

    .venv/bin/python -m bench.infer [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

FIXTURES = ROOT / "tests" / "fixtures"
PAGES = 10
ROUNDS = 5


def _portals() -> dict[str, dict]:
    gov = sorted((FIXTURES / "gov_portal" / "Pages" / "tin-tuc").glob("chi-tiet.aspx@*"))
    demo = sorted((FIXTURES / "demo_portal" / "tin-tuc").glob("*.html"))
    step_gov, step_demo = max(1, len(gov) // PAGES), max(1, len(demo) // PAGES)
    return {
        "gov": {
            "files": gov[::step_gov][:PAGES],
            "path": lambda f: "/Pages/tin-tuc/" + f.name.replace("@", "?"),
            "listing": "/Pages/tin-tuc/tin-hoat-dong.aspx",
        },
        "demo": {
            "files": demo[::step_demo][:PAGES],
            "path": lambda f: "/tin-tuc/" + f.name,
            "listing": "/chuyen-muc/kinh-te/",
        },
    }


def _command_seconds(name: str, portal: dict, repeat: int) -> tuple[float, dict]:
    import subprocess

    from tools.demo_portal import GOV_ORIGIN, GOV_ROOT, serve

    root, origin = (GOV_ROOT, GOV_ORIGIN) if name == "gov" else (None, None)
    times = []
    agreement: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        with serve(root, origin=origin) if root else serve() as (base, _):
            urls = [base + portal["path"](f) for f in portal["files"]]
            for _ in range(repeat):
                start = time.perf_counter()
                done = subprocess.run(
                    [sys.executable, "-m", "scraper", "profile", "infer", f"b{name}", *urls,
                     "--listing", base + portal["listing"], "--out", f"{tmp}/p.toml",
                     "--force", "--delay", "0.01"],
                    cwd=ROOT, capture_output=True, text=True, check=False,
                )  # fmt: skip
                times.append(time.perf_counter() - start)
                if done.returncode != 0:
                    raise RuntimeError(done.stderr[-2000:])
            for line in done.stdout.splitlines():
                parts = line.split()
                if len(parts) >= 2 and "/" in parts[1] and parts[1].split("/")[0].isdigit():
                    agree, total = parts[1].split("/")
                    agreement[parts[0]] = f"{agree}/{total}"
    return statistics.median(times), agreement


def _samples(portal: dict):
    from scraper.infer import Sample

    origin = "http://127.0.0.1:8000"
    return [Sample(str(f), origin + portal["path"](f), f.read_bytes()) for f in portal["files"]]


def _rate(fn, rounds: int, n: int) -> float:
    start = time.perf_counter()
    for _ in range(rounds):
        fn()
    return rounds * n / (time.perf_counter() - start)


def measure_portal(name: str, repeat: int = 5) -> dict:
    import trafilatura

    from scraper.extract import extract_article
    from scraper.infer import infer_profile
    from scraper.markdown import render_markdown

    portal = _portals()[name]
    samples = _samples(portal)
    command_s, agreement = _command_seconds(name, portal, repeat)
    inference = []
    for _ in range(repeat):
        start = time.perf_counter()
        draft = infer_profile(f"b{name}", samples)
        inference.append(time.perf_counter() - start)
    profile = draft.profile
    pages = [(s.html, s.url) for s in samples]

    def ours(prof):
        return lambda: [render_markdown(extract_article(h, prof, url=u)) for h, u in pages]

    def theirs():
        return [
            trafilatura.extract(h, url=u, output_format="markdown", with_metadata=True)
            for h, u in pages
        ]

    runners = {"inferred_profile": ours(profile), "generic": ours(None), "trafilatura": theirs}
    if name == "demo":  # the hand-written profile of the same pages, for comparison
        from scraper.profiles import load_profile

        runners["bundled_profile"] = ours(load_profile("demo"))
    for fn in runners.values():
        fn()  # warm-up
    rates: dict[str, list[float]] = {k: [] for k in runners}
    for _ in range(ROUNDS):  # interleaved, so that machine noise hits everyone alike
        for key, fn in runners.items():
            rates[key].append(_rate(fn, max(1, repeat), len(pages)))
    best = {k: round(max(v), 1) for k, v in rates.items()}
    extra = (
        {"bundled_vs_trafilatura": round(best["bundled_profile"] / best["trafilatura"], 2)}
        if "bundled_profile" in best
        else {}
    )
    return {
        "pages": len(pages),
        "infer_command_s": round(command_s, 2),
        "infer_only_s": round(statistics.median(inference), 3),
        "agreement": agreement,
        "pages_per_s": best,
        "profile_vs_trafilatura": round(best["inferred_profile"] / best["trafilatura"], 2),
        "profile_vs_generic": round(best["inferred_profile"] / best["generic"], 2),
        "generic_vs_trafilatura": round(best["generic"] / best["trafilatura"], 2),
        **extra,
    }


def measure(repeat: int = 5) -> dict:
    return {name: measure_portal(name, repeat) for name in ("gov", "demo")}


def markdown(result: dict) -> list[str]:
    lines = [
        "## profile infer (10 article pages + 1 listing page, offline portals on loopback)",
        "",
        "| portal | command | inference alone | inferred profile | generic | trafilatura |"
        " profile / trafilatura | profile / generic |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, row in result.items():
        rate = row["pages_per_s"]
        lines.append(
            f"| {name} | {row['infer_command_s']} s | {row['infer_only_s']} s |"
            f" {rate['inferred_profile']} p/s | {rate['generic']} p/s |"
            f" {rate['trafilatura']} p/s | {row['profile_vs_trafilatura']}× |"
            f" {row['profile_vs_generic']}× |"
        )
    for name, row in result.items():
        if "bundled_vs_trafilatura" in row:
            lines.append(
                f"\n{name}: the hand-written profile, same pages and run:"
                f" {row['pages_per_s']['bundled_profile']} p/s"
                f" ({row['bundled_vs_trafilatura']}× trafilatura)."
            )
    lines += ["", "Per-field agreement of the draft with the generic extractor on its samples:", ""]
    for name, row in result.items():
        fields = ", ".join(f"{k} {v}" for k, v in row["agreement"].items())
        lines.append(f"- {name}: {fields}")
    return [*lines, ""]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--write", type=Path, help="also write the JSON and Markdown here")
    args = parser.parse_args(argv)
    result = measure(args.repeat)
    text = json.dumps(result, indent=2, ensure_ascii=False)
    print(text)
    print("\n".join(markdown(result)))
    if args.write:
        args.write.with_suffix(".json").write_text(text + "\n", encoding="utf-8")
        args.write.with_suffix(".md").write_text("\n".join(markdown(result)), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
