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
from collections.abc import Callable, Iterator
from pathlib import Path

from tools.publishing import staging as staging_folders
from tools.publishing.build import Refused, build_for_publishing, check_before_upload
from tools.publishing.build_manifest import BuildManifest, ManifestError, Mismatch
from tools.publishing.config import ConfigError, PublishConfig, load_config
from tools.publishing.deploy import failed, http_check, publish_ghpages, publish_rsync
from tools.publishing.ghpages import GhPagesError, GhPagesTarget
from tools.publishing.lock import LockBusy, PublishLock, stale_lock_message
from tools.publishing.rollback import NoRollback, ghpages_choice, rsync_choice
from tools.publishing.rsync_target import RsyncTarget, TargetError
from tools.publishing.size import over_limit, parse_size
from tools.publishing.verify import Reader

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


def capture_packages(cfg: PublishConfig, content: Path) -> dict:
    """With PUBLISH_CAPTURES: verify the WACZ packages (Refused when they fail) and return the
    build's `add_files` step that puts them into the site; without it, nothing."""
    if not cfg["captures"]:
        return {}
    from tools.publishing.captures import add_packages, verified_packages  # the scraper's stack

    packages = verified_packages(cfg, content)
    return {"add_files": lambda site: add_packages(packages, site)}


def check_size(cfg: PublishConfig, manifest: BuildManifest) -> None:
    """Refused when the build is bigger than the target's PUBLISH['size_limit']."""
    sizes = {path: entry.size for path, entry in manifest.files.items()}
    refusal = over_limit(sizes, parse_size(cfg["size_limit"]), cfg["target"])
    if refusal:
        raise Refused(refusal)


def command_publish(args: argparse.Namespace, cfg: PublishConfig) -> int:
    target = _rsync(cfg) if cfg["target"] == "rsync" else _ghpages(cfg)  # settings checked first
    with publish_lock(cfg):
        staging_folders.remove_leftovers(args.output)
        extra = capture_packages(cfg, args.content)  # verified first: Refused when they fail
        staging = staging_folders.new_staging(args.output, staging_folders.run_id())
        try:
            build_for_publishing(args.content, staging, cfg.conf_file, cfg.site_url, **extra)
            manifest = check_before_upload(staging)  # the last look before anything is sent
            check_size(cfg, manifest)
            if isinstance(target, RsyncTarget):
                status = publish_rsync(cfg, target, staging, manifest, args.dry_run)
            else:
                status = publish_ghpages(cfg, target, staging, manifest, args.dry_run)
            if not args.dry_run:  # the output folder now holds exactly what was published
                staging_folders.hand_over(staging, args.output)
            return status
        finally:
            shutil.rmtree(staging, ignore_errors=True)


def _rollback_rsync(cfg: PublishConfig) -> tuple[Reader, BuildManifest | None]:
    target = _rsync(cfg)
    choice = rsync_choice(target)
    for line in choice.lines():
        print(line)
    target.switch(choice.chosen.id)
    print(
        f"Rolled back {target.dest}: current -> {choice.chosen.label} "
        f"(was {choice.current.label}); it is the newest verified release before it"
    )
    return target.reader(choice.chosen.id), target.build_manifest(choice.chosen.id)


def _rollback_ghpages(cfg: PublishConfig) -> tuple[Reader, BuildManifest | None]:
    gh = _ghpages(cfg)
    tip = gh.prepare()
    if tip is None:
        raise NoRollback(f"{gh.remote} has no {gh.branch} branch yet; nothing to roll back")
    choice = ghpages_choice(gh, tip)
    for line in choice.lines():
        print(line)
    new_tip = gh.restore(tip, choice.chosen.id)
    print(
        f"Rolled back {gh.remote} ({gh.branch}) to the site of {choice.chosen.label} "
        f"(was {choice.current.label}); it is the newest verified release before it"
    )
    return gh.reader(new_tip), gh.build_manifest(new_tip)


def command_rollback(args: argparse.Namespace, cfg: PublishConfig) -> int:
    with publish_lock(cfg):
        rollback = _rollback_rsync if cfg["target"] == "rsync" else _rollback_ghpages
        read, manifest = rollback(cfg)
        assert manifest is not None  # only releases that carry a manifest are chosen
        problems, _ = http_check(cfg, manifest.digests(), read)
    return failed(problems, "the rolled-back site is not served as stored") if problems else 0


def _verify_release(
    cfg: PublishConfig,
    where: str,
    read: Reader,
    manifest: BuildManifest | None,
    check: Callable[[BuildManifest], Mismatch],
    listing: Callable[[], dict[str, str]],
) -> int:
    if manifest is None:
        log.warning("%s has no build manifest (published before manifests)", where)
        expected = listing()
    else:
        mismatch = check(manifest)
        if mismatch:
            problems = [f"{where}: {mismatch.summary()}", *mismatch.lines()]
            return failed(problems, "the live release is not the build it was", "check failed")
        expected = manifest.digests()
    problems, http = http_check(cfg, expected, read)
    if problems:
        return failed(problems, "the served site differs from the published one")
    print(f"Verified: {where} holds its build; {http}")
    return 0


def command_verify(args: argparse.Namespace, cfg: PublishConfig) -> int:
    """Check the live release: its files against its build manifest, then over HTTP."""
    if cfg["target"] == "rsync":
        target = _rsync(cfg)
        _, current = target.state()
        if current is None:
            raise TargetError(f"{target.dest}: nothing is published yet (no current release)")
        return _verify_release(
            cfg,
            f"{target.dest}/releases/{current}",
            target.reader(current),
            target.build_manifest(current),
            lambda manifest: target.check_release(current, manifest),
            lambda: target.manifest(current),
        )
    gh = _ghpages(cfg)
    tip = gh.prepare()
    if tip is None:
        raise GhPagesError(f"{gh.remote} has no {gh.branch} branch yet; nothing to verify")
    return _verify_release(
        cfg,
        f"{gh.remote} ({gh.branch}) at {tip[:12]}",
        gh.reader(tip),
        gh.build_manifest(tip),
        lambda manifest: gh.check_release(tip, manifest),
        lambda: gh.sha256s(tip),
    )


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
    except (Refused, ConfigError, LockBusy, NoRollback) as error:
        print(f"publish: refused: {error}\nNothing on the target was changed.", file=sys.stderr)
        return 2
    except (TargetError, GhPagesError, ManifestError) as error:
        print(f"publish: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
