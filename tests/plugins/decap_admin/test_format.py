"""The CMS file format (plugins/decap_admin/static/archive-format.js), run in node over every
sample, demo and bench article: opened and saved unchanged, each file keeps its exact bytes; a
file the crawler or the bench generator wrote is also what the format writes from the form's
values alone; editing the title changes only the Title line."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from bench.corpus import generate_corpus
from scraper.store import is_pristine
from tests.scraper.crawl_support import crawl
from tests.support.paths import PROJECT_ROOT
from tools.demo_portal import serve

ROUNDTRIP = Path(__file__).with_name("roundtrip.js")
NODE = shutil.which("node")
BENCH_ARTICLES = 300


def run_roundtrip(*targets: Path) -> dict:
    assert NODE, "node is missing: run make deps-system (nodejs)"
    result = subprocess.run(
        [NODE, str(ROUNDTRIP), *map(str, targets)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=PROJECT_ROOT,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _first_difference(path: str, written: str) -> str:
    original = Path(path).read_text(encoding="utf-8").split("\n")
    for number, (a, b) in enumerate(zip(original, written.split("\n"), strict=False), start=1):
        if a != b:
            return f"{path}:{number}: {a!r} became {b!r}"
    return f"{path}: line count {len(original)} became {len(written.split(chr(10)))}"


@pytest.fixture(scope="module")
def demo_content(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("cms-demo")
    with serve() as (base, _state):
        result = crawl(base, tmp / "content", tmp / "captures", "--no-images")
    assert result.returncode == 0, result.stdout + result.stderr
    return tmp / "content"


@pytest.fixture(scope="module")
def bench_content(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("cms-bench")
    generate_corpus(BENCH_ARTICLES, folder)
    return folder


def test_samples_open_and_save_unchanged_byte_for_byte():
    report = run_roundtrip(PROJECT_ROOT / "content")
    assert report["files"] == len(list((PROJECT_ROOT / "content").rglob("*.md")))
    assert [_first_difference(r["file"], r["saved"]) for r in report["unchanged"]] == []
    assert report["edits"] == []


def test_demo_articles_round_trip_and_are_what_the_form_writes(demo_content):
    report = run_roundtrip(demo_content)
    assert report["files"] >= 20, "the demo crawl wrote too few articles"
    assert [_first_difference(r["file"], r["saved"]) for r in report["unchanged"]] == []
    assert [_first_difference(r["file"], r["written"]) for r in report["fresh"]] == []
    assert report["edits"] == []


def test_a_crawled_article_edited_in_the_cms_is_an_editors_edit_to_the_crawler(demo_content):
    """Scraped_hash is kept as written: the store sees the edited file as no longer pristine
    (scraper/store.py writes its next capture beside it as .md.scraped)."""
    report = run_roundtrip(demo_content)
    assert report["edited"]
    for item in report["edited"]:
        original = Path(item["file"]).read_text(encoding="utf-8")
        assert is_pristine(original)
        assert "\nScraped_hash: " in item["text"]
        assert not is_pristine(item["text"])


def test_bench_articles_round_trip_and_are_what_the_form_writes(bench_content):
    report = run_roundtrip(bench_content)
    assert report["files"] == BENCH_ARTICLES
    assert [_first_difference(r["file"], r["saved"]) for r in report["unchanged"]] == []
    assert [_first_difference(r["file"], r["written"]) for r in report["fresh"]] == []
    assert report["edits"] == []


@pytest.mark.parametrize(
    ("picked", "written"),
    [
        ("2025-06-02T09:30:00+07:00", "2025-06-02T09:30:00+07:00"),
        ("2025-06-02T02:30:00+00:00", "2025-06-02T09:30:00+07:00"),  # a browser in UTC
        ("2025-06-01T20:30:00-05:00", "2025-06-02T08:30:00+07:00"),
        ("2024-12-31T17:00:00Z", "2025-01-01T00:00:00+07:00"),
        ("28/05/2025", "28/05/2025"),  # not a picker value: kept, so make check names it
    ],
)
def test_a_changed_date_is_written_in_vietnams_time(picked, written):
    script = (
        "const f = require('./plugins/decap_admin/static/archive-format.js');"
        f"process.stdout.write(f.toFile({{title: 'T', date: {json.dumps(picked)}, body: 'B'}}));"
    )
    result = subprocess.run(
        [NODE, "-e", script], capture_output=True, text=True, cwd=PROJECT_ROOT, check=True
    )
    assert result.stdout == f"Title: T\nDate: {written}\n\nB\n"
