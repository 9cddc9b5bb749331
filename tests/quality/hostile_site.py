"""Crawl the hostile corpus (tests/fixtures/hostile/) with the project's scraper and build it.

The corpus is served by a local server on 127.0.0.1; the crawl runs `python -m scraper crawl
demo --start-url ...` in a subprocess (Scrapy's reactor runs once per process), exactly as an
operator would; Pelican builds the result with the project's settings.
"""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from tests.support.paths import PROJECT_ROOT, TEST_FIXTURES
from tests.support.server import serve_directory
from tests.support.site import build_site

CORPUS = TEST_FIXTURES / "hostile"
CASE_MARK = re.compile(rb"<!-- case: ([a-z0-9-]+) -->")


@dataclass(frozen=True)
class HostileSite:
    kind: str  # "crawl" (demo profile, through the spider) or "generic" (generic extractor)
    content: Path
    output: Path
    crawl_log: str
    build_log: str
    refused: tuple[str, ...] = ()  # pages the extractor refused with a clear ExtractionError
    crashed: tuple[str, ...] = ()  # pages on which the extractor raised anything else (a bug)


def corpus_articles() -> list[Path]:
    return sorted((CORPUS / "tin-tuc").glob("*.html"))


def corpus_cases() -> list[tuple[str, str]]:
    """(page, case) for every marked payload in the corpus."""
    return [
        (page.name, mark.decode())
        for page in corpus_articles()
        for mark in CASE_MARK.findall(page.read_bytes())
    ]


def crawl_and_build(work: Path) -> HostileSite:
    content, output, captures = work / "content", work / "output", work / "captures"
    with serve_directory(CORPUS) as base:
        crawl = subprocess.run(
            [
                sys.executable,
                "-m",
                "scraper",
                "crawl",
                "demo",
                "--output",
                str(content),
                "--start-url",
                f"{base}/chuyen-muc/tin-hoat-dong/",
                "--captures",
                str(captures),
                "--delay",
                "0",
                "--retries",
                "0",
                "--no-progress",
            ],
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            timeout=300,
        )
    crawl_log = crawl.stdout + crawl.stderr
    if crawl.returncode not in (0, 1) or not any(content.rglob("*.md")):
        raise AssertionError(
            f"crawl of the hostile corpus failed ({crawl.returncode}):\n{crawl_log}"
        )
    build = build_site(content, output)
    return HostileSite("crawl", content, output, crawl_log, build.stdout)


def extract_and_build_generic(work: Path) -> HostileSite:
    """The same pages through the generic extractor (portals without a profile) and the store."""
    from scraper.extract import ExtractionError, extract_article
    from scraper.store import Store

    content, output = work / "content", work / "output"
    store = Store(content)
    refused, crashed = [], []
    for page in corpus_articles():
        url = f"http://127.0.0.1:8000/tin-tuc/{page.name}"
        try:
            article = extract_article(page.read_bytes(), None, url=url)
        except ExtractionError as error:
            refused.append(f"{page.name}: {error.reason}")
            continue
        except Exception as error:  # noqa: BLE001 - recorded; the test reports it as a bug
            crashed.append(f"{page.name}: {error!r}")
            continue
        store.write_article(article)
    build = build_site(content, output)
    return HostileSite("generic", content, output, "", build.stdout, tuple(refused), tuple(crashed))
