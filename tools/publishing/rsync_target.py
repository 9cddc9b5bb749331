"""An rsync target (local folder or SSH): `releases/<UTC timestamp>/` plus a `current` symlink.

Layout on the target (`dest`):

    releases/20261126T150800Z/     one complete site per publish (unchanged files hard-linked),
                                   with the build's .build-manifest.json
    releases/20261126T150800Z.verified   written only once the release passed verification
    releases/.partial-<name>/      an upload in progress; renamed to <name> once complete
    releases/.failed-<name>/       a release that failed verification (removed by the next publish)
    current -> releases/<name>     what the web server serves; switched with rename(2)

The same shell snippets run locally (`sh -c`) or remotely (`ssh host`), so both paths behave
alike. Needs GNU coreutils (`mv -T`, `ln -sfn`, `sha256sum`) and rsync on the target.
"""

from __future__ import annotations

import logging
import re
import shlex
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from .build_manifest import MANIFEST_NAME, BuildManifest, Mismatch, compare, parse
from .config import ConfigError
from .manifest import parse_sha256sum

log = logging.getLogger(__name__)
RELEASE_NAME = re.compile(r"^\d{8}T\d{6}Z(-\d+)?$")
VERIFIED = ".verified"  # releases/<name>.verified: the release passed verification
_STAT_LINES = {
    "files": "Number of regular files transferred",
    "total_size": "Total file size",
    "literal": "Literal data",
    "sent": "Total bytes sent",
}


class TargetError(RuntimeError):
    """A command on the target failed; the message names the command and its output."""


@dataclass(frozen=True)
class UploadStats:
    files: int  # regular files rsync had to send
    total_size: int  # bytes of the whole site
    literal: int  # bytes of file data actually sent (unchanged files are hard-linked)
    sent: int  # bytes rsync sent over the wire, protocol included


def parse_destination(dest: str) -> tuple[str | None, str]:
    """`host:/path` or `user@host:/path` -> (host, path); a local path -> (None, path)."""
    head, sep, tail = dest.partition(":")
    if sep and "/" not in head and head:
        return head, tail or "."
    return None, dest


def new_release_name(existing: list[str], now: datetime | None = None) -> str:
    """A UTC timestamp name that sorts after every existing release."""
    base = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    newest = max(existing, default="")
    base = max(base, newest[:16])  # a clock that went backwards must not break the order
    name, n = base, 1
    while name <= newest:
        n += 1
        name = f"{base}-{n:03d}"
    return name


def parse_stats(text: str) -> UploadStats:
    values = {}
    for key, label in _STAT_LINES.items():
        match = re.search(rf"^{label}: ([\d,.]+)", text, re.MULTILINE)
        values[key] = int(match.group(1).replace(",", "").replace(".", "")) if match else 0
    return UploadStats(**values)


