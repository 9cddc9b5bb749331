"""File manifests (path -> digest) and the difference between two of them. Pure but for `scan`."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Changes:
    added: tuple[str, ...]
    changed: tuple[str, ...]
    removed: tuple[str, ...]

    @property
    def empty(self) -> bool:
        return not (self.added or self.changed or self.removed)

    def lines(self) -> list[str]:
        """`+ path`, `~ path`, `- path` lines, then a summary line."""
        out = [f"+ {p}" for p in self.added]
        out += [f"~ {p}" for p in self.changed]
        out += [f"- {p}" for p in self.removed]
        out.append(
            f"{len(self.added)} added, {len(self.changed)} changed, {len(self.removed)} removed"
        )
        return out


def diff(old: Mapping[str, str], new: Mapping[str, str]) -> Changes:
    """What publishing `new` over `old` does, file by file."""
    return Changes(
        added=tuple(sorted(set(new) - set(old))),
        changed=tuple(sorted(p for p in set(new) & set(old) if new[p] != old[p])),
        removed=tuple(sorted(set(old) - set(new))),
    )


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def git_blob_id(data: bytes) -> str:
    """The id git gives a file's content (`git hash-object`)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def scan(root: Path, digest=sha256) -> dict[str, str]:
    """Manifest of every regular file under `root` (POSIX relative paths)."""
    root = Path(root)
    return {
        p.relative_to(root).as_posix(): digest(p.read_bytes())
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def parse_sha256sum(text: str) -> dict[str, str]:
    """Parse `sha256sum` output run with paths like `./a/b.html`."""
    manifest: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip():
            continue
        digest, _, path = line.partition("  ")
        path = path[2:] if path.startswith("./") else path
        manifest[path] = digest.lstrip("\\")
    return manifest


def url_path(path: str) -> str:
    """The URL path (no leading slash) that serves an output file: `a/index.html` -> `a/`."""
    if path == "index.html":
        return ""
    if path.endswith("/index.html"):
        return path[: -len("index.html")]
    return path
