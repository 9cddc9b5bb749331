"""`python -m scraper import-warc`: web archives made by other tools give the articles a crawl
gives (wget, Heritrix- and Browsertrix-style WARCs, WACZ), damaged files a clear message."""

from __future__ import annotations

import dataclasses
import gzip
import re
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from warcio.archiveiterator import ArchiveIterator

from scraper.captures import read_responses
from scraper.warcs.index import parse_warc_date
from tests.scraper.crawl_support import (
    TEST_DELAY,
    by_source_path,
    crawl,
    header,
    run_scraper,
    snapshot,
)
from tests.scraper.warc_support import (
    article_tree,
    wget_mirror,
    write_tool_warc,
    write_wacz,
)
from tools.demo_portal import serve

pytestmark = pytest.mark.slow

_VN = ZoneInfo("Asia/Ho_Chi_Minh")
ARTICLES = 72  # every article of the demo portal
NOT_ARTICLES = 19  # the home page and 18 listing pages (6 sections, 3 pages each)


@dataclass
class Portal:
    tmp: Path
    base: str
    crawled: Path  # content/ of a crawl with the demo profile
    captures: Path  # that crawl's WARCs
    wget: Path  # wget's WARC of the same portal, same server
    by_address: Path  # content/ of a crawl by its address, no profile (generic extraction)


@pytest.fixture(scope="module")
def portal(tmp_path_factory) -> Portal:
    tmp = tmp_path_factory.mktemp("import-warc")
    with serve() as (base, state):
        result = crawl(base, tmp / "crawled", tmp / "captures")
        address = run_scraper(
            "crawl", base + "/", "--output", tmp / "by-address", "--captures", tmp / "captures",
            "--delay", TEST_DELAY, "--no-progress",
        )  # fmt: skip
        warc = wget_mirror(base, tmp / "wget")
        agents = set(state.user_agents)
        hits = dict(state.hits)
    assert result.returncode == 0, result.stdout + result.stderr
    assert address.returncode == 0, address.stdout + address.stderr
    assert any(agent.startswith("Wget/") for agent in agents)
    assert not [path for path in hits if path.startswith("/tim-kiem.html")]  # robots.txt
    return Portal(tmp, base, tmp / "crawled", tmp / "captures" / "demo", warc, tmp / "by-address")


def import_warc(*args: object):
    return run_scraper("import-warc", *args)


def warc_dates(warc: Path) -> dict[str, str]:
    """URL -> WARC-Date of its response records (the last one)."""
    dates = {}
    with warc.open("rb") as handle:
        for record in ArchiveIterator(handle):
            if record.rec_type == "response":
                dates[record.rec_headers.get_header("WARC-Target-URI")] = (
                    record.rec_headers.get_header("WARC-Date")
                )
    return dates


# -- wget ---------------------------------------------------------------------------------------


def test_wget_warc_gives_the_same_articles_as_the_crawl(portal, tmp_path):
    out = tmp_path / "content"
    result = import_warc(portal.wget, "--profile", "demo", "--output", out)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Summary: new {ARTICLES}," in result.stdout
    # the same files, byte for byte, images included; only the capture time differs
    assert article_tree(out) == article_tree(portal.crawled)
    assert sum(1 for _ in out.rglob("*.md")) == ARTICLES
    # ... and it is the WARC-Date of wget's response, as for our own crawls
    dates = warc_dates(portal.wget)
    for path in out.rglob("*.md"):
        source = header(path, "Source")
        captured = parse_warc_date(dates[source])
        assert header(path, "Captured") == captured.astimezone(_VN).isoformat()
    # wget followed the dead "Các tin khác" links too: skipped (listed), not failures
    assert re.findall(r"skipped: \S+-20[0-3]\.html: captured as HTTP 404", result.stdout)
    assert "Traceback" not in result.stderr


