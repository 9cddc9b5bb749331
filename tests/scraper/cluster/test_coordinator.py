"""crawl-cluster and cluster-worker at the edges: bad targets and options are refused before
anything starts, with errors naming what is wrong; the job travels whole (a profile as its
text); a worker without a job or a server says so."""

from __future__ import annotations

import pytest

from scraper.cli import main
from scraper.cluster import serial
from scraper.cluster.coordinator import portal_job, seed_requests
from scraper.cluster.job import Job, PortalJob
from scraper.cluster.keys import Keys
from scraper.cluster.redisserver import free_port
from scraper.profiles import load_profile


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["crawl-cluster", "no-such-profile"], "no such profile file"),
        (["crawl-cluster", "demo", "https://portal.example.vn/", "--start-url",
          "http://127.0.0.1:1/a/"], "--start-url and --name need a single portal"),
        (["crawl-cluster", "https://portal.example.vn/", "--delay", "0.1"],
         "only allowed when every host is a loopback address"),
        (["crawl-cluster", "demo", "--workers", "-1"], "--workers -1"),
        (["crawl-cluster", "demo", "--start-url", "javascript:alert(1)"], "start URL"),
        (["crawl-cluster", "demo", "demo"], "a portal is named twice"),
    ],
)  # fmt: skip
def test_bad_targets_and_options_are_refused(argv, message, capsys, tmp_path) -> None:
    assert main([*argv, "--output", str(tmp_path / "c")]) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "c").exists()  # refused before anything was written


def test_a_worker_needs_a_redis_address(monkeypatch, capsys) -> None:
    monkeypatch.delenv("REDIS_URL", raising=False)
    assert main(["cluster-worker"]) == 2
    assert "--redis URL or REDIS_URL" in capsys.readouterr().err


@pytest.mark.parametrize("worker_id", ["../x", "a/b", "", ".hidden", "a" * 65])
def test_a_worker_id_must_be_usable_in_a_file_name(worker_id, capsys) -> None:
    argv = ["cluster-worker", "--redis", "redis://127.0.0.1:1/0", "--worker-id", worker_id]
    assert main(argv) == 2
    assert "--worker-id" in capsys.readouterr().err


def test_a_worker_says_when_redis_is_not_there(capsys) -> None:
    url = f"redis://127.0.0.1:{free_port()}/0"
    assert main(["cluster-worker", "--redis", url]) == 2
    assert f"cannot reach Redis at {url}" in capsys.readouterr().err


def test_a_worker_without_a_job_stops(redis_url, capsys) -> None:
    assert main(["cluster-worker", "--redis", redis_url, "--wait", "0"]) == 0
    assert "no job to do" in capsys.readouterr().err


def test_the_job_carries_the_profile_text(server) -> None:
    job = Job([portal_job("demo", base_url="http://127.0.0.1:8123", delay=0.02)])
    server.set(Keys("t").job, serial.dumps(job.to_dict()))
    back = Job.from_dict(serial.loads(server.get(Keys("t").job)))
    assert back == job and back.identity() == job.identity()
    profile = back.portals[0].profile()
    assert profile == load_profile("demo")
    assert all(url.startswith("http://127.0.0.1:8123/") for url in back.portals[0].starts)


def test_an_address_is_a_portal_without_a_profile() -> None:
    portal = portal_job("http://127.0.0.1:8123/", base_url="http://127.0.0.1:9", delay=0.02)
    assert (portal.name, portal.starts, portal.profile_toml) == (
        "127-0-0-1", ["http://127.0.0.1:8123/"], None
    )  # fmt: skip
    assert portal.profile().generic


def test_other_options_are_another_job() -> None:
    a = Job([portal_job("demo", base_url="http://127.0.0.1:1", delay=0.02)])
    b = Job([portal_job("demo", base_url="http://127.0.0.1:1", delay=0.05)])
    assert a.identity() != b.identity()


def test_a_job_of_other_code_is_refused() -> None:
    data = Job([PortalJob("demo", [], 1.0, profile_toml="")]).to_dict()
    data["version"] = 99
    with pytest.raises(ValueError, match="run the same code on every worker"):
        Job.from_dict(data)


def test_the_seeds_are_the_start_listings_with_the_spiders_callbacks() -> None:
    portal = portal_job("demo", base_url="http://127.0.0.1:1", delay=0.02)
    seeds = seed_requests(portal)
    assert [r.url for r, _, _ in seeds][: len(portal.starts)] == portal.starts
    assert {(callback, errback) for _, callback, errback in seeds[: len(portal.starts)]} == {
        ("parse_listing", "request_failed")
    }
