"""Deploy a checked build to a target, verify it, mark it verified or take it back.

Order, for both targets: upload (not yet served) → compare what arrived with the build manifest
→ serve it → fetch it over HTTP → only then mark the release verified. A failure at any step
leaves the previous site served and the new release unmarked.
"""

from __future__ import annotations

import logging
import sys
from datetime import UTC, datetime
from pathlib import Path

from .build_manifest import BuildManifest, Mismatch
from .config import PublishConfig
from .ghpages import GhPagesError, GhPagesTarget
from .manifest import diff, git_blob_id, scan
from .rsync_target import RsyncTarget, TargetError
from .verify import Reader, plan_checks, verify

log = logging.getLogger(__name__)


def local_reader(folder: Path) -> Reader:
    def read(path: str) -> bytes | None:
        file = folder / path
        return file.read_bytes() if file.is_file() else None

    return read


def http_check(cfg: PublishConfig, expected: dict[str, str], read: Reader) -> tuple[list[str], str]:
    """(problems, what was checked) — fetch the site at public_url and compare with `expected`."""
    if not cfg["verify"]:
        log.info("HTTP verification is off (PUBLISH['verify'] = False)")
        return [], "HTTP check off (PUBLISH['verify'] = False)"
    plan = plan_checks(expected, read, cfg.site_url, cfg.feeds)
    problems = verify(
        cfg.public_url, plan, attempts=cfg["verify_attempts"], delay=cfg["verify_delay"]
    )
    return problems, f"{len(plan.expected)} URLs at {cfg.public_url} served as built"


def failed(problems: list[str], what: str, heading: str = "verification failed") -> int:
    print(f"publish: {heading}; {what}:", file=sys.stderr)
    for problem in problems:
        print(f"  {problem}", file=sys.stderr)
    return 1


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _note(manifest: BuildManifest, http: str) -> str:
    return (
        f"verified {_stamp()}: the {manifest.count} files on the target match the build "
        f"manifest (built {manifest.built}); {http}"
    )


def _unmarked(release: str, error: Exception) -> str:
    return (
        f"{release} is published and passed verification, but the marker saying so could not "
        f"be written ({error}); `make rollback` will not choose it. Publish again to get a "
        "marked release"
    )


def _incomplete(where: str, mismatch: Mismatch) -> list[str]:
    return [f"{where}: {mismatch.summary()}", *mismatch.lines()]


def publish_rsync(
    cfg: PublishConfig,
    target: RsyncTarget,
    staging: Path,
    manifest: BuildManifest,
    dry_run: bool,
) -> int:
    if dry_run:
        changes = diff(target.manifest(), scan(staging))
        print(f"Dry run: publishing to {target.dest} would change (nothing was changed):")
        print("\n".join(changes.lines()))
        return 0
    _, previous = target.state()
    served = f"releases/{previous} is still served" if previous else "nothing is served yet"
    name, stats = target.upload(staging)
    log.info(
        "uploaded release %s: %d of %d bytes sent as file data (%d file(s)), the rest hard-linked",
        name,
        stats.literal,
        stats.total_size,
        stats.files,
    )
    mismatch = target.check_release(name, manifest)
    if mismatch:
        target.discard(name)
        what = f"releases/{name} was moved aside to releases/.failed-{name}, {served}"
        problems = _incomplete(f"{target.dest}/releases/{name}", mismatch)
        return failed(problems, what, "the upload does not match the build manifest")
    target.switch(name)
    problems, http = http_check(cfg, manifest.digests(), local_reader(staging))
    if problems:
        target.switch(previous)
        target.discard(name)
        back = f"releases/{previous} is served again" if previous else "current was removed"
        return failed(problems, f"rolled back ({back}; the new release was moved aside)")
    try:
        target.mark_verified(name, _note(manifest, http))
    except TargetError as error:
        log.warning("%s", _unmarked(f"releases/{name}", error))
    removed = target.prune()
    print(
        f"Published release {name} to {target.dest} ({stats.literal} bytes uploaded of "
        f"{stats.total_size}); its {manifest.count} files match the build manifest"
        + (f"; verified at {cfg.public_url}" if cfg["verify"] else "; HTTP check off")
        + (f"; removed old release(s) {', '.join(removed)}" if removed else "")
    )
    return 0


def publish_ghpages(
    cfg: PublishConfig,
    target: GhPagesTarget,
    staging: Path,
    manifest: BuildManifest,
    dry_run: bool,
) -> int:
    tip = target.prepare()
    if dry_run:
        changes = diff(target.manifest(tip), scan(staging, digest=git_blob_id))
        where = f"{target.remote} ({target.branch})"
        print(f"Dry run: publishing to {where} would change (nothing was changed):")
        print("\n".join(changes.lines()))
        return 0
    commit = target.commit(staging, f"Publish the archive ({_stamp()})")
    mismatch = target.check_release(commit, manifest)
    if mismatch:  # checked before the push: GitHub Pages never saw it
        problems = _incomplete(f"commit {commit[:12]}", mismatch)
        what = f"nothing was pushed; {target.remote} ({target.branch}) is unchanged"
        return failed(problems, what, "the commit does not match the build manifest")
    target.push(commit)
    problems, http = http_check(cfg, manifest.digests(), local_reader(staging))
    if problems:
        if tip is None:
            return failed(problems, "this was the first publish, so there is nothing to go back to")
        target.revert_to_parent(commit)
        return failed(problems, f"rolled {target.branch} back to the previous site")
    try:
        target.mark_verified(commit, _note(manifest, http))
    except GhPagesError as error:
        log.warning("%s", _unmarked(f"commit {commit[:12]}", error))
    checked = f"verified at {cfg.public_url}" if cfg["verify"] else "HTTP check off"
    print(
        f"Published {commit[:12]} to {target.remote} ({target.branch}); {manifest.count} files "
        f"match the build manifest; {checked}"
    )
    return 0
