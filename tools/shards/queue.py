"""Shard builds on a job queue in Redis (RQ): `python -m tools.shards queue|worker`.

`queue` makes the plan, puts one job per shard that is not current on the queue `shards`
(job id `shard-<key>-<hash>`, so running it again while jobs are pending adds nothing), waits
for them and merges. `worker` runs an RQ worker for that queue, here or on any machine that has
the code, the Redis address and the shards folder (shared storage: every worker writes its
shard's folder there, the merge reads them all).

A worker that dies (SIGKILL, a machine lost) stops sending heartbeats; once its job has had none
for `heartbeat_grace` seconds the job counts as abandoned, and the next maintenance pass of any
live worker (every `maintenance_interval` seconds) puts it back on the queue while it has
retries left (RQ's `Retry`). RQ itself waits 60 s past the monitoring interval; `ShardWorker`
makes that grace a setting. A shard build holds a lock on its folder (run.py), so a retried
build waits for a build of the same shard that is somehow still running.
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path
from typing import Any

from redis import Redis
from rq import Queue, Retry, Worker
from rq.job import Job, JobStatus

from .run import ShardError, build, merge, read_json

logger = logging.getLogger(__name__)
QUEUE = "shards"
DEFAULT_REDIS = "redis://127.0.0.1:6379/0"


def redis_url(value: str | None) -> str:
    return value or os.environ.get("REDIS_URL") or DEFAULT_REDIS


def build_shard(folder: str, key: str) -> dict[str, Any]:
    """The job: build one shard (skipped when current)."""
    return build(Path(folder), key)


class ShardWorker(Worker):
    """An RQ worker whose jobs are abandoned `heartbeat_grace` seconds after their last
    heartbeat (RQ: 60), so a lost worker's shard is retried sooner."""

    heartbeat_grace = 60

    def get_heartbeat_ttl(self, job: Job, working_time: float = 0.0) -> int:
        interval = self.job_monitoring_interval
        if job.timeout and job.timeout > 0:
            interval = min(job.timeout - working_time, interval)
        return int(interval) + self.heartbeat_grace


def run_worker(
    url: str,
    *,
    name: str | None = None,
    burst: bool = False,
    heartbeat_grace: int = 60,
    maintenance_interval: int = 30,
    monitoring_interval: int = 5,
) -> bool:
    connection = Redis.from_url(url)
    worker = ShardWorker(
        [Queue(QUEUE, connection=connection)],
        connection=connection,
        name=name,
        maintenance_interval=maintenance_interval,
        job_monitoring_interval=monitoring_interval,
        # An idle worker waits on the queue for worker_ttl - 15 s (RQ: 405) before its next
        # maintenance pass; this keeps that wait to one maintenance interval, so a lost
        # worker's shard is put back even when every other worker is idle.
        worker_ttl=maintenance_interval + 15,
    )
    worker.heartbeat_grace = heartbeat_grace
    return worker.work(burst=burst, with_scheduler=False, logging_level="INFO")


def enqueue(
    url: str, folder: Path, plan: dict[str, Any], *, retries: int = 3, timeout: int = 6 * 3600
) -> list[Job]:
    """One job per shard not built from its current content (existing pending jobs reused)."""
    connection = Redis.from_url(url)
    queue = Queue(QUEUE, connection=connection)
    jobs = []
    for key, shard in sorted(plan["shards"].items()):
        try:
            if read_json(folder / key / "stamp.json").get("hash") == shard["hash"]:
                continue
        except (OSError, ValueError):
            pass
        job_id = f"shard-{key}-{shard['hash'][:16]}"
        job = None
        try:
            job = Job.fetch(job_id, connection=connection)
        except Exception:  # noqa: BLE001 - no such job (rq raises NoSuchJobError)
            job = None
        if job is None or job.get_status() in (JobStatus.FAILED, JobStatus.CANCELED, None):
            if job is not None:
                job.delete()
            job = queue.enqueue(
                build_shard,
                str(folder),
                key,
                job_id=job_id,
                retry=Retry(max=retries),
                job_timeout=timeout,
                result_ttl=24 * 3600,
                failure_ttl=24 * 3600,
                description=f"shard {key} ({shard['articles']} articles)",
            )
        jobs.append(job)
    return jobs


def wait(jobs: list[Job], *, poll: float = 0.5, limit: float | None = None) -> None:
    """Until every job finished; ShardError naming the shards whose job failed for good."""
    started = time.monotonic()
    pending = {job.id: job for job in jobs}
    while pending:
        for job_id, job in list(pending.items()):
            status = job.get_status(refresh=True)
            if status == JobStatus.FINISHED:
                del pending[job_id]
            elif status in (JobStatus.FAILED, JobStatus.CANCELED, JobStatus.STOPPED):
                if status == JobStatus.FAILED and (job.retries_left or 0) > 0:
                    continue  # RQ puts it back on the queue
                info = (job.latest_result().exc_string or "")[-2000:] if job.latest_result() else ""
                raise ShardError(f"{job.description}: the job {status.value}\n{info}")
        if limit is not None and time.monotonic() - started > limit:
            raise ShardError(
                f"{len(pending)} shard job(s) still pending after {limit:.0f} s: "
                f"{', '.join(sorted(pending))}; are workers running? (python -m tools.shards "
                "worker)"
            )
        if pending:
            time.sleep(poll)


def run_queue(
    url: str, folder: Path, plan: dict[str, Any], output: Path | None, *, limit: float | None
) -> dict[str, Any]:
    jobs = enqueue(url, folder, plan)
    logger.info("%d shard job(s) on the queue %r at %s", len(jobs), QUEUE, url)
    wait(jobs, limit=limit)
    if output is None:
        return {"jobs": len(jobs)}
    return {"jobs": len(jobs), **merge(folder, output)}
