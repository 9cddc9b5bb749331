"""`make eval-extract`: the generic extractor and trafilatura scored on the development set.

Every page in tests/fixtures/real-pages/ that has a `<page>.gold.json` (GOLD.md) is extracted
twice, with no profile and no network:

- ours: `python -m scraper extract PAGE --format json` as a user runs it on a saved page (no
  `--url`, so the page is known only by its file); the JSON is what is scored;
- trafilatura: `trafilatura.extract(output_format="markdown", with_metadata=True)`, its front
  matter (title, author, date, description, categories) and its text.

Prints the score per field per site and in total, the leaks, related-news precision, and the
throughput of both in the same run (interleaved rounds, best of each).

    .venv/bin/python -m bench.eval_extract [--details] [--json FILE] [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from bench.gold import FIELDS, PageScore, Totals, View, norm, score_page, total_of

ROOT = Path(__file__).resolve().parents[1]
DEVSET = ROOT / "tests" / "fixtures" / "real-pages"


def load_devset(folder: Path = DEVSET) -> list[tuple[dict, Path]]:
    pages = []
    for gold_path in sorted(folder.glob("*.gold.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        page = folder / gold["file"]
        if not page.is_file():
            raise FileNotFoundError(f"{gold_path.name}: its page {gold['file']} is missing")
        pages.append((gold, page))
    return pages


# ---------------------------------------------------------------------------------------------
# Markdown -> the text a reader sees


def _markdown_parts(markdown_text: str) -> tuple[str, list[str], list[str]]:
    """(the body's text, its plain paragraphs, its figure captions) of a Markdown body. The
    text is what a reader reads, captions included (a photo story's text is its captions);
    the paragraphs are the ones outside figures (a caption must not be one of them)."""
    import lxml.html
    import markdown

    html = markdown.markdown(markdown_text, extensions=["extra", "sane_lists"])
    if not html.strip():
        return "", [], []
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    captions = [norm(c.text_content()) for c in root.iter("figcaption")]
    text = " ".join(b for b in (norm(el.text_content()) for el in root) if b)
    for figure in list(root.iter("figure")):
        figure.drop_tree()
    paragraphs = [norm(p.text_content()) for p in root.iter("p")]
    return text, [p for p in paragraphs if p], captions


def view_of_ours(data: dict) -> View:
    text, paragraphs, figure_captions = _markdown_parts(data.get("body_markdown") or "")
    captions = [img.get("caption") or "" for img in data.get("images", [])] or figure_captions
    return View(
        title=data.get("title") or "",
        date=data.get("date"),
        authors=tuple(data.get("authors") or ()),
        lead=data.get("summary") or "",
        category=data.get("category") or "",
        body_text=text,
        paragraphs=tuple(paragraphs),
        captions=tuple(c for c in captions if c),
        related=tuple(item.get("title") or "" for item in data.get("other_news", [])),
    )


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    if not text.startswith("---\n"):
        return {}, text
    end = text.find("\n---\n", 4)
    if end < 0:
        return {}, text
    meta = {}
    for line in text[4:end].splitlines():
        key, sep, value = line.partition(": ")
        if sep:
            meta[key.strip()] = value.strip().strip('"')
    return meta, text[end + 5 :]


def view_of_trafilatura(output: str | None) -> View:
    meta, body = _front_matter(output or "")
    text, paragraphs, _ = _markdown_parts(body)
    categories = meta.get("categories", "").strip("[]'\"")
    category = categories.split(",")[-1] if categories else ""
    authors = [a.strip() for a in meta.get("author", "").replace(",", ";").split(";")]
    return View(
        title=meta.get("title", ""),
        date=meta.get("date") or None,
        authors=tuple(a for a in authors if a),
        lead=meta.get("description", ""),
        category=category,
        body_text=text,
        paragraphs=tuple(paragraphs),
    )


# ---------------------------------------------------------------------------------------------
# Extractors


def ours(html: bytes, path: Path) -> dict:
    """What `python -m scraper extract PATH --format json` prints, as a dict."""
    from scraper.extract import ExtractionError, extract_article
    from scraper.markdown import article_to_json

    try:
        article = extract_article(html, None, url=path.resolve().as_uri())
    except ExtractionError as error:
        return {"error": error.reason}
    return article_to_json(article)


def trafilatura_markdown(html: bytes, path: Path) -> str | None:
    import trafilatura

    return trafilatura.extract(html, output_format="markdown", with_metadata=True)


EXTRACTORS: dict[str, tuple[Callable, Callable]] = {
    "ours (generic)": (ours, view_of_ours),
    "trafilatura": (trafilatura_markdown, view_of_trafilatura),
}


def score_all(pages: list[tuple[dict, Path]]) -> dict[str, list[PageScore]]:
    scores: dict[str, list[PageScore]] = {}
    for name, (extract, to_view) in EXTRACTORS.items():
        scores[name] = [score_page(gold, to_view(extract(p.read_bytes(), p))) for gold, p in pages]
    return scores


def throughput(pages: list[tuple[dict, Path]], rounds: int = 3) -> dict[str, float]:
    """Pages per second of each extractor (best of `rounds` interleaved rounds)."""
    loaded = [(p.read_bytes(), p) for _, p in pages]
    best: dict[str, float] = {}
    for extract, _ in EXTRACTORS.values():  # warm-up: imports, caches
        extract(*loaded[0])
    for _ in range(rounds):
        for name, (extract, _) in EXTRACTORS.items():
            started = time.perf_counter()
            for html, path in loaded:
                extract(html, path)
            rate = len(loaded) / (time.perf_counter() - started)
            best[name] = max(best.get(name, 0.0), rate)
    return best


def memory_over(pages: list[tuple[dict, Path]], count: int = 10_000) -> dict:
    """RSS while the generic path extracts `count` pages (the set, round and round): flat
    means nothing accumulates from page to page."""
    from bench.memory import rss_over

    loaded = [(p.read_bytes(), p) for _, p in pages]
    return rss_over(lambda page: ours(*page), loaded, count)


def bench_summary(rounds: int = 3, memory_pages: int = 0) -> dict:
    """What `make bench` records: the scores, the throughput ratio, optionally memory."""
    pages = load_devset()
    result: dict = {"pages": len(pages), "scores": summary(score_all(pages))}
    rates = throughput(pages, rounds)
    result["pages_per_second"] = {k: round(v, 1) for k, v in rates.items()}
    result["speed_ratio_vs_trafilatura"] = round(rates["ours (generic)"] / rates["trafilatura"], 2)
    if memory_pages:
        result["memory"] = memory_over(pages, memory_pages)
    return result


# ---------------------------------------------------------------------------------------------
# Report


def _cell(totals: Totals, name: str) -> str:
    total = totals.total.get(name, 0)
    return f"{totals.right.get(name, 0)}/{total}" if total else "–"


def table(scores: dict[str, list[PageScore]]) -> list[str]:
    header = ["extractor", "site", "pages", *FIELDS, "mean", "leaks", "related wrong"]
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    for name, pages in scores.items():
        by_site: dict[str, list[PageScore]] = defaultdict(list)
        for page in pages:
            by_site[page.site].append(page)
        rows = [(site, total_of(group)) for site, group in sorted(by_site.items())]
        rows.append(("**all**", total_of(pages)))
        for site, totals in rows:
            cells = [name, site, str(totals.pages), *(_cell(totals, f) for f in FIELDS)]
            cells += [
                f"{100 * totals.mean():.1f} %",
                str(totals.leaks),
                f"{totals.related_wrong}/{totals.related_extracted}",
            ]
            lines.append("| " + " | ".join(cells) + " |")
    return lines


def summary(scores: dict[str, list[PageScore]]) -> dict:
    out = {}
    for name, pages in scores.items():
        totals = total_of(pages)
        out[name] = {
            "pages": totals.pages,
            "fields": {f: [totals.right.get(f, 0), totals.total.get(f, 0)] for f in FIELDS},
            "mean": round(totals.mean(), 4),
            "leaks": totals.leaks,
            "related_extracted": totals.related_extracted,
            "related_wrong": totals.related_wrong,
        }
    return out


def details(scores: dict[str, list[PageScore]], name: str) -> list[str]:
    lines = []
    for page in scores[name]:
        for key, got in page.misses.items():
            lines.append(f"{page.file}: {key}: got {got!r}")
        for leak in page.leaks:
            lines.append(f"{page.file}: leak: {leak!r}")
        for title in page.wrong_related:
            lines.append(f"{page.file}: related, not in the gold: {title!r}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--details", action="store_true", help="list every miss of ours")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--rounds", type=int, default=3, help="throughput rounds (0: skip)")
    parser.add_argument(
        "--folder", type=Path, default=DEVSET, help="pages with *.gold.json (default: the set)"
    )
    parser.add_argument(
        "--memory-pages", type=int, default=0, help="also sample RSS over this many pages"
    )
    args = parser.parse_args(argv)
    pages = load_devset(args.folder)
    if not pages:
        print(f"no *.gold.json in {args.folder}", file=sys.stderr)
        return 2
    scores = score_all(pages)
    sites = len({gold["site"] for gold, _ in pages})
    shown = args.folder.relative_to(ROOT) if args.folder.is_relative_to(ROOT) else args.folder
    print(f"Development set: {len(pages)} pages from {sites} sites ({shown})")
    print()
    print("\n".join(table(scores)))
    result = {"pages": len(pages), "sites": sites, "scores": summary(scores)}
    if args.rounds:
        rates = throughput(pages, args.rounds)
        result["pages_per_second"] = {k: round(v, 1) for k, v in rates.items()}
        ratio = rates["ours (generic)"] / rates["trafilatura"]
        result["speed_ratio_vs_trafilatura"] = round(ratio, 2)
        print()
        print(
            "Throughput (same run, best of "
            f"{args.rounds}): ours {rates['ours (generic)']:.1f} pages/s, trafilatura"
            f" {rates['trafilatura']:.1f} pages/s: {ratio:.2f}× trafilatura"
        )
    if args.memory_pages:
        memory = memory_over(pages, args.memory_pages)
        result["memory"] = memory
        print(
            f"Memory over {memory['pages']} pages: RSS {memory['rss_mib_samples'][2][1]} MiB"
            f" after warm-up, {memory['rss_mib_samples'][-1][1]} MiB at the end"
            f" (growth {memory['rss_growth_after_warmup_mib']} MiB, {memory['seconds']} s)"
        )
    if args.details:
        print()
        print("\n".join(details(scores, "ours (generic)")))
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
