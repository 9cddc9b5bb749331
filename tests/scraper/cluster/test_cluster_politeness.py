"""Per-host delay holds across the workers together: the portal itself sees its requests at
least the delay apart, although two workers (each its own process) crawl it. (A worker starts
a host's next request only after the previous answer came back, whoever sent it, so the
portal's own clock shows the delay however late a busy process runs.)"""

from __future__ import annotations

import pytest

from scraper.cluster.redisserver import local_redis
from tests.scraper.cluster.cluster_support import run_cluster
from tools.demo_portal import serve

pytestmark = pytest.mark.slow

DELAY = 0.2
ROUNDING = 0.002  # the turns are counted in milliseconds of the Redis server's clock


def test_two_workers_share_one_delay_per_host(tmp_path) -> None:
    with serve() as (base, state), local_redis(tmp_path / "redis") as redis:
        result = run_cluster(
            base, tmp_path / "content", tmp_path / "w",
            "--start-url", f"{base}/chuyen-muc/xay-dung-dang/", "--delay", DELAY, redis=redis,
        )  # fmt: skip
        times = sorted(t for hits in state.times.values() for t in hits)
        agents = set(state.user_agents)
    assert result.returncode == 0, result.stdout + result.stderr
    warcs = list((tmp_path / "w" / "demo").glob("*.warc.gz"))
    assert len(warcs) == 2  # both workers fetched from the portal
    assert len(times) >= 20 and len(agents) == 1
    gaps = sorted(b - a for a, b in zip(times, times[1:], strict=False))
    assert gaps[0] >= DELAY - ROUNDING, gaps[:5]


def test_a_retry_after_holds_the_host_for_every_worker(tmp_path) -> None:
    """The portal answers 429 with Retry-After: 1 once: no worker sends it anything for that
    second (the other section's pages wait too, whichever worker has them); then the page is
    fetched and the crawl completes."""
    section = "/chuyen-muc/xay-dung-dang/"
    with (
        serve(faults={section: "429-once"}) as (base, state),
        local_redis(tmp_path / "redis") as redis,
    ):
        result = run_cluster(
            base, tmp_path / "content", tmp_path / "w",
            "--start-url", f"{base}{section}", "--start-url", f"{base}/chuyen-muc/kinh-te/",
            "--delay", "0.05", redis=redis,
        )  # fmt: skip
        refused = state.times[section][0]
        after = sorted(t for hits in state.times.values() for t in hits if t > refused)
    assert result.returncode == 0, result.stdout + result.stderr
    assert len(state.times[section]) == 2  # refused once, then fetched
    assert after[0] - refused >= 1.0 - ROUNDING
    assert "Summary: new 24," in result.stdout
