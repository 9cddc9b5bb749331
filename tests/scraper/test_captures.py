"""scraper/captures.py: every response goes to the WARC; a replay rebuilds the same content/."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from scraper.captures import header_text, read_responses, warc_files
from tests.scraper.crawl_support import (
    by_source_path,
    crawl,
    demo_articles,
    run_scraper,
    snapshot,
)
from tools.demo_portal import serve

pytestmark = pytest.mark.slow

CATEGORY = "tin-hoat-dong"


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("captures")
    articles = demo_articles(CATEGORY)
    faults = {
        articles[0].url: "500-once",
        articles[1].url: "redirect-loop",
        articles[2].url: "slow",
        articles[3].url: "no-date",
        articles[4].url: "odd-headers",
    }
    with serve(faults=faults, slow_seconds=3) as (base, state):
        result = crawl(
            base, tmp / "content", tmp / "captures",
            "--start-url", f"{base}/chuyen-muc/{CATEGORY}/", "--timeout", "1", "--retries", "1",
        )  # fmt: skip
        hits = sum(state.hits.values())
    assert result.returncode == 1, result.stderr  # the redirect loop, the slow and no-date pages
    assert "could not be written to the WARC" not in result.stderr
    return tmp, base, articles, hits


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        (b"text/html; charset=utf-8", "text/html; charset=utf-8"),
        (b"a=1%20; path=/", "a=1%20; path=/"),  # printable ASCII is kept as sent
        ('inline; filename="Thông báo.pdf"'.encode(), 'inline; filename="Th%C3%B4ng b%C3%A1o.pdf"'),
        (b"a\r\nWARC-Type: x", "a%0D%0AWARC-Type: x"),  # no header can be smuggled in
        (b"a\x1bb\x00c", "a%1Bb%00c"),
        (b"50%\xff", "50%25%FF"),  # once encoded, a literal % is encoded too (reversible)
    ],
)
def test_header_text_is_warc_safe_ascii(raw, text):
    assert header_text(raw) == text


def records(captures: Path) -> list:
    found = []
    for path in warc_files(captures):
        with path.open("rb") as handle:
            for record in ArchiveIterator(handle):
                status = record.http_headers.get_statuscode() if record.http_headers else None
                found.append(
                    (record.rec_type, record.rec_headers.get_header("WARC-Target-URI"), status)
                )
    return found


def test_warc_files_are_under_captures_portal(crawled):
    tmp, *_ = crawled
    files = warc_files(tmp / "captures")
    assert files and all(f.parent == tmp / "captures" / "demo" for f in files)
    assert all(f.name.endswith(".warc.gz") for f in files)


def test_every_response_is_captured_including_errors_and_redirects(crawled):
    tmp, base, articles, hits = crawled
    found = records(tmp / "captures")
    responses = [(uri, status) for kind, uri, status in found if kind == "response"]
    timeouts = [uri for kind, uri, _ in found if kind == "metadata"]
    # every answered request is in the WARC (the slow page never answered: 2 failure records)
    assert len(responses) == hits - 2
    assert len(timeouts) == 2 and all(uri.endswith(articles[2].url) for uri in timeouts)
    assert (base + "/robots.txt", "200") in responses
    assert responses.count((base + articles[0].url, "500")) == 1
    assert responses.count((base + articles[0].url, "200")) == 1
    redirects = [uri for uri, status in responses if status == "302"]
    assert base + articles[1].url in redirects and base + articles[1].url + "?r=1" in redirects
    assert (base + articles[3].url, "200") in responses  # captured even though not written
    assert any("/uploads/" in uri for uri, status in responses if status == "200")  # images
    requests = [uri for kind, uri, _ in found if kind == "request"]
    assert len(requests) == len(responses)


def test_odd_response_headers_are_captured_and_the_page_archived(crawled):
    tmp, base, articles, _ = crawled
    article = articles[4]  # served with raw UTF-8 and control characters in its headers
    assert article.url in by_source_path(tmp / "content")
    [page] = [r for r in read_responses(tmp / "captures") if r.url == base + article.url]
    headers = {key.lower(): value for key, value in page.headers.items()}
    name = "Th%C3%B4ng b%C3%A1o s%E1%BB%91 1.html"  # "Thông báo số 1.html", byte for byte
    assert headers["content-disposition"] == f'inline; filename="{name}"'
    assert headers["set-cookie"].endswith("; HttpOnly; ghi ch%C3%BA")
    assert headers["x-control"] == "a%1Bb%00c"


def test_captured_bodies_are_the_served_bytes(crawled):
    tmp, base, articles, _ = crawled
    demo = Path(__file__).resolve().parents[1] / "fixtures" / "demo_portal"
    pages = {r.url: r for r in read_responses(tmp / "captures") if r.status == 200}
    article = articles[5]
    assert pages[base + article.url].body == (demo / article.url.lstrip("/")).read_bytes()


def test_replay_without_network_writes_byte_identical_content(crawled, tmp_path):
    tmp, *_ = crawled  # the portal is stopped now: any fetch would fail
    result = run_scraper("replay", tmp / "captures" / "demo", "--output", tmp_path / "replayed")
    assert result.returncode == 1, result.stdout + result.stderr  # the no-date page, again
    crawled_files = {k: v[0] for k, v in snapshot(tmp / "content").items()}
    replayed_files = {k: v[0] for k, v in snapshot(tmp_path / "replayed").items()}
    assert crawled_files and replayed_files == crawled_files
    assert any(name.startswith("images/demo/") for name in replayed_files)


def test_replay_onto_the_crawled_content_changes_nothing(crawled):
    tmp, *_ = crawled
    before = snapshot(tmp / "content")
    result = run_scraper("replay", tmp / "captures" / "demo", "--output", tmp / "content")
    assert "new 0, updated 0," in result.stdout
    assert snapshot(tmp / "content") == before


def test_replay_ignores_a_record_cut_short_by_a_kill(crawled, tmp_path):
    tmp, base, articles, _ = crawled
    source = warc_files(tmp / "captures")[0]
    damaged = tmp_path / "demo" / source.name
    damaged.parent.mkdir()
    damaged.write_bytes(source.read_bytes()[:-50])  # the last record loses its end
    last = list(read_responses(source))[-1]
    result = run_scraper("replay", damaged.parent, "--output", tmp_path / "out")
    assert result.returncode in (0, 1), result.stderr
    assert f"the record of {last.url} is truncated" in result.stderr
    assert all(r.url != last.url or r.date != last.date for r in read_responses(damaged))
    assert list((tmp_path / "out").rglob("*.md"))


def test_replay_of_a_folder_without_captures_is_an_error(tmp_path):
    result = run_scraper("replay", tmp_path, "--output", tmp_path / "out")
    assert result.returncode == 2
    assert "no WARC files" in result.stdout + result.stderr


def test_each_captured_response_names_its_file_and_record(crawled):
    tmp, *_ = crawled
    files = {path.name for path in warc_files(tmp / "captures")}
    responses = list(read_responses(tmp / "captures"))
    assert all(r.warc_file in files for r in responses)
    assert all(r.record_id and r.record_id.startswith("<urn:uuid:") for r in responses)
    assert len({r.record_id for r in responses}) == len(responses)


def test_bodies_are_read_back_decoded_whatever_their_content_encoding(tmp_path):
    """The crawler asks for gzip, deflate, br and zstd and keeps bodies as sent."""
    import gzip
    import zlib
    from datetime import UTC, datetime

    import brotli

    from scraper.captures import WarcLog
    from scraper.warcs.decode import zstd

    page = "<p>Tin hoạt động</p>".encode()
    encoded = {
        "": page,
        "gzip": gzip.compress(page),
        "deflate": zlib.compress(page),
        "br": brotli.compress(page),
        "zstd": zstd.compress(page),
    }
    warc = WarcLog(tmp_path, "t", {})
    for name, body in encoded.items():
        headers = [("Content-Type", "text/html")] + ([("Content-Encoding", name)] if name else [])
        warc.response(f"http://x.example/{name or 'plain'}.html", 200, headers, body,
                      datetime.now(UTC))  # fmt: skip
    warc.close()
    bodies = {r.url.rsplit("/", 1)[1]: r.body for r in read_responses(tmp_path)}
    assert bodies == {f"{name or 'plain'}.html": page for name in encoded}


@pytest.mark.parametrize(("tag", "suffix"), [(None, "-{pid}.warc.gz"),
                                             ("vm-a-42", "-vm-a-42.warc.gz")])  # fmt: skip
def test_a_warc_file_is_named_by_its_writer(tmp_path, tag, suffix):
    suffix = suffix.format(pid=os.getpid())  # not in the test id: xdist workers differ
    """A crawl names its file with its pid, a cluster worker with its worker id (host-pid):
    two workers on two machines starting in the same second never write the same name."""
    from scraper.captures import WarcLog

    log = WarcLog(tmp_path, "demo", {"portal": "demo"}, tag)
    log.close()
    assert log.path.name.startswith("demo-") and log.path.name.endswith(suffix)