def test_generic_import_chooses_the_articles_honestly(portal, tmp_path):
    out = tmp_path / "content"
    result = import_warc(portal.wget, "--output", out, "-v")
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Summary: new {ARTICLES}," in result.stdout
    assert f"Pages that are not articles: {NOT_ARTICLES}" in result.stdout
    assert len(re.findall(r"^  not an article: ", result.stdout, re.M)) == NOT_ARTICLES
    assert "listing page" in result.stdout and "section page" in result.stdout
    # the articles of a crawl by address (generic extraction too), byte for byte but Captured
    assert article_tree(out) == article_tree(portal.by_address)
    imported = by_source_path(out)
    assert imported.keys() == by_source_path(portal.crawled).keys()
    assert {p.relative_to(out).parts[0] for p in imported.values()} == {"127-0-0-1"}
    # every article names the capture file and WARC record it came from
    assert len(re.findall(r" <- wget\.warc\.gz <urn:uuid:[0-9a-f-]+>$", result.stdout, re.M)) == 72


def test_name_overrides_the_portal_name(portal, tmp_path):
    result = import_warc(portal.wget, "--name", "an-hoa", "--no-images", "--output", tmp_path)
    assert result.returncode == 0, result.stderr
    folders = {p.relative_to(tmp_path).parts[0] for p in tmp_path.rglob("*.md")}
    assert folders == {"an-hoa"} and not (tmp_path / "images").exists()


def test_importing_again_or_onto_the_crawl_changes_nothing(portal, tmp_path):
    out = tmp_path / "content"
    shutil.copytree(portal.crawled, out)
    before = snapshot(out)
    result = import_warc(portal.wget, "--profile", "demo", "--output", out)
    assert f"new 0, updated 0, unchanged {ARTICLES}," in result.stdout
    assert snapshot(out) == before


def test_an_edited_article_is_never_overwritten(portal, tmp_path):
    out = tmp_path / "content"
    shutil.copytree(portal.crawled, out)
    edited = sorted(out.rglob("*.md"))[0]
    text = edited.read_text(encoding="utf-8") + "\nMột dòng của biên tập viên.\n"
    edited.write_text(text, encoding="utf-8")
    result = import_warc(portal.wget, "--profile", "demo", "--output", out)
    # the portal has nothing new for it since: the editor's file stays as it is
    assert f"new 0, updated 0, unchanged {ARTICLES}, skipped 4, conflicts 0" in result.stdout
    assert edited.read_text(encoding="utf-8") == text
    assert not list(out.rglob("*.scraped"))


_CAPTURE_FILE = re.compile(rb"(?m)^Capture_file: .*\n")


def snapshot_bytes(folder: Path) -> dict[str, bytes]:
    """Every file's bytes, articles without the `Capture_file` line (the name of the file given)."""
    return {key: _CAPTURE_FILE.sub(b"", data) for key, (data, _) in snapshot(folder).items()}


def capture_files(folder: Path) -> set[str]:
    return {header(path, "Capture_file") for path in folder.rglob("*.md")}


def test_a_warc_gzipped_as_one_whole_or_not_at_all_gives_the_same_articles(portal, tmp_path):
    first = tmp_path / "as-given"
    assert import_warc(portal.wget, "--profile", "demo", "--output", first).returncode == 0
    plain = gzip.decompress(portal.wget.read_bytes())
    whole = tmp_path / "whole.warc.gz"
    whole.write_bytes(gzip.compress(plain))
    (tmp_path / "plain.warc").write_bytes(plain)
    for warc in (whole, tmp_path / "plain.warc"):
        out = tmp_path / warc.name.split(".")[0]
        result = import_warc(warc, "--profile", "demo", "--output", out)
        assert result.returncode == 0, result.stdout + result.stderr
        # Captured, Capture_record and Capture_digest included: the same records
        assert snapshot_bytes(out) == snapshot_bytes(first)
        assert capture_files(out) == {warc.name}


# -- Heritrix, Browsertrix, WACZ -----------------------------------------------------------------


