"""Publish the archive: build with publishconf.py, refuse a bad build, deploy, verify, roll back.

    python -m tools.publish publish  --conf publishconf.py [--content content] [--output output]
                                     [--dry-run]
    python -m tools.publish rollback --conf publishconf.py
    python -m tools.publish verify   --conf publishconf.py

Settings: the PUBLISH dict in publishconf.py, overridable by ARCHIVE_PUBLISH_* variables
(tools/publishing/config.py). `publish` and `rollback` hold the project's publish lock
(PUBLISH['lock_file'], tools/publishing/lock.py) for their whole run. Exit status: 0 done,
1 deploy or verification failed (the previous site is served again), 2 refused, misconfigured
or another publish running (nothing on the target changed).
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import shutil
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from tools.publishing import staging as staging_folders
from tools.publishing.build import Refused, build_for_publishing
from tools.publishing.config import ConfigError, PublishConfig, load_config
from tools.publishing.ghpages import GhPagesError, GhPagesTarget
from tools.publishing.lock import LockBusy, PublishLock, stale_lock_message
from tools.publishing.manifest import diff, git_blob_id, scan
from tools.publishing.rsync_target import RsyncTarget, TargetError
from tools.publishing.verify import Reader, plan_checks, verify

log = logging.getLogger("tools.publish")


def _rsync(cfg: PublishConfig) -> RsyncTarget:
    return RsyncTarget(
        cfg["dest"], ssh=cfg["ssh"], rsync_options=cfg["rsync_options"], keep=cfg["keep"]
    )


def _ghpages(cfg: PublishConfig) -> GhPagesTarget:
    return GhPagesTarget(
        cfg.resolve(cfg["ghpages_repo"]),
        cfg["ghpages_remote"],
        cfg["ghpages_branch"],
        cfg["ghpages_cname"],
    )


@contextlib.contextmanager
def publish_lock(cfg: PublishConfig) -> Iterator[PublishLock]:
    """Hold the project's publish lock; LockBusy when another run holds it."""
    command = " ".join(["python -m tools.publish", *sys.argv[1:]])
    with PublishLock(cfg.resolve(cfg["lock_file"]), command) as lock:
        if lock.stale is not None:
            log.warning("%s", stale_lock_message(lock.path, lock.stale))
        yield lock


def _local_reader(folder: Path) -> Reader:
    def read(path: str) -> bytes | None:
        file = folder / path
        return file.read_bytes() if file.is_file() else None

    return read


def _verify(cfg: PublishConfig, read: Reader) -> list[str]:
    if not cfg["verify"]:
        log.info("verification is off (PUBLISH['verify'] = False)")
        return []
    plan = plan_checks(read, cfg.site_url, cfg.feeds)
    return verify(cfg.public_url, plan, attempts=cfg["verify_attempts"], delay=cfg["verify_delay"])


def _failed(problems: list[str], what: str) -> int:
    print(f"publish: verification failed; {what}:", file=sys.stderr)
    for problem in problems:
        print(f"  {problem}", file=sys.stderr)
    return 1


def publish_rsync(cfg: PublishConfig, target: RsyncTarget, staging: Path, dry_run: bool) -> int:
    if dry_run:
        changes = diff(target.manifest(), scan(staging))
        print(f"Dry run: publishing to {target.dest} would change (nothing was changed):")
        print("\n".join(changes.lines()))
        return 0
    _, previous = target.state()
    name, stats = target.upload(staging)
    log.info(
        "uploaded release %s: %d of %d bytes sent as file data (%d file(s)), the rest hard-linked",
        name,
        stats.literal,
        stats.total_size,
        stats.files,
    )
    target.switch(name)
    problems = _verify(cfg, _local_reader(staging))
    if problems:
        target.switch(previous)
        target.discard(name)
        back = f"releases/{previous} is served again" if previous else "current was removed"
        return _failed(problems, f"rolled back ({back}; the new release was moved aside)")
    removed = target.prune()
    print(
        f"Published release {name} to {target.dest} ({stats.literal} bytes uploaded of "
        f"{stats.total_size})"
        + (f"; verified at {cfg.public_url}" if cfg["verify"] else "; not verified")
        + (f"; removed old release(s) {', '.join(removed)}" if removed else "")
    )
    return 0


