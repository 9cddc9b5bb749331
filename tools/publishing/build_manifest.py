"""The build manifest: every file of a finished build with its size and sha256, and their count.

The build writes `.build-manifest.json` into the site folder as its very last step, after Pelican
and the link check. Its presence means "this build finished"; its content says exactly which
files the finished build holds. Before anything is uploaded the staging folder is checked against
it, and after the upload the release on the target is checked against it, so a half-built or
damaged folder can never become a release. The manifest travels with the site (it is uploaded
too), so every release carries the list of files it must hold.

    {"format": 1, "built": "2026-11-27T09:15:00Z", "count": 71, "total_bytes": 3512345,
     "files": {"index.html": {"size": 10234, "sha256": "…"}, …}}

The manifest does not list itself.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

MANIFEST_NAME = ".build-manifest.json"
FORMAT = 1
MAX_LISTED = 20


class ManifestError(ValueError):
    """A manifest is missing, unreadable or inconsistent; the message says which and where."""


@dataclass(frozen=True)
class FileEntry:
    size: int
    sha256: str


@dataclass(frozen=True)
class BuildManifest:
    files: Mapping[str, FileEntry]
    built: str = ""

    @property
    def count(self) -> int:
        return len(self.files)

    @property
    def total_bytes(self) -> int:
        return sum(entry.size for entry in self.files.values())

    def digests(self) -> dict[str, str]:
        """path -> sha256, the form the targets' own listings take."""
        return {path: entry.sha256 for path, entry in self.files.items()}

    def to_json(self) -> str:
        files = {p: {"size": e.size, "sha256": e.sha256} for p, e in sorted(self.files.items())}
        document = {
            "format": FORMAT,
            "built": self.built,
            "count": self.count,
            "total_bytes": self.total_bytes,
            "files": files,
        }
        return json.dumps(document, ensure_ascii=False, indent=0, sort_keys=False) + "\n"


def parse(text: str | bytes, where: str) -> BuildManifest:
    """Read a manifest's JSON; ManifestError when it is not one or its count disagrees."""
    try:
        document = json.loads(text)
        version = document.get("format")
        files = {
            str(path): FileEntry(int(entry["size"]), str(entry["sha256"]))
            for path, entry in document["files"].items()
        }
        count = int(document["count"])
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise ManifestError(f"{where}: not a readable build manifest ({error})") from None
    if version != FORMAT:
        raise ManifestError(f"{where}: unknown manifest format {version!r} (expected {FORMAT})")
    if count != len(files):
        raise ManifestError(f"{where}: says {count} files but lists {len(files)}")
    return BuildManifest(files=files, built=str(document.get("built", "")))


def _hash_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def scan_site(site: Path) -> dict[str, FileEntry]:
    """Every regular file under `site` but the manifest itself, with size and sha256."""
    entries: dict[str, FileEntry] = {}
    for path in sorted(site.rglob("*")):
        if path.is_file() and not path.is_symlink():
            relative = path.relative_to(site).as_posix()
            if relative != MANIFEST_NAME:
                entries[relative] = FileEntry(path.stat().st_size, _hash_file(path))
    return entries


def write(site: Path) -> BuildManifest:
    """Write `site/.build-manifest.json` (atomically: a finished file or none). Returns it."""
    manifest = BuildManifest(
        files=scan_site(site), built=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    )
    partial = site / (MANIFEST_NAME + ".partial")
    partial.write_text(manifest.to_json(), encoding="utf-8")
    os.replace(partial, site / MANIFEST_NAME)
    return manifest


def read(site: Path) -> BuildManifest:
    """The manifest of a build folder; ManifestError when the build never finished."""
    path = site / MANIFEST_NAME
    if not path.is_file():
        raise ManifestError(
            f"{site} has no {MANIFEST_NAME}: the build that made this folder did not finish"
        )
    return parse(path.read_bytes(), str(path))


@dataclass(frozen=True)
class Mismatch:
    missing: tuple[str, ...]  # listed in the manifest, absent here
    extra: tuple[str, ...]  # here, not listed
    changed: tuple[str, ...]  # here with another checksum (or size)

    def __bool__(self) -> bool:
        return bool(self.missing or self.extra or self.changed)

    def lines(self, limit: int = MAX_LISTED) -> list[str]:
        """`missing: path` lines and the like, at most `limit` of each, then how many more."""
        out: list[str] = []
        for label, paths in (
            ("missing", self.missing),
            ("not in the manifest", self.extra),
            ("checksum differs", self.changed),
        ):
            out += [f"{label}: {path}" for path in paths[:limit]]
            if len(paths) > limit:
                out.append(f"... and {len(paths) - limit} more {label}")
        return out

    def summary(self) -> str:
        return (
            f"{len(self.missing)} missing, {len(self.extra)} not in the manifest, "
            f"{len(self.changed)} with another checksum"
        )


def compare(expected: Mapping[str, str], found: Mapping[str, str]) -> Mismatch:
    """Compare two path -> sha256 listings (the manifest's and what a folder or release holds)."""
    return Mismatch(
        missing=tuple(sorted(set(expected) - set(found))),
        extra=tuple(sorted(set(found) - set(expected))),
        changed=tuple(sorted(p for p in set(expected) & set(found) if expected[p] != found[p])),
    )


def check_site(site: Path) -> tuple[BuildManifest, Mismatch]:
    """The folder's manifest and how the folder differs from it (sizes count as checksums)."""
    manifest = read(site)
    found = scan_site(site)
    expected = {p: f"{e.size}:{e.sha256}" for p, e in manifest.files.items()}
    return manifest, compare(expected, {p: f"{e.size}:{e.sha256}" for p, e in found.items()})
