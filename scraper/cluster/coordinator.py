"""`python -m scraper crawl-cluster PROFILE_OR_ADDRESS... --workers N`: the cluster crawl.

The coordinator starts a private redis-server unless given one (`--redis URL` / REDIS_URL),
writes the job (or resumes an unfinished one with the same portals and options), seeds the
frontier with the start pages and the profiles' sitemaps and feeds, starts N local workers (more
can join from other machines: `python -m scraper cluster-worker --redis URL`), runs the store
consumer (the only writer of content/), puts the leases of dead workers back into the frontier,
and ends the job when nothing is left: frontier empty, no request in any worker's hands, no
article waiting to be written. It prints one summary per portal.

Exit codes as `crawl`: 0 every page fine; 1 some pages failed; 2 nothing could be done."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from scraper.cluster import serial
from scraper.cluster.frontier import reap
from scraper.cluster.job import Job, PortalJob
from scraper.cluster.keys import DEFAULT_PREFIX, Keys
from scraper.report import Report

log = logging.getLogger(__name__)

DEFAULT_LEASE = 30.0
PROGRESS_EVERY = 10.0
ROOT = Path(__file__).resolve().parents[2]


class ClusterError(Exception):
    """A bad target or option: printed as `error: ...`, exit code 2."""


def portal_job(target: str, **options) -> PortalJob:
    """One portal of the job, validated as `crawl` validates it (profile, start URLs, delay)."""
    from scraper.crawl import rebase
    from scraper.fetching import unusable_url
    from scraper.profiles import ProfileError, generic_profile, load_profile, profile_path
    from scraper.settings import PolitenessError, effective_delay, hosts_of

    address = target if target.startswith(("http://", "https://")) else None
    try:
        if address:
            profile = generic_profile(address, options.get("name"))
            text, path = None, None
        else:
            profile = load_profile(target)
            path = profile_path(target)
            text = path.read_text(encoding="utf-8")
        starts = list(profile.start_urls)
        if options.get("base_url") and not address:  # an address is where it is
            starts = rebase(starts, options["base_url"])
        if options.get("start_url"):
            starts = list(options["start_url"])
        for url in starts:
            problem = unusable_url(url)
            if problem:
                raise ValueError(f"start URL {url!r}: {problem}")
        delay = effective_delay(options.get("delay"), profile, hosts_of(starts))
    except (ProfileError, PolitenessError, ValueError) as error:
        raise ClusterError(str(error)) from None
    return PortalJob(
        name=profile.name,
        starts=starts,
        delay=delay,
        profile_toml=text,
        profile_path=str(path) if path else None,
        address=address,
        timeout=options.get("timeout"),
        max_size=options.get("max_size"),
        retries=options.get("retries"),
        contact=options.get("contact"),
        images=options.get("images", True),
        only_new=bool(options.get("only_new")),
    )


def seed_requests(portal: PortalJob) -> list:
    """The start listings and the profile's sitemaps and feeds, as the spider's own start()
    would make them; their callbacks by name (the workers' spider methods)."""
    import scrapy

    profile = portal.profile()
    seeds = []
    for url in portal.starts:
        seeds.append(
            (
                scrapy.Request(url, meta={"kind": "listing", "depth": 0, "via": "listing"}),
                "parse_listing",
                "request_failed",
            )
        )
    for url in profile.discovery.sitemap_urls:
        seeds.append(
            (
                scrapy.Request(url, meta={"kind": "sitemap"}, priority=10),
                "parse_sitemap",
                "discovery_failed",
            )
        )
    for url in profile.discovery.feed_urls:
        seeds.append((scrapy.Request(url, meta={"kind": "feed"}), "parse_feed", "discovery_failed"))
    return seeds


def clear_job(server, keys: Keys) -> int:
    removed = 0
    for key in server.scan_iter(match=keys.pattern(), count=1000):
        removed += server.delete(key)
    return removed


def start_job(server, keys: Keys, job: Job, stored: set[str]) -> None:
    """A new job: every key of the prefix cleared, the job written, the frontier seeded."""
    from scraper.cluster.frontier import SharedDupeFilter

    clear_job(server, keys)
    for portal in job.portals:
        dupes = SharedDupeFilter(server, key=keys.seen(portal.name))
        for request, callback, errback in seed_requests(portal):
            if dupes.request_seen(request):
                continue
            data = request.to_dict()
            data["callback"], data["errback"] = callback, errback
            server.zadd(keys.frontier(portal.name), {serial.dumps(data): -request.priority})
        if portal.only_new and stored:
            server.sadd(keys.stored(portal.name), *sorted(stored))
    server.set(keys.job, serial.dumps({**job.to_dict(), "identity": job.identity()}))


# KEYS: items, items taken, workers, every portal's frontier; ARGV: in-flight key prefix.
_REMAINING = """
local frontier = 0
for i = 4, #KEYS do frontier = frontier + redis.call('ZCARD', KEYS[i]) end
local inflight = 0
for _, worker in ipairs(redis.call('SMEMBERS', KEYS[3])) do
  inflight = inflight + redis.call('HLEN', ARGV[1] .. worker)
end
return {frontier, inflight, redis.call('LLEN', KEYS[1]) + redis.call('LLEN', KEYS[2])}
"""


def remaining(server, keys: Keys, job: Job) -> dict[str, int]:
    """What is left, read in one atomic step: a request moving from a worker's hands to the
    frontier (or an article to the consumer's list) is never missed by being in neither."""
    script = server.register_script(_REMAINING)
    frontiers = [keys.frontier(p.name) for p in job.portals]
    frontier, inflight, items = script(
        keys=[keys.items, keys.items_taken, keys.workers, *frontiers],
        args=[keys.inflight("")],
    )
    return {"frontier": int(frontier), "inflight": int(inflight), "items": int(items)}


def worker_command(redis_url: str, prefix: str, captures: Path, log_level: str) -> list[str]:
    return [
        sys.executable, "-m", "scraper", "cluster-worker", "--redis", redis_url,
        "--prefix", prefix, "--captures", str(captures), "--log-level", log_level,
        "--wait", "30",
    ]  # fmt: skip


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


def _events(server, keys: Keys, reports: dict[str, Report], seen: set) -> None:
    """Workers' report lines into the portals' reports (a page retried after a dead worker
    reports once)."""
    while True:
        batch = server.lpop(keys.events, 500)
        if not batch:
            return
        for raw in batch:
            event = serial.loads(raw)
            report = reports.get(event.get("portal"))
            if report is None:
                continue
            kind, entry = event["kind"], event["entry"]
            marker = (event["portal"], kind, tuple(entry))
            if marker in seen:
                continue
            seen.add(marker)
            getattr(report, kind).append(tuple(entry))


def crawl_cluster(
    targets: Sequence[str],
    output: Path,
    *,
    workers: int = 2,
    redis_url: str | None = None,
    redis_dir: Path | None = None,
    prefix: str = DEFAULT_PREFIX,
    captures: Path | None = None,
    lease: float = DEFAULT_LEASE,
    fresh: bool = False,
    progress: bool = True,
    log_level: str = "WARNING",
    **options,
) -> int:
    """Run a cluster crawl of `targets` into `output`; returns the exit code."""
    import contextlib

    from scraper.cluster.redisserver import DEFAULT_DATA_DIR, RedisServerError, local_redis

    if len(targets) > 1 and (options.get("start_url") or options.get("name")):
        print("error: --start-url and --name need a single portal", file=sys.stderr)
        return 2
    if workers < 0:
        print(f"error: --workers {workers}: give 0 or more", file=sys.stderr)
        return 2
    try:
        job = Job([portal_job(target, **options) for target in targets], lease_seconds=lease)
    except ClusterError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    names = [p.name for p in job.portals]
    if len(set(names)) != len(names):
        print(f"error: a portal is named twice: {' '.join(names)}", file=sys.stderr)
        return 2
    redis_url = redis_url or os.environ.get("REDIS_URL") or None
    try:
        with contextlib.ExitStack() as stack:
            if redis_url is None:
                redis_url = stack.enter_context(local_redis(redis_dir or DEFAULT_DATA_DIR))
            return _run(
                job,
                Path(output),
                redis_url,
                workers,
                prefix,
                Path(captures or "captures"),
                fresh,
                progress,
                log_level,
            )
    except RedisServerError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


def _run(job: Job, output: Path, redis_url: str, workers: int, prefix: str, captures: Path,
         fresh: bool, progress: bool, log_level: str) -> int:  # fmt: skip
    import redis

    from scraper.cluster.consumer import StoreConsumer
    from scraper.settings import IMAGE_MAX_BYTES
    from scraper.store import Store

    keys = Keys(prefix)
    server = redis.Redis.from_url(redis_url)
    try:
        server.ping()
    except redis.RedisError as error:
        print(f"error: cannot reach Redis at {redis_url}: {error}", file=sys.stderr)
        return 2
    store = Store(output)
    reports = {p.name: Report() for p in job.portals}
    raw = server.get(keys.job)
    previous = serial.loads(raw) if raw else None
    resume = (
        not fresh
        and previous is not None
        and previous.get("identity") == job.identity()
        and not server.exists(keys.done)
    )
    if resume:
        left = remaining(server, keys, job)
        print(f"Resuming the unfinished cluster crawl: {left['frontier']} request(s) in the"
              f" frontier, {left['inflight']} in workers' hands (back when their lease of"
              f" {job.lease_seconds:g} s ends), {left['items']} article(s) to write",
              file=sys.stderr)  # fmt: skip
    else:
        if previous is not None and not server.exists(keys.done) and not fresh:
            names = ", ".join(p["name"] for p in previous.get("portals", []))
            print(f"An unfinished cluster crawl of {names} with other portals or options is"
                  " replaced by this one (the same command as before resumes it instead)",
                  file=sys.stderr)  # fmt: skip
        stored = set(store.sources) if any(p.only_new for p in job.portals) else set()
        start_job(server, keys, job, stored)
    consumer = StoreConsumer(server, keys, store, reports, IMAGE_MAX_BYTES)
    consumer.recover()
    print(f"Cluster crawl of {', '.join(reports)} with {workers} local worker(s) on"
          f" {redis_url} (prefix {prefix}), into {output}; more workers: python -m scraper"
          f" cluster-worker --redis {redis_url} --prefix {prefix}", file=sys.stderr)  # fmt: skip
    command = worker_command(redis_url, prefix, captures, log_level)
    local = [
        subprocess.Popen(command, cwd=ROOT, env=_env(), stdin=subprocess.DEVNULL)
        for _ in range(workers)
    ]
    seen: set = set()
    started = last_line = last_reap = time.monotonic()
    code = 0
    try:
        while True:
            consumer.drain(timeout=0.2)
            now = time.monotonic()
            if now - last_reap >= 1.0:
                last_reap = now
                reap(server, keys)
                _events(server, keys, reports, seen)
                left = remaining(server, keys, job)
                if not any(left.values()):
                    break
                if local and all(p.poll() is not None for p in local) and not _anyone(server, keys):
                    print("error: every worker has stopped with work left; run the same"
                          " command again to resume", file=sys.stderr)  # fmt: skip
                    code = 1
                    break
                if progress and now - last_line >= PROGRESS_EVERY:
                    last_line = now
                    print(f"cluster: {consumer.written} articles written after"
                          f" {now - started:.0f} s; frontier {left['frontier']}, in workers'"
                          f" hands {left['inflight']}, workers {server.scard(keys.workers)}",
                          file=sys.stderr)  # fmt: skip
        if code == 0:
            server.set(keys.done, "1")
    finally:
        for process in local:
            try:
                process.wait(timeout=60 if code == 0 else 0.1)
            except subprocess.TimeoutExpired:
                process.terminate()
                process.wait(timeout=30)
    _events(server, keys, reports, seen)
    consumer.drain(timeout=0.05, limit=1_000_000)
    for name, report in reports.items():
        report.listings = int(server.get(keys.listings(name)) or 0)
    if code == 0:
        clear_job(server, keys)  # finished: nothing to resume
        server.set(keys.done, "1", ex=3600)  # remote workers still waiting see the end
    for name, report in reports.items():
        if len(reports) > 1:
            print(f"== {name}")
        print(report.summary(output))
    print(f"Articles written: {consumer.written}; captures in {captures}/<portal>/, one file"
          " per worker and portal")  # fmt: skip
    if code:
        return code
    if any(report.listings == 0 for report in reports.values()):
        empty = [name for name, report in reports.items() if report.listings == 0]
        print(f"error: {', '.join(empty)}: no listing page could be fetched and read",
              file=sys.stderr)  # fmt: skip
        return 2
    return max(report.exit_code() for report in reports.values())


def _anyone(server, keys: Keys) -> bool:
    """Is any worker (here or on another machine) alive?"""
    return any(server.exists(keys.alive(w.decode())) for w in server.smembers(keys.workers))