def tool_warc(portal: Portal, path: Path, version: str, **options):
    responses = [r for r in read_responses(portal.captures) if r.status == 200]
    return write_tool_warc(responses, path, version=version, **options)


def test_heritrix_style_warc_gives_the_same_articles(portal, tmp_path):
    info = tool_warc(portal, tmp_path / "heritrix.warc.gz", "1.0")
    out = tmp_path / "content"
    result = import_warc(info.path, "--profile", "demo", "--output", out)
    # the one revisit whose original is in no file fails (exit 1); everything else is there
    assert result.returncode == 1, result.stdout + result.stderr
    failed = re.findall(r"^  failed: (\S+): (.*)$", result.stdout, re.M)
    assert [url for url, _ in failed] == [info.unresolvable]
    assert "revisit record whose original capture is not in the given files" in failed[0][1]
    assert article_tree(out) == article_tree(portal.crawled)
    assert "BẢN CŨ" not in "".join(p.read_text(encoding="utf-8") for p in out.rglob("*.md"))
    # a page revisited later was captured then (the original's payload, the revisit's date)
    revisited = info.revisited.astimezone(_VN).isoformat()
    dates = {header(p, "Source"): header(p, "Captured") for p in out.rglob("*.md")}
    assert info.revisits and info.by_digest and info.older_after
    assert {url for url, date in dates.items() if date == revisited} == set(info.revisits)
    assert f"{len(info.revisits) + 1} revisits" in result.stdout
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("deflate", [False, True], ids=["stored", "deflated"])
def test_wacz_gives_the_same_articles(portal, tmp_path, deflate):
    info = tool_warc(portal, tmp_path / "data.warc.gz", "1.1")
    home = portal.base + "/chuyen-muc/kinh-te/"
    pages = [home, *info.revisits[:3], portal.base + "/trang-khong-luu.html"]
    wacz = write_wacz([info.path], tmp_path / "portal.wacz", pages, deflate=deflate)
    info.path.unlink()  # only the WACZ is left
    before = sorted(p.name for p in tmp_path.iterdir())
    out = tmp_path / "content"
    result = import_warc(wacz, "--profile", "demo", "--output", out, "-v")
    assert result.returncode == 1, result.stdout + result.stderr  # the unresolvable revisit
    assert article_tree(out) == article_tree(portal.crawled)
    assert "Pages listed in the WACZ with no capture: 1" in result.stdout
    assert "portal.wacz:archive/data.warc.gz <urn:uuid:" in result.stdout
    # read in place: nothing was extracted beside it
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*before, "content"])


def test_our_own_wacz_package_gives_the_crawl_back(portal, tmp_path):
    """The package `python -m scraper package` makes with the wacz library, imported."""
    captures = tmp_path / "captures"
    shutil.copytree(portal.captures, captures / "demo")
    made = run_scraper("package", "demo", "--captures", captures, "--content", portal.crawled)
    assert made.returncode == 0, made.stdout + made.stderr
    out = tmp_path / "content"
    result = import_warc(captures / "packages" / "demo.wacz", "--profile", "demo", "--output", out)
    assert result.returncode == 0, result.stdout + result.stderr
    # Captured, Capture_record and Capture_digest included: the crawl's own records
    assert snapshot_bytes(out) == snapshot_bytes(portal.crawled)
    (crawl_warc,) = capture_files(portal.crawled)
    assert capture_files(out) == {f"demo.wacz:archive/{crawl_warc}"}
    assert "Pages listed in the WACZ with no capture" not in result.stdout


def test_several_files_at_once_the_latest_capture_wins(portal, tmp_path):
    later = datetime.now(UTC) + timedelta(days=1)  # after wget's run, whatever the order given
    info = tool_warc(portal, tmp_path / "later.warc.gz", "1.1", first=later)
    trees = []
    for number, order in enumerate([(portal.wget, info.path), (info.path, portal.wget)]):
        out = tmp_path / f"content-{number}"
        result = import_warc(*order, "--profile", "demo", "--output", out)
        assert result.returncode == 1, result.stderr  # the unresolvable revisit again
        assert article_tree(out) == article_tree(portal.crawled)
        trees.append(snapshot_bytes(out))
        for path in out.rglob("*.md"):
            source = header(path, "Source")
            captured = datetime.fromisoformat(header(path, "Captured"))
            if source in info.revisits:
                assert captured == info.revisited
            else:  # the tool's n-th response, n seconds after `first`: later than wget's
                assert info.first <= captured < info.revisited
    assert trees[0] == trees[1]


