"""A worker started by hand joins the cluster as one on another machine would: only the Redis
address and the code, its own captures folder. With it, the government portal crawled by its
address alone (no profile: sitemaps, RSS, a load-more chain, robots.txt) gives every article
the one-process address crawl finds."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys

import pytest

from scraper.cluster.redisserver import local_redis
from scraper.store import unseal
from tests.scraper.cluster.cluster_support import PREFIX, provenance_problems, summary
from tests.scraper.crawl_support import TEST_DELAY, run_scraper
from tests.support.paths import PROJECT_ROOT, TEST_FIXTURES
from tools.demo_portal import GOV_ORIGIN, GOV_ROOT, serve

pytestmark = pytest.mark.slow

EXPECTED = json.loads((TEST_FIXTURES / "gov_portal" / "expected.json").read_text("utf-8"))


def sources(content) -> set[str]:
    found = set()
    for path in content.rglob("*.md"):
        head = unseal(path.read_text(encoding="utf-8"))[0].split("\n\n", 1)[0]
        source = re.search(r"(?m)^Source: (\S+)", head).group(1)
        found.add(re.sub(r"127\.0\.0\.1:\d+", "PORT", source))
    return found


def test_a_worker_of_another_machine_and_a_portal_by_address(tmp_path) -> None:
    with serve(GOV_ROOT, origin=GOV_ORIGIN) as (base, state), local_redis(tmp_path / "r") as url:
        remote = subprocess.Popen(
            [sys.executable, "-m", "scraper", "cluster-worker", "--redis", url, "--prefix",
             PREFIX, "--captures", str(tmp_path / "elsewhere"), "--worker-id", "far-away"],
            cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        try:
            result = run_scraper(
                "crawl-cluster", f"{base}/", "--workers", "1", "--redis", url, "--prefix",
                PREFIX, "--output", tmp_path / "content", "--captures", tmp_path / "here",
                "--delay", TEST_DELAY, "--no-progress",
            )  # fmt: skip
            remote_out, _ = remote.communicate(timeout=120)
        finally:
            if remote.poll() is None:
                remote.kill()
                remote.wait()
        hits = dict(state.hits)
    assert result.returncode == 0, result.stdout + result.stderr
    assert remote.returncode == 0, remote_out  # it stopped by itself: the job was done
    expected = {f"http://PORT{a['url']}" for a in EXPECTED["articles"]}
    assert sources(tmp_path / "content") == expected
    assert summary(result.stdout) == (len(expected), 0, 0)
    assert not any(path.startswith("/noi-bo/") for path in hits)  # robots.txt, per worker
    # the remote worker's files are on "its machine", named with its id; the articles cite them
    far = list((tmp_path / "elsewhere" / "127-0-0-1").glob("*-far-away.warc.gz"))
    assert len(far) == 1
    here = tmp_path / "here" / "127-0-0-1"
    cited = {
        line.split(": ", 1)[1]
        for p in (tmp_path / "content").rglob("*.md")
        for line in p.read_text(encoding="utf-8").splitlines()
        if line.startswith("Capture_file: ")
    }
    assert far[0].name in cited and len(cited) == 2  # both workers extracted articles
    gathered = tmp_path / "gathered"  # as an operator gathers them before packaging
    gathered.mkdir()
    for warc in [*here.glob("*.warc.gz"), *far]:
        shutil.copy(warc, gathered / warc.name)
    assert provenance_problems(tmp_path / "content", gathered) == []
