"""Helpers for the crawl tests: run `python -m scraper` in a subprocess against the demo portal,
look at what it wrote."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

from scraper.store import comparable, unseal
from tests.support.paths import PROJECT_ROOT
from tools.make_demo_portal import DemoArticle, build_articles

# Small on purpose, and only ever used against the demo portal on 127.0.0.1.
TEST_DELAY = "0.02"
_SOURCE = re.compile(r"^Source:\s*(\S+)", re.MULTILINE)


def run_scraper(*args: object, timeout: float = 240) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "scraper", *map(str, args)],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def crawl_args(
    base_url: str, output: Path, captures: Path, *extra: object, progress: bool = False
) -> list[str]:
    return [
        "crawl", "demo", "--base-url", base_url, "--output", str(output),
        "--captures", str(captures), "--delay", TEST_DELAY,
        *([] if progress else ["--no-progress"]), *map(str, extra),
    ]  # fmt: skip


def crawl(base_url: str, output: Path, captures: Path, *extra: object, progress: bool = False):
    return run_scraper(*crawl_args(base_url, output, captures, *extra, progress=progress))


_PAGES_DONE = re.compile(r"^Pages done: (\d+) of (\d+) queued", re.M)


def final_progress(stdout: str) -> tuple[int, int]:
    """(pages done, pages queued) as the crawl's progress counted them (its closing line)."""
    found = _PAGES_DONE.findall(stdout)
    assert found, f"no 'Pages done' line in the output:\n{stdout[-2000:]}"
    done, total = found[-1]
    return int(done), int(total)


def demo_articles(category: str | None = None) -> list[DemoArticle]:
    articles = build_articles()
    if category:
        articles = [a for a in articles if a.category[0] == category]
    return sorted(articles, key=lambda a: a.date, reverse=True)


def listing_url(base_url: str, category: str) -> str:
    return f"{base_url}/chuyen-muc/{category}/"


def article_files(output: Path) -> list[Path]:
    return sorted(output.rglob("*.md"))


def by_source_path(output: Path) -> dict[str, Path]:
    """URL path of the Source header (port-independent) -> article file."""
    found = {}
    for path in article_files(output):
        match = _SOURCE.search(path.read_text(encoding="utf-8"))
        if match:
            found[urlsplit(match.group(1)).path] = path
    return found


def header(path: Path, key: str) -> str | None:
    match = re.search(rf"^{key}:\s*(.*)$", path.read_text(encoding="utf-8"), re.MULTILINE)
    return match.group(1) if match else None


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file: relative path -> (bytes, mtime in ns)."""
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def comparable_tree(folder: Path) -> dict[str, bytes | str]:
    """Every file, articles without the per-capture lines (Captured, Modified, hash)."""
    tree: dict[str, bytes | str] = {}
    for p in sorted(folder.rglob("*")):
        if not p.is_file():
            continue
        key = p.relative_to(folder).as_posix()
        if p.suffix == ".md":
            tree[key] = comparable(unseal(p.read_text(encoding="utf-8"))[0])
        else:
            tree[key] = p.read_bytes()
    return tree
