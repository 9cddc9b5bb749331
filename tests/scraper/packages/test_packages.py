"""WACZ packages of a fresh demo crawl: made with the wacz library, valid by its own validator,
verified by `python -m scraper verify-captures`, and a changed byte is found and named."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from scraper.packages.articles import read_articles
from scraper.packages.verify import library_validation
from tests.scraper.crawl_support import crawl, run_scraper
from tests.scraper.packages.support import (
    article_responses,
    change_one_payload_byte,
    flip_byte,
    header_values,
    set_header_value,
)
from tools.demo_portal import serve

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def crawled(tmp_path_factory) -> Path:
    """A fresh crawl of the demo portal (content/, captures/) and its package, made once."""
    tmp = tmp_path_factory.mktemp("packages")
    with serve() as (base, _):
        result = crawl(base, tmp / "content", tmp / "captures")
    assert result.returncode == 0, result.stderr
    made = run_scraper("package", "--captures", tmp / "captures", "--content", tmp / "content")
    assert made.returncode == 0, made.stderr
    assert "demo.wacz new (unsigned): 1 WARC file(s)" in made.stdout
    return tmp


@pytest.fixture
def copy(crawled, tmp_path) -> Path:
    """A copy of the crawl and its package that a test may change."""
    shutil.copytree(crawled, tmp_path / "run")
    return tmp_path / "run"


def package(root: Path) -> Path:
    return root / "captures" / "packages" / "demo.wacz"


def verify(root: Path, *extra: object):
    return run_scraper(
        "verify-captures", "--captures", root / "captures", "--content", root / "content", *extra
    )


def test_the_package_is_valid_by_the_wacz_validator(crawled):
    result = subprocess.run(
        [sys.executable, "-m", "wacz", "validate", "-f", str(package(crawled))],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Validation succeeded, the passed WACZ is valid" in result.stdout
    assert library_validation(package(crawled)) == []


def test_the_package_holds_the_warc_index_pages_and_digests(crawled):
    with zipfile.ZipFile(package(crawled)) as wacz:
        names = wacz.namelist()
        (warc,) = (crawled / "captures" / "demo").glob("*.warc.gz")
        assert f"archive/{warc.name}" in names
        assert wacz.read(f"archive/{warc.name}") == warc.read_bytes()  # byte for byte
        assert wacz.getinfo(f"archive/{warc.name}").compress_type == zipfile.ZIP_STORED
        for name in ("indexes/index.cdx.gz", "indexes/index.idx", "pages/pages.jsonl"):
            assert name in names
        datapackage = json.loads(wacz.read("datapackage.json"))
        listed = {r["path"] for r in datapackage["resources"]}
        assert listed == set(names) - {"datapackage.json", "datapackage-digest.json"}
        assert all(r["hash"].startswith("sha256:") for r in datapackage["resources"])
        assert datapackage["wacz_version"] == "1.1.1"


def test_pages_jsonl_lists_every_archived_article_with_its_title(crawled):
    with zipfile.ZipFile(package(crawled)) as wacz:
        lines = wacz.read("pages/pages.jsonl").decode("utf-8").splitlines()
    header, pages = json.loads(lines[0]), [json.loads(line) for line in lines[1:]]
    assert header["format"] == "json-pages-1.0"
    articles = list(read_articles(crawled / "content", "demo"))
    assert len(articles) == 72 and len(pages) == 72
    by_url = {page["url"]: page for page in pages}
    for article in articles:
        page = by_url[article.source]
        assert page["title"] == article.title
        assert page["ts"] == article.captured_utc
        assert page["digest"].startswith("sha1:")


def test_the_package_is_left_alone_when_unchanged_and_made_again_byte_identical(copy):
    before = package(copy).read_bytes()
    again = run_scraper("package", "--captures", copy / "captures", "--content", copy / "content")
    assert again.returncode == 0, again.stderr
    assert "demo.wacz unchanged" in again.stdout
    forced = run_scraper(
        "package", "--captures", copy / "captures", "--content", copy / "content", "--force"
    )
    assert "demo.wacz updated" in forced.stdout, forced.stdout + forced.stderr
    assert package(copy).read_bytes() == before


def test_verify_passes_on_a_fresh_crawl(crawled):
    result = verify(crawled)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "demo: " in result.stdout
    assert "72 articles (72 in content), 0 mismatches" in result.stdout
    assert "mismatch:" not in result.stdout


def test_one_byte_of_a_kept_warc_payload_changed_fails_naming_file_and_record(copy):
    (warc,) = (copy / "captures" / "demo").glob("*.warc.gz")
    record = article_responses(warc)[5]
    change_one_payload_byte(warc, record)
    result = verify(copy)
    assert result.returncode == 1, result.stdout
    line = next(line for line in result.stdout.splitlines() if "mismatch:" in line)
    assert str(warc) in line
    assert record.record_id in line and record.uri in line
    assert f"offset {record.offset}" in line
    assert "payload digest failed" in line
    assert "1 mismatch" in result.stdout


def test_one_byte_changed_inside_the_package_fails_naming_the_record_and_its_article(copy):
    wacz_path = package(copy)
    (warc,) = (copy / "captures" / "demo").glob("*.warc.gz")
    record = article_responses(warc)[7]
    with zipfile.ZipFile(wacz_path) as wacz:
        info = wacz.getinfo(f"archive/{warc.name}")
    data = wacz_path.read_bytes()
    name_length = int.from_bytes(data[info.header_offset + 26 : info.header_offset + 28], "little")
    extra_length = int.from_bytes(data[info.header_offset + 28 : info.header_offset + 30], "little")
    start = info.header_offset + 30 + name_length + extra_length
    flip_byte(wacz_path, start + record.offset + record.length // 2)
    result = verify(copy)
    assert result.returncode == 1
    out = result.stdout
    assert f"archive/{warc.name} has sha256" in out  # the datapackage digest
    assert f"the record at offset {record.offset} ({record.uri}" in out  # the record, named
    article = next(a for a in read_articles(copy / "content", "demo") if a.source == record.uri)
    assert f"{article.path}: its capture" in out
    assert "wacz validator says the package is invalid" in out


def test_a_crawl_run_after_packaging_is_reported_until_packaged(copy):
    (warc,) = (copy / "captures" / "demo").glob("*.warc.gz")
    later = warc.with_name("demo-29991231235959-1.warc.gz")  # a later run's file
    shutil.copy(warc, later)
    stale = verify(copy)
    assert stale.returncode == 1
    assert f"{later} is not in" in stale.stdout and "run make package-captures" in stale.stdout
    made = run_scraper("package", "--captures", copy / "captures", "--content", copy / "content")
    assert "demo.wacz updated (unsigned): 2 WARC file(s)" in made.stdout, made.stdout
    assert verify(copy).returncode == 0


def test_the_crawl_writes_each_articles_capture_keys(crawled):
    """Every crawled article names the WARC response it was extracted from: the record id, its
    payload digest as in the WARC header, and the capture file that holds it."""
    (warc,) = (crawled / "captures" / "demo").glob("*.warc.gz")
    records = {r.uri: r for r in article_responses(warc)}
    articles = list(read_articles(crawled / "content", "demo"))
    assert len(articles) == 72
    for article in articles:
        header = header_values(article.path)
        record = records[article.source]
        assert header["Capture_file"] == warc.name, article.path
        assert f"<{header['Capture_record']}>" == record.record_id, article.path
        assert header["Capture_digest"] == record.payload_digest, article.path


def test_an_articles_capture_keys_are_checked_against_the_record(copy):
    """Articles are looked up by the record they name, and a digest that is not the record's
    is a mismatch naming the file."""
    articles = list(read_articles(copy / "content", "demo"))
    bad = articles[1]
    set_header_value(bad.path, "Capture_digest", "sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
    result = verify(copy)
    assert result.returncode == 1
    problems = [line for line in result.stdout.splitlines() if "mismatch:" in line]
    assert len(problems) == 1, problems
    assert str(bad.path) in problems[0] and "Capture_digest sha1:AAAA" in problems[0]


def test_no_package_at_all_is_exit_2(tmp_path):
    result = run_scraper("verify-captures", "--captures", tmp_path, "--no-content")
    assert result.returncode == 2
    assert "make package-captures" in result.stderr
    nothing = run_scraper("package", "--captures", tmp_path, "--content", tmp_path)
    assert nothing.returncode == 2
