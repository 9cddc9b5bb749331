"""Which release `make rollback` goes back to: the newest verified one older than the current.

A release is a candidate only when it was marked verified after its publish (rsync:
`releases/<name>.verified`; GitHub Pages: a note in `refs/notes/publish-verified`) and its files
on the target still match the build manifest it carries. Every release passed over is reported
with the reason.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .build_manifest import BuildManifest, ManifestError, Mismatch
from .ghpages import Commit, GhPagesTarget
from .rsync_target import VERIFIED, RsyncTarget

log = logging.getLogger(__name__)


class NoRollback(RuntimeError):
    """No release qualifies; nothing was changed. The message lists what was passed over."""


@dataclass(frozen=True)
class Release:
    id: str  # rsync: the release name; ghpages: the commit
    label: str  # how messages name it
    verified: bool
    unverified_reason: str = "not verified"


@dataclass(frozen=True)
class Choice:
    current: Release
    chosen: Release
    skipped: tuple[tuple[Release, str], ...]

    def lines(self) -> list[str]:
        """One line per release passed over, newest first."""
        return [f"skipped {release.label}: {reason}" for release, reason in self.skipped]


Check = Callable[[Release], str | None]  # None when the release is intact, else why not


def manifest_check(
    load: Callable[[str], BuildManifest | None], compare: Callable[[str, BuildManifest], Mismatch]
) -> Check:
    """A Check that compares a release's files on the target with the manifest it carries."""

    def check(release: Release) -> str | None:
        try:
            manifest = load(release.id)
        except ManifestError as error:
            return f"its build manifest is unreadable ({error})"
        if manifest is None:
            return "it has no build manifest, so it cannot be shown to be complete"
        mismatch = compare(release.id, manifest)
        if mismatch:
            first = "; ".join(mismatch.lines(3))
            return f"its files no longer match its build manifest ({mismatch.summary()}: {first})"
        return None

    return check


def choose(current: Release, older: Iterable[Release], check: Check) -> Choice:
    """The first verified, intact release of `older` (newest first); NoRollback when none."""
    skipped: list[tuple[Release, str]] = []
    for release in older:
        if not release.verified:
            skipped.append((release, release.unverified_reason))
            continue
        problem = check(release)
        if problem:
            skipped.append((release, problem))
            continue
        return Choice(current, release, tuple(skipped))
    passed = "".join(f"\n  skipped {r.label}: {why}" for r, why in skipped)
    raise NoRollback(
        f"no verified release older than the current one ({current.label}) to roll back to"
        f"{passed or ' (there is no older release at all)'}"
    )


def rsync_choice(target: RsyncTarget) -> Choice:
    releases, current = target.state()
    if current is None or current not in releases:
        raise NoRollback(f"{target.dest}: nothing is published yet (no current release)")
    verified = target.verified()

    def release(name: str) -> Release:
        why = (
            f"not verified (no releases/{name}{VERIFIED}: its publish failed, was killed before "
            "verification finished, or ran before verification markers existed)"
        )
        return Release(name, f"releases/{name}", name in verified, why)

    older = [release(name) for name in reversed(releases[: releases.index(current)])]
    check = manifest_check(target.build_manifest, target.check_release)
    return choose(release(current), older, check)


def ghpages_choice(target: GhPagesTarget, tip: str) -> Choice:
    commits = target.history(tip)
    current_id = commits[0].restores or commits[0].sha
    index = next((i for i, c in enumerate(commits) if c.sha == current_id), None)
    if index is None:
        raise NoRollback(
            f"{target.branch} at {tip[:12]} restores {current_id[:12]}, which is not in its history"
        )
    why = (
        "not verified (no note in refs/notes/publish-verified: its publish failed, was killed "
        "before verification finished, or ran before verification notes existed)"
    )

    def release(commit: Commit) -> Release:
        label = f"{commit.sha[:12]} ({commit.subject})"
        return Release(commit.sha, label, bool(commit.verified), why)

    older = [release(c) for c in commits[index + 1 :] if c.restores is None]
    check = manifest_check(target.build_manifest, target.check_release)
    return choose(release(commits[index]), older, check)
