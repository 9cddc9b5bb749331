"""Helpers for the cluster crawl tests: the command lines, the workers' pids, the articles'
captures."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from tests.scraper.crawl_support import TEST_DELAY, header
from tests.support.paths import PROJECT_ROOT

PREFIX = "test-cluster"
_SUMMARY = re.compile(r"^Summary: new (\d+), updated (\d+), unchanged (\d+),", re.M)


def cluster_args(
    base: str, output: Path, captures: Path, *extra: object, redis: str | None, workers: int = 2
) -> list[str]:
    return [
        sys.executable, "-m", "scraper", "crawl-cluster", "demo", "--base-url", base,
        "--output", str(output), "--captures", str(captures), "--delay", TEST_DELAY,
        "--workers", str(workers), "--prefix", PREFIX, "--lease", "2", "--no-progress",
        *(["--redis", redis] if redis else []), *map(str, extra),
    ]  # fmt: skip


def run_cluster(*args, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        cluster_args(*args, **kwargs), cwd=PROJECT_ROOT, capture_output=True, text=True,
        timeout=240,
    )  # fmt: skip


def summary(stdout: str) -> tuple[int, int, int]:
    """(new, updated, unchanged) of the crawl's summary."""
    found = _SUMMARY.findall(stdout)
    assert found, f"no summary in the output:\n{stdout[-2000:]}"
    return tuple(int(n) for n in found[-1])


def worker_pids(server) -> list[int]:
    """The pids of the workers registered in Redis (ids are <host>-<pid>)."""
    return sorted(int(w.decode().rsplit("-", 1)[1]) for w in server.smembers(f"{PREFIX}:workers"))


def responses(warc: Path) -> dict[str, tuple[str, str]]:
    """WARC-Record-ID (without <>) -> (target URI, payload digest) of every response record."""
    found = {}
    with warc.open("rb") as handle:
        for record in ArchiveIterator(handle):
            if record.rec_type == "response":
                headers = record.rec_headers
                found[headers.get_header("WARC-Record-ID").strip("<>")] = (
                    headers.get_header("WARC-Target-URI"),
                    headers.get_header("WARC-Payload-Digest"),
                )
    return found


def provenance_problems(content: Path, captures: Path) -> list[str]:
    """Articles whose Capture_file / Capture_record / Capture_digest do not name the response
    record of their Source in that WARC file."""
    problems = []
    cache: dict[str, dict[str, tuple[str, str]]] = {}
    for article in sorted(content.rglob("*.md")):
        name = header(article, "Capture_file")
        path = captures / name if name else None
        if path is None or not path.is_file():
            problems.append(f"{article.name}: Capture_file {name!r} is not in {captures}")
            continue
        records = cache.setdefault(name, responses(path))
        record = records.get(header(article, "Capture_record") or "")
        expected = (header(article, "Source"), header(article, "Capture_digest"))
        if record != expected:
            problems.append(f"{article.name}: {name} has {record}, the article says {expected}")
    return problems
