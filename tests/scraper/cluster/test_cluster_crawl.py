"""`python -m scraper crawl-cluster`: two workers on a real Redis crawl the demo portal into the
same content as one process; every article cites its own worker's WARC file."""

from __future__ import annotations

import pytest

from scraper.cluster.redisserver import local_redis
from tests.scraper.cluster.cluster_support import provenance_problems, run_cluster, summary
from tests.scraper.crawl_support import by_source_path, comparable_tree, crawl
from tools.demo_portal import serve

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def crawls(tmp_path_factory):
    """One single-process crawl and one two-worker cluster crawl of the demo portal."""
    work = tmp_path_factory.mktemp("cluster")
    with serve() as (base, state), local_redis(work / "redis") as redis:
        single = crawl(base, work / "single", work / "single-w")
        assert single.returncode == 0, single.stderr
        cluster = run_cluster(base, work / "content", work / "captures", redis=redis)
        yield work, single, cluster, base, state


def test_the_cluster_writes_what_one_process_writes(crawls) -> None:
    work, single, cluster, _, _ = crawls
    assert cluster.returncode == 0, cluster.stdout + cluster.stderr
    assert summary(cluster.stdout) == summary(single.stdout)
    new = summary(cluster.stdout)[0]
    assert new == len(list((work / "single").rglob("*.md"))) > 50
    # byte for byte but the per-capture lines (Captured, Capture_*, hash)
    assert comparable_tree(work / "content") == comparable_tree(work / "single")


def test_each_article_once(crawls) -> None:
    work, _, _, _, _ = crawls
    files = list((work / "content").rglob("*.md"))
    assert len(by_source_path(work / "content")) == len(files)
    assert not [p for p in (work / "content").rglob("*") if p.name.startswith(".")]


def test_each_worker_writes_its_own_warc_files(crawls) -> None:
    work, _, _, _, _ = crawls
    names = sorted(p.name for p in (work / "captures" / "demo").glob("*.warc.gz"))
    assert len(names) == 2  # one per worker (and portal)
    workers = {name.split("-", 2)[2].removesuffix(".warc.gz") for name in names}
    assert len(workers) == 2  # the worker id, not only a time, tells them apart


def test_every_article_cites_the_record_it_came_from(crawls) -> None:
    work, _, _, _, _ = crawls
    assert provenance_problems(work / "content", work / "captures" / "demo") == []
    used = {
        line
        for p in (work / "content").rglob("*.md")
        for line in p.read_text(encoding="utf-8").splitlines()
        if line.startswith("Capture_file:")
    }
    assert len(used) == 2  # both workers crawled articles


def test_an_edited_article_is_left_alone_by_the_cluster(crawls, tmp_path) -> None:
    work, _, _, base, _ = crawls
    import shutil

    content = tmp_path / "content"
    shutil.copytree(work / "content", content)
    edited = sorted(content.rglob("*.md"))[0]
    text = edited.read_text(encoding="utf-8") + "\nGhi chú của biên tập viên.\n"
    edited.write_text(text, encoding="utf-8")
    with local_redis(tmp_path / "redis") as redis:
        again = run_cluster(base, content, tmp_path / "w", redis=redis)
    assert again.returncode == 0, again.stderr
    new, updated, unchanged = summary(again.stdout)
    assert (new, updated, unchanged) == (0, 0, len(list(content.rglob("*.md"))))
    assert edited.read_text(encoding="utf-8") == text  # the editor's file, byte for byte
    assert not list(content.rglob("*.scraped"))  # the portal has nothing new: no conflict


def test_only_new_fetches_no_stored_article(crawls, tmp_path) -> None:
    """--only-new on workers that have no content/: the coordinator tells them what is stored."""
    work, _, _, base, state = crawls
    import shutil

    content = tmp_path / "content"
    shutil.copytree(work / "content", content)
    before = dict(state.hits)
    with local_redis(tmp_path / "redis") as redis:
        again = run_cluster(base, content, tmp_path / "w", "--only-new", redis=redis)
    assert again.returncode == 0, again.stderr
    assert summary(again.stdout) == (0, 0, 0)
    stored = len(list(content.rglob("*.md")))
    assert again.stdout.count("already stored (--only-new)") == stored  # each once
    fetched = {path for path, n in state.hits.items() if n > before.get(path, 0)}
    assert not [path for path in fetched if path.startswith("/tin-tuc/")]
