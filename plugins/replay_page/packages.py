"""A portal's capture package (WACZ): where it is, what it holds, which capture an article opens.

A WACZ is a zip file: the WARC files under `archive/`, a CDXJ index of every record under
`indexes/` (`<SURT> <14-digit timestamp> {json}` per line, plain or gzip), and
`datapackage.json` (every file with its SHA-256) whose own hash is in `datapackage-digest.json`.
Only the index and the two small JSON files are read here, never the WARC files.
"""

from __future__ import annotations

import bisect
import gzip
import hashlib
import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

PORTAL_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
INDEX_SUFFIXES = (".cdx", ".cdxj", ".cdx.gz", ".cdxj.gz")


class PackageError(ValueError):
    """The file is not a WACZ this plugin can read (the message says why)."""


@dataclass(frozen=True)
class Package:
    portal: str
    path: Path  # the WACZ where the packaging step left it
    size: int
    mtime_ns: int
    digest: str  # "sha256:<hex>" of datapackage.json: the package's fixity root
    captures: dict[str, tuple[str, ...]] = field(repr=False)  # URL -> sorted 14-digit stamps

    @property
    def version(self) -> str:
        """Short, content-derived: a new package gets a new replay address (no stale cache)."""
        return self.digest.rpartition(":")[2][:16]


def package_file(folder: Path, portal: str) -> Path | None:
    """`<folder>/<portal>.wacz` when the portal's name is a plain profile name."""
    if not isinstance(portal, str) or not PORTAL_NAME.match(portal):
        return None
    return folder / f"{portal}.wacz"


def load_package(portal: str, path: Path) -> Package:
    """Read the package's index and digest; PackageError when it is not a readable WACZ."""
    try:
        stat = path.stat()
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            captures = _read_index(archive, names)
            digest = _package_digest(archive, names)
    except (OSError, zipfile.BadZipFile, EOFError, UnicodeDecodeError) as error:
        raise PackageError(f"{type(error).__name__}: {error}") from error
    return Package(portal, path, stat.st_size, stat.st_mtime_ns, digest, captures)


def _read_index(archive: zipfile.ZipFile, names: list[str]) -> dict[str, tuple[str, ...]]:
    indexes = [n for n in names if n.startswith("indexes/") and n.endswith(INDEX_SUFFIXES)]
    if not indexes:
        raise PackageError("no CDXJ index under indexes/ (index.cdx.gz, index.cdxj ...)")
    found: dict[str, set[str]] = {}
    for name in indexes:
        with archive.open(name) as raw:
            stream = gzip.GzipFile(fileobj=raw) if name.endswith(".gz") else raw
            for line in io.TextIOWrapper(stream, encoding="utf-8"):
                record = _index_line(line)
                if record is not None:
                    found.setdefault(record[0], set()).add(record[1])
    return {url: tuple(sorted(stamps)) for url, stamps in found.items()}


def _index_line(line: str) -> tuple[str, str] | None:
    """(URL, timestamp) of a successful (2xx) capture, None for anything else."""
    parts = line.rstrip("\r\n").split(" ", 2)
    if len(parts) != 3 or not re.fullmatch(r"\d{14}", parts[1]):
        return None
    try:
        data = json.loads(parts[2])
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    url, status = data.get("url"), str(data.get("status", ""))
    if not isinstance(url, str) or not url or not re.fullmatch(r"2\d\d", status):
        return None
    return url, parts[1]


def _package_digest(archive: zipfile.ZipFile, names: list[str]) -> str:
    if "datapackage-digest.json" in names:
        try:
            value = json.loads(archive.read("datapackage-digest.json")).get("hash")
        except (ValueError, AttributeError):
            value = None
        if isinstance(value, str) and re.fullmatch(r"sha256:[0-9a-f]{64}", value):
            return value
    if "datapackage.json" not in names:
        raise PackageError("no datapackage.json (not a WACZ)")
    return "sha256:" + hashlib.sha256(archive.read("datapackage.json")).hexdigest()


def warc_timestamp(captured) -> str | None:
    """The 14-digit UTC timestamp (WARC/CDX form) of a `Captured` value, None if unreadable."""
    if isinstance(captured, str):
        try:
            captured = datetime.fromisoformat(captured.strip())
        except ValueError:
            return None
    if not isinstance(captured, datetime) or captured.tzinfo is None:
        return None  # a time without a zone could be any of 24 hours
    return captured.astimezone(UTC).strftime("%Y%m%d%H%M%S")


def _without_fragment(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(fragment=""))


def nearest(stamps: tuple[str, ...], wanted: str | None) -> str:
    """The capture closest in time to `wanted` (the newest when `wanted` is unknown)."""
    if wanted is None:
        return stamps[-1]
    at = bisect.bisect_left(stamps, wanted)
    around = stamps[max(0, at - 1) : at + 1]
    moment = _moment(wanted)
    return min(around, key=lambda s: (abs((_moment(s) - moment).total_seconds()), s))


def _moment(stamp: str) -> datetime:
    return datetime.strptime(stamp, "%Y%m%d%H%M%S")


def replay_target(package: Package | None, source, captured) -> dict[str, str] | None:
    """What an article's "Xem bản gốc đã lưu" link opens, or None when its package holds no
    successful capture of its `Source`: {"portal", "url", "ts", "query"}."""
    if package is None or not isinstance(source, str) or not source.strip():
        return None
    source = source.strip()
    stamps = package.captures.get(source) or package.captures.get(_without_fragment(source))
    if not stamps:
        return None
    ts = nearest(stamps, warc_timestamp(captured))
    query = urlencode([("portal", package.portal), ("url", source), ("ts", ts)])
    return {"portal": package.portal, "url": source, "ts": ts, "query": query}


def size_text(size: int) -> str:
    """A file size as Vietnamese readers write it: `368 kB`, `1,2 MB`, `3,4 GB`."""
    for unit, scale in (("GB", 10**9), ("MB", 10**6), ("kB", 10**3)):
        if size >= scale:
            value = size / scale
            text = f"{value:.1f}" if value < 100 else f"{value:.0f}"
            return text.removesuffix(".0").replace(".", ",") + f" {unit}"
    return f"{size} byte"