# -- damaged files -------------------------------------------------------------------------------


def test_damaged_files_get_a_clear_message_and_the_rest_is_imported(portal, tmp_path):
    garbage = tmp_path / "notes.warc.gz"
    garbage.write_text("Đây không phải là một tệp WARC.\n", encoding="utf-8")
    empty = tmp_path / "empty.warc"
    empty.write_bytes(b"")
    data = portal.wget.read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[: len(data) * 2 // 3])
    zipped = tmp_path / "other.wacz"
    write_wacz([], zipped, [])
    out = tmp_path / "content"
    result = import_warc(garbage, empty, cut, zipped, "--profile", "demo", "--output", out)
    assert result.returncode == 1, result.stdout + result.stderr
    errors = result.stderr
    assert "Traceback" not in errors + result.stdout
    assert "notes.warc.gz: not a WARC, WARC.gz or WACZ file" in errors
    assert "empty.warc: an empty file; nothing imported from it" in errors
    assert re.search(
        r"cut\.warc\.gz: the file ends in the middle of the record at byte \d+, after \d+ whole"
        r" records \(it is truncated\); the \d+ captures before it are read",
        errors,
    )
    assert "other.wacz: a zip file without archive/*.warc.gz in it (not a WACZ)" in errors
    written = sorted(out.rglob("*.md"))
    assert 0 < len(written) < ARTICLES  # what the cut file held before the cut
    for path in written:  # the same articles; images after the cut link to the originals
        twin = portal.crawled / path.relative_to(out)
        assert header(path, "Title") == header(twin, "Title")
    assert re.search(
        r"image not saved \(original linked\): \S+: not in the captures", result.stdout
    )
    assert not list(out.rglob(".scraper-*"))  # no half-written file


def test_nothing_readable_is_exit_code_2(tmp_path):
    junk = tmp_path / "junk.warc"
    junk.write_text("hello\n")
    result = import_warc(junk, tmp_path / "missing.wacz", "--output", tmp_path / "out")
    assert result.returncode == 2
    assert "missing.wacz: no such file" in result.stderr
    assert "junk.warc: not a WARC, WARC.gz or WACZ file" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").rglob("*.md"))


def test_a_bad_profile_or_name_stops_before_any_file_is_read(tmp_path):
    missing = tmp_path / "missing.warc.gz"
    result = import_warc(missing, "--profile", "khong-co", "--output", tmp_path / "out")
    assert result.returncode == 2
    assert "khong-co.toml" in result.stderr and "missing.warc.gz" not in result.stderr
    result = import_warc(missing, "--name", "Tên Sai", "--output", tmp_path / "out")
    assert result.returncode == 2 and "lower-case letters" in result.stderr
    result = import_warc(missing, "--name", "a", "--profile", "demo")
    assert result.returncode == 2 and "not allowed with argument" in result.stderr


def test_pages_of_other_hosts_are_counted_not_imported(portal, tmp_path):
    pages = [r for r in read_responses(portal.captures) if "/tin-tuc/" in r.url][:3]
    moved = [
        dataclasses.replace(page, url=page.url.replace("127.0.0.1", "localhost"))
        for page in pages[:1]
    ]
    info = write_tool_warc(pages[1:] + moved, tmp_path / "two-hosts.warc.gz")
    result = import_warc(info.path, "--output", tmp_path / "out", "--no-images")
    assert "new 2," in result.stdout
    assert "HTML pages of other hosts, not imported: localhost (1)" in result.stdout