class RsyncTarget:
    def __init__(self, dest: str, *, ssh: str = "ssh", rsync_options=(), keep: int = 5) -> None:
        if not dest:
            raise ConfigError(
                "no rsync destination: set PUBLISH['dest'] in publishconf.py or "
                "ARCHIVE_PUBLISH_DEST=/srv/archive (or user@host:/srv/archive)"
            )
        self.dest = dest
        self.host, self.root = parse_destination(dest)
        self.ssh = ssh
        self.rsync_options = list(rsync_options)
        self.keep = keep

    # -- running things ---------------------------------------------------------------------
    def _sh(
        self, script: str, *, ok: tuple[int, ...] = (0,), create: bool = False
    ) -> tuple[int, bytes]:
        root = shlex.quote(self.root)
        enter = f"mkdir -p {root}" if create else f"[ -d {root} ] || exit 0"
        script = f"set -e; {enter}; cd {root}; {script}"
        argv = [*shlex.split(self.ssh), self.host, script] if self.host else ["sh", "-c", script]
        result = subprocess.run(argv, capture_output=True)
        if result.returncode not in ok:
            raise TargetError(
                f"on {self.dest}: `{script}` failed (exit {result.returncode}): "
                f"{result.stderr.decode(errors='replace').strip()}"
            )
        return result.returncode, result.stdout

    def _path(self, relative: str) -> str:
        path = f"{self.root.rstrip('/')}/{relative}"
        return f"{self.host}:{path}" if self.host else path

    # -- reading ----------------------------------------------------------------------------
    def _listing(self) -> tuple[list[str], str | None]:
        """(every name in releases/, the release `current` points at or None)."""
        _, out = self._sh(
            "if [ -d releases ]; then ls -1A releases; fi; echo '//'; readlink current || true"
        )
        listing, _, current = out.decode().partition("//\n")
        current = current.strip()
        return listing.split(), (current.rpartition("/")[2] or None) if current else None

    def state(self) -> tuple[list[str], str | None]:
        """(complete releases oldest first, the release `current` points at or None)."""
        names, current = self._listing()
        return sorted(n for n in names if RELEASE_NAME.match(n)), current

    def verified(self) -> set[str]:
        """Releases that passed verification (they have a `releases/<name>.verified` marker)."""
        names, _ = self._listing()
        present = set(names)
        return {
            n[: -len(VERIFIED)]
            for n in names
            if n.endswith(VERIFIED) and n[: -len(VERIFIED)] in present
        }

    def manifest(self, release: str | None = None) -> dict[str, str]:
        """sha256 of every file in a release (default: the current one); {} when none."""
        folder = f"releases/{release}" if release else "current"
        _, out = self._sh(
            f"if [ -d {folder} ]; then cd {folder}; find . -type f -print0 | "
            "LC_ALL=C sort -z | xargs -0 -r sha256sum; fi"
        )
        return parse_sha256sum(out.decode())

    def reader(self, release: str | None = None):
        """A function path -> bytes (or None when missing) over a release (default: current)."""
        folder = f"releases/{release}" if release else "current"

        def read(path: str) -> bytes | None:
            quoted = shlex.quote(f"{folder}/{path}")
            code, out = self._sh(
                f"if [ -f {quoted} ]; then cat {quoted}; else exit 3; fi", ok=(0, 3)
            )
            return out if code == 0 else None

        return read

    def build_manifest(self, release: str | None = None) -> BuildManifest | None:
        """The build manifest a release carries (None for one published before manifests)."""
        data = self.reader(release)(MANIFEST_NAME)
        where = f"{self.dest}/releases/{release or '(current)'}/{MANIFEST_NAME}"
        return None if data is None else parse(data, where)

    def check_release(self, release: str, manifest: BuildManifest) -> Mismatch:
        """How the files of a release on the target differ from the build manifest."""
        found = self.manifest(release)
        found.pop(MANIFEST_NAME, None)
        return compare(manifest.digests(), found)

    # -- changing ---------------------------------------------------------------------------
    def upload(self, staging: Path) -> tuple[str, UploadStats]:
        """Copy the site into a new complete release (not yet served). Returns its name."""
        names, current = self._listing()
        releases = sorted(n for n in names if RELEASE_NAME.match(n))
        for leftover in (n for n in names if n.startswith(".partial-")):
            log.warning(
                "removing releases/%s on %s: an upload that a publish did not finish",
                leftover,
                self.dest,
            )
        self._sh(
            "mkdir -p releases; rm -rf releases/.partial-* releases/.failed-* releases/.tmp-*",
            create=True,
        )
        name = new_release_name(releases)
        basis = current or (releases[-1] if releases else None)
        command = ["rsync", "-rlp", "--chmod=D755,F644", "--checksum", "--delete", "--stats"]
        if basis:
            command.append(f"--link-dest=../{basis}")
        if self.host:
            command += ["-e", self.ssh]
        command += [*self.rsync_options, f"{staging}/", self._path(f"releases/.partial-{name}/")]
        linked = (
            f"unchanged files linked from {basis}" if basis else "first release: nothing to link"
        )
        log.info("uploading %s to %s (%s)", staging, self.dest, linked)
        result = subprocess.run(command, capture_output=True, text=True)
        if result.returncode != 0:
            raise TargetError(
                f"rsync to {self.dest} failed (exit {result.returncode}); the served release "
                f"{current or '(none)'} is unchanged: {result.stderr.strip()}"
            )
        self._sh(f"mv releases/.partial-{name} releases/{name}")
        return name, parse_stats(result.stdout)

    def switch(self, release: str | None) -> None:
        """Point `current` at a release atomically (rename over it); None removes `current`."""
        if release is None:
            self._sh("rm -f current current.tmp")
            return
        if not RELEASE_NAME.match(release):
            raise TargetError(f"{release!r} is not a release name")
        self._sh(
            f"test -d releases/{release}; ln -sfn releases/{release} current.tmp; "
            "mv -T current.tmp current"
        )
        log.info("%s/current now points at releases/%s", self.dest, release)

    def mark_verified(self, release: str, note: str) -> None:
        """Write `releases/<release>.verified` (atomically) once the release passed verification."""
        if not RELEASE_NAME.match(release):
            raise TargetError(f"{release!r} is not a release name")
        note = shlex.quote(note.rstrip("\n") + "\n")
        self._sh(
            f"test -d releases/{release}; printf %s {note} > releases/.tmp-{release}{VERIFIED}; "
            f"mv releases/.tmp-{release}{VERIFIED} releases/{release}{VERIFIED}"
        )
        log.info("marked releases/%s on %s as verified", release, self.dest)

    def discard(self, release: str) -> None:
        """Move a release that failed verification aside (removed by the next publish)."""
        self._sh(
            f"rm -f releases/{release}{VERIFIED}; mv releases/{release} releases/.failed-{release}"
        )

    def prune(self) -> list[str]:
        """Remove the oldest releases beyond `keep`. Never removed: the current release and the
        newest verified release before it (where `make rollback` would go). Returns removed."""
        releases, current = self.state()
        verified = self.verified()
        keep = set(releases[-self.keep :])
        if current in releases:
            keep.add(current)
            older = releases[: releases.index(current)]
            keep.update([r for r in older if r in verified][-1:])  # the rollback target
        doomed = [r for r in releases if r not in keep]
        if doomed:
            self._sh("rm -rf " + " ".join(f"releases/{r} releases/{r}{VERIFIED}" for r in doomed))
            log.info("removed old release(s) %s from %s", ", ".join(doomed), self.dest)
        return doomed