def publish_ghpages(cfg: PublishConfig, target: GhPagesTarget, staging: Path, dry_run: bool) -> int:
    tip = target.prepare()
    if dry_run:
        changes = diff(target.manifest(tip), scan(staging, digest=git_blob_id))
        where = f"{target.remote} ({target.branch})"
        print(f"Dry run: publishing to {where} would change (nothing was changed):")
        print("\n".join(changes.lines()))
        return 0
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    new_tip = target.publish(staging, f"Publish the archive ({stamp})")
    problems = _verify(cfg, _local_reader(staging))
    if problems:
        if tip is None:
            return _failed(
                problems, "this was the first publish, so there is nothing to go back to"
            )
        target.revert_to_parent(new_tip)
        return _failed(problems, f"rolled {target.branch} back to the previous site")
    verified = f"verified at {cfg.public_url}" if cfg["verify"] else "not verified"
    print(f"Published {new_tip[:12]} to {target.remote} ({target.branch}); {verified}")
    return 0


def command_publish(args: argparse.Namespace, cfg: PublishConfig) -> int:
    target = _rsync(cfg) if cfg["target"] == "rsync" else _ghpages(cfg)  # settings checked first
    with publish_lock(cfg):
        staging_folders.remove_leftovers(args.output)
        staging = staging_folders.new_staging(args.output, staging_folders.run_id())
        try:
            build_for_publishing(args.content, staging, cfg.conf_file, cfg.site_url)
            if isinstance(target, RsyncTarget):
                status = publish_rsync(cfg, target, staging, args.dry_run)
            else:
                status = publish_ghpages(cfg, target, staging, args.dry_run)
            if not args.dry_run:  # the output folder now holds exactly what was published
                staging_folders.hand_over(staging, args.output)
            return status
        finally:
            shutil.rmtree(staging, ignore_errors=True)


def command_rollback(args: argparse.Namespace, cfg: PublishConfig) -> int:
    with publish_lock(cfg):
        return _rollback(cfg)


def _rollback(cfg: PublishConfig) -> int:
    if cfg["target"] == "rsync":
        target = _rsync(cfg)
        current, previous = target.previous()
        target.switch(previous)
        print(f"Rolled back {target.dest}: current -> releases/{previous} (was {current})")
        read = target.reader(previous)
    else:
        gh = _ghpages(cfg)
        tip = gh.prepare()
        if tip is None:
            raise GhPagesError(f"{gh.remote} has no {gh.branch} branch yet; nothing to roll back")
        new_tip = gh.revert_to_parent(tip)
        print(f"Rolled back {gh.remote} ({gh.branch}) to the previous site")
        read = gh.reader(new_tip)
    problems = _verify(cfg, read)
    return _failed(problems, "the rolled-back site is not served as stored") if problems else 0


def command_verify(args: argparse.Namespace, cfg: PublishConfig) -> int:
    if cfg["target"] == "rsync":
        read = _rsync(cfg).reader()
    else:
        gh = _ghpages(cfg)
        tip = gh.prepare()
        if tip is None:
            raise GhPagesError(f"{gh.remote} has no {gh.branch} branch yet; nothing to verify")
        read = gh.reader(tip)
    problems = verify(
        cfg.public_url,
        plan_checks(read, cfg.site_url, cfg.feeds),
        attempts=cfg["verify_attempts"],
        delay=cfg["verify_delay"],
    )
    if problems:
        return _failed(problems, "the served site differs from the published one")
    print(f"Verified: {cfg.public_url} serves the published site")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.publish", description=__doc__)
    parser.add_argument("command", choices=("publish", "rollback", "verify"))
    parser.add_argument("--conf", type=Path, default=Path("publishconf.py"))
    parser.add_argument("--content", type=Path, default=Path("content"))
    parser.add_argument("--output", type=Path, default=Path("output"))
    parser.add_argument("--dry-run", action="store_true", help="print the changes, change nothing")
    args = parser.parse_args(argv)
    args.content, args.output = args.content.resolve(), args.output.resolve()
    logging.basicConfig(level=logging.INFO, format="publish: %(message)s", stream=sys.stderr)
    commands = {"publish": command_publish, "rollback": command_rollback, "verify": command_verify}
    try:
        cfg = load_config(args.conf)
        return commands[args.command](args, cfg)
    except (Refused, ConfigError, LockBusy) as error:
        print(f"publish: refused: {error}\nNothing on the target was changed.", file=sys.stderr)
        return 2
    except (TargetError, GhPagesError) as error:
        print(f"publish: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
