"""Verify the packages: `python -m scraper verify-captures` / `make verify-captures`.

For each portal, its package `captures/packages/<portal>.wacz` is checked:

1. the `wacz` library's validator (structure, datapackage.json against the files, the
   datapackage digest);
2. our own digests: datapackage-digest.json against datapackage.json, every file against its
   size and sha256 in datapackage.json, no file left out of it; the signature, when the package
   has one or signing is configured (scraper/packages/signing.py);
3. every record of every WARC file in it: payload and block digests (warcio), each record's
   bytes hashed;
4. every CDXJ entry resolves to a record: a record starts at its offset in its file, with its
   length, its sha256 (`recordDigest`), URL, time and payload digest; every block of the index
   matches its digest in index.idx;
5. every page of pages.jsonl (an archived article) has its response record, with the payload
   digest the page gives;
6. the WARC files in `captures/<portal>/`, the evidence as kept, are the packaged ones byte for
   byte (a file that differs is compared record by record, so the record is named), and none
   is missing from the package;
7. every captured article of the portal in content/ has its record in the package, with the
   payload digest its header gives (`find_capture`).

Any failure is a mismatch, named by file and record. Exit status 0 when there is none, 1 when
there is one, 2 when there is nothing to verify or a setting is wrong.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import io
import json
import logging
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from warcio.timeutils import iso_date_to_timestamp

from scraper.packages.articles import ArticleRef, CaptureIndex, find_capture, read_articles
from scraper.packages.create import DATAPACKAGE, DIGEST, IDX_PATH, INDEX_PATH, PAGES_PATH
from scraper.packages.layout import (
    is_warc_name,
    package_path,
    packaged_portals,
    portal_warcs,
    portals,
)
from scraper.packages.records import Gap, RecordInfo, WarcScan, file_sha256, hash_ranges, scan_warc
from scraper.packages.signing import SigningConfig, check_signature

log = logging.getLogger(__name__)
_CHUNK = 1 << 20


@dataclass
class PortalReport:
    portal: str
    package: Path
    warcs: int = 0
    records: int = 0
    articles: int = 0  # pages of pages.jsonl checked
    content_articles: int = 0  # captured articles in content/ checked
    signed: bool = False
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def mismatches(self) -> int:
        return len(self.problems)

    def summary(self) -> str:
        state = "signed" if self.signed else "unsigned"
        files = f"{self.warcs} WARC file{'s' if self.warcs != 1 else ''}"
        return (
            f"{self.portal}: {self.package} ({state}): {files}, {self.records} records,"
            f" {self.articles} articles ({self.content_articles} in content), "
            f"{self.mismatches} mismatch{'es' if self.mismatches != 1 else ''}"
        )


# -- the library's validator ---------------------------------------------------------------------


def library_validation(path: Path) -> list[str]:
    """Run the checks `wacz validate` runs; its printed reasons when it fails, else []."""
    from wacz.util import WACZ_VERSION
    from wacz.validate import Validation

    said = io.StringIO()
    ok = True
    with contextlib.redirect_stdout(said):
        validation = None
        try:
            validation = Validation(str(path))
            if validation.version != WACZ_VERSION:
                ok = False
                print(f"WACZ version {validation.version!r}, expected {WACZ_VERSION}")
            else:
                for check in (
                    validation.check_required_contents,
                    validation.frictionless_validate,
                    validation.check_file_paths,
                    validation.check_file_hashes,
                    validation.check_data_package_hash_and_sig,
                ):
                    if check() is False:  # as `wacz validate` decides
                        ok = False
                        break
        except Exception as error:  # noqa: BLE001 - a broken package is a finding
            ok = False
            print(f"{type(error).__name__}: {error}")
        finally:
            if validation is not None:
                validation.dir.cleanup()
    if ok:
        return []
    lines = [line.strip() for line in said.getvalue().splitlines() if line.strip()]
    lines = [line for line in lines if not line.startswith(("Version detected", "Note: Has"))]
    return [f"{path}: the wacz validator says the package is invalid: {' / '.join(lines)}"]


# -- our checks ------------------------------------------------------------------------------------


def _open_member(wacz: zipfile.ZipFile, name: str) -> BinaryIO:
    """A member for reading records. Its ZIP CRC is not checked here: a damaged member is
    already reported by its digest (check_datapackage), and the records say where."""
    member = wacz.open(name)
    member._expected_crc = None  # zipfile's own attribute; None = no CRC check at the end
    return member


def _member_digest(wacz: zipfile.ZipFile, name: str) -> tuple[int, str]:
    return file_sha256(lambda: _open_member(wacz, name))


def check_datapackage(
    wacz: zipfile.ZipFile, where: Path, signing: SigningConfig, report: PortalReport
) -> dict[str, str]:
    """datapackage-digest.json, every file's digest, the signature. Returns path -> hash."""
    names = set(wacz.namelist())
    for required in (DATAPACKAGE, DIGEST, INDEX_PATH, PAGES_PATH):
        if required not in names:
            report.problems.append(f"{where}: {required} is missing")
    if DATAPACKAGE not in names:
        return {}
    raw = wacz.read(DATAPACKAGE)
    package = json.loads(raw)
    own_hash = "sha256:" + hashlib.sha256(raw).hexdigest()
    digest: dict = json.loads(wacz.read(DIGEST)) if DIGEST in names else {}
    if digest and digest.get("hash") != own_hash:
        report.problems.append(
            f"{where}: {DIGEST} gives {digest.get('hash')} for {DATAPACKAGE}, which hashes to"
            f" {own_hash}"
        )
    hashes: dict[str, str] = {}
    for resource in package.get("resources", []):
        path, expected, size = resource.get("path", ""), resource.get("hash", ""), None
        hashes[path] = expected
        if path not in names:
            report.problems.append(f"{where}: {path} is listed in {DATAPACKAGE} but missing")
            continue
        try:
            size, found = _member_digest(wacz, path)
        except (zipfile.BadZipFile, OSError, EOFError) as error:
            report.problems.append(f"{where}: {path} cannot be read: {error}")
            continue
        if found != expected or size != resource.get("bytes"):
            report.problems.append(
                f"{where}: {path} has sha256 {found} ({size} bytes); {DATAPACKAGE} says"
                f" {expected} ({resource.get('bytes')} bytes)"
            )
    for name in sorted(names - set(hashes) - {DATAPACKAGE, DIGEST}):
        if not name.endswith("/"):
            report.problems.append(f"{where}: {name} is not listed in {DATAPACKAGE}")
    signed = digest.get("signedData")
    report.signed = bool(signed)
    if signed:
        reason = check_signature(
            signed, own_hash, package.get("created", ""), signing.trusted_roots
        )
        if reason:
            report.problems.append(f"{where}: {reason}")
    elif signing.signs:
        report.problems.append(
            f"{where}: not signed, but signing is configured (ARCHIVE_WACZ_SIGNING_URL): make"
            " the package again (make package-captures FORCE=1)"
        )
    return hashes


def check_index_blocks(wacz: zipfile.ZipFile, where: Path, report: PortalReport) -> None:
    """Every compressed block of index.cdx.gz matches its digest in index.idx."""
    if IDX_PATH not in wacz.namelist() or INDEX_PATH not in wacz.namelist():
        return
    blocks = []
    for line in wacz.read(IDX_PATH).decode("utf-8").splitlines():
        if not line.strip() or line.startswith("!meta"):
            continue
        key, stamp, data = line.split(" ", 2)
        block = json.loads(data)
        blocks.append((int(block["offset"]), int(block["length"]), block.get("digest", ""), key))
    digests = hash_ranges(lambda: wacz.open(INDEX_PATH), [(o, n) for o, n, _, _ in blocks])
    for (offset, _, expected, key), found in zip(blocks, digests, strict=True):
        if expected and found != expected:
            report.problems.append(
                f"{where}: {INDEX_PATH}: the block at offset {offset} (from {key}) does not match"
                f" its digest in {IDX_PATH}"
            )


def read_cdxj(wacz: zipfile.ZipFile) -> list[dict]:
    entries = []
    with wacz.open(INDEX_PATH) as raw, gzip.GzipFile(fileobj=raw) as text:
        for line in io.TextIOWrapper(text, encoding="utf-8"):
            line = line.strip()
            if not line:
                continue
            key, stamp, data = line.split(" ", 2)
            entry = json.loads(data)
            entry["_key"], entry["_ts"] = key, stamp
            entries.append(entry)
    return entries


class Damage:
    """The unreadable bytes of the package's WARC files, and the index entries that lie there:
    what the damaged records held is named through the index."""

    def __init__(self, scans: dict[str, WarcScan], entries: list[dict]) -> None:
        self.scans = scans
        self.by_url_ts = {(e.get("url"), e["_ts"]): e for e in entries}
        self.hidden: Counter = Counter()  # file -> index entries inside a gap, past its start

    def gap(self, name: str, offset: int) -> Gap | None:
        scan = self.scans.get(name)
        return scan.gap_at(offset) if scan is not None else None

    def holding(self, url: str, date: str) -> str:
        """ "" or `archive/<file> offset N` when the index puts this capture in damaged bytes."""
        entry = self.by_url_ts.get((url, iso_date_to_timestamp(date) if date else ""))
        if not entry:
            return ""
        name, offset = entry.get("filename", ""), int(entry.get("offset", -1))
        return f"archive/{name} offset {offset}" if self.gap(name, offset) else ""

    def lines(self, where: Path) -> list[str]:
        return [
            f"{where}: {INDEX_PATH}: {count} more index entr{'ies' if count > 1 else 'y'} point"
            f" into the unreadable bytes of archive/{name}"
            for name, count in sorted(self.hidden.items())
        ]


def check_cdxj(
    entries: list[dict],
    records: dict[tuple[str, int], RecordInfo],
    damage: Damage,
    where: Path,
    report: PortalReport,
) -> None:
    """Every CDXJ entry resolves to a record with the same length, sha256, URL, time, digest."""
    for entry in entries:
        name, offset = entry.get("filename", ""), int(entry.get("offset", -1))
        what = f"{where}: {INDEX_PATH}: entry {entry.get('url', entry['_key'])} {entry['_ts']}"
        record = records.get((name, offset))
        if record is None:
            gap = damage.gap(name, offset)
            if gap is not None:  # the damaged record itself is named with its gap
                if offset != gap.start:
                    damage.hidden[name] += 1
            else:
                report.problems.append(
                    f"{what} points to archive/{name} offset {offset}: no record starts there"
                )
            continue
        wrong = []
        if int(entry.get("length", -1)) != record.length:
            wrong.append(f"length {entry.get('length')} (the record has {record.length})")
        if entry.get("recordDigest") and entry["recordDigest"] != record.raw_sha256:
            wrong.append(f"recordDigest {entry['recordDigest']} (its bytes: {record.raw_sha256})")
        if "method" not in entry and entry.get("url") and entry["url"] != record.uri:
            wrong.append(f"URL (the record is of {record.uri})")
        if entry["_ts"] != record.timestamp:
            wrong.append(f"time (the record is of {record.date})")
        if (
            entry.get("digest")
            and record.payload_digest
            and entry["digest"] != record.payload_digest
        ):
            wrong.append(f"payload digest {entry['digest']} ({record.payload_digest})")
        if wrong:
            report.problems.append(
                f"{what} does not match archive/{name} {record.label()}: {', '.join(wrong)}"
            )


def check_pages(
    wacz: zipfile.ZipFile, index: CaptureIndex, damage: Damage, where: Path, report: PortalReport
) -> None:
    """Every page of pages.jsonl has its response record, with the payload digest it gives."""
    if PAGES_PATH not in wacz.namelist():
        return
    lines = wacz.read(PAGES_PATH).decode("utf-8").splitlines()
    for number, line in enumerate(lines[1:], 2):
        if not line.strip():
            continue
        page = json.loads(line)
        url, ts = page.get("url", ""), page.get("ts", "")
        what = f"{where}: {PAGES_PATH} line {number} ({page.get('title', '')!r}, {url} at {ts})"
        report.articles += 1
        found = index.by_url_date.get((url, ts), [])
        found = [r for r in found if r.status == 200] or found
        if not found:
            there = damage.holding(url, ts)
            why = (
                f"its record ({there}) cannot be read"
                if there
                else "no response record of that URL and time"
            )
            report.problems.append(f"{what}: {why}")
            continue
        record = found[-1]
        if page.get("digest") and page["digest"] != record.payload_digest:
            report.problems.append(
                f"{what}: payload digest {page['digest']}, but archive/{record.file}"
                f" {record.label()} has {record.payload_digest}"
            )
        _damaged(record, what, report)


def _damaged(record: RecordInfo, what: str, report: PortalReport) -> None:
    if record.problems or record.truncated:
        reason = "; ".join(record.problems) or "truncated"
        report.problems.append(
            f"{what}: its record archive/{record.file} {record.label()} is damaged ({reason})"
        )


def check_content(
    content: Path,
    portal: str,
    index: CaptureIndex,
    damage: Damage,
    where: Path,
    report: PortalReport,
) -> None:
    """Every captured article of the portal in content/ has its record in the package."""
    for article in read_articles(content, portal):
        report.content_articles += 1
        record = find_capture(article, index)
        what = f"{article.path}"
        if record is None:
            there = damage.holding(article.source, article.captured_utc)
            if there:
                report.problems.append(
                    f"{what}: its capture ({_names(article)}) is the record at {there} in"
                    f" {where}, which cannot be read"
                )
            else:
                report.problems.append(f"{what}: its capture ({_names(article)}) is not in {where}")
            continue
        if article.capture_digest and article.capture_digest != record.payload_digest:
            report.problems.append(
                f"{what}: Capture_digest {article.capture_digest}, but archive/{record.file}"
                f" {record.label()} has {record.payload_digest}"
            )
        _damaged(record, what, report)


def _names(article: ArticleRef) -> str:
    if article.capture_record:
        return f"record {article.capture_record} in {article.capture_file or 'any file'}"
    return f"response of {article.source} at {article.captured}"


def check_kept_captures(
    captures: Path,
    portal: str,
    package_hashes: dict[str, str],
    scans: dict[str, list[RecordInfo]],
    where: Path,
    report: PortalReport,
) -> None:
    """The WARC files kept in captures/<portal>/ are the packaged ones, byte for byte."""
    kept = {p.name: p for p in portal_warcs(captures, portal)}
    for name, path in kept.items():
        expected = package_hashes.get(f"archive/{name}")
        if expected is None:
            report.problems.append(
                f"{path} is not in {where} (captured after the package was made): run"
                " make package-captures"
            )
            continue
        opener: Callable[[], BinaryIO] = lambda path=path: path.open("rb")  # noqa: E731
        if file_sha256(opener)[1] == expected:
            continue
        report.problems += compare_records(path, opener, scans.get(name, []), where)
    for name in sorted(n.removeprefix("archive/") for n in package_hashes):
        if is_warc_name(name) and name not in kept and f"archive/{name}" in package_hashes:
            report.notes.append(f"{name} is only in {where} (not in {captures / portal}/)")


def compare_records(
    path: Path, opener: Callable[[], BinaryIO], packaged: list[RecordInfo], where: Path
) -> list[str]:
    """A kept WARC file that is not its packaged copy, compared record by record (by record
    id, so that a record rewritten with another length does not shift the rest): each record
    that differs, is missing, is extra or cannot be read is named."""
    local = scan_warc(path.name, opener, [r.offset for r in packaged])
    mine = {r.record_id: r for r in local.records}
    problems = []
    for record in packaged:
        found = mine.get(record.record_id)
        if found is None:
            gap = local.gap_at(record.offset)
            why = f"cannot be read here: {gap.error}" if gap else "is missing here"
            problems.append(f"{path}: {record.label()} {why} (it is in {where})")
        elif found.raw_sha256 != record.raw_sha256 or found.problems:
            why = "; ".join(found.problems) or "its bytes differ"
            problems.append(f"{path}: {found.label()} differs from its copy in {where} ({why})")
    known = {r.record_id for r in packaged}
    for record in local.records:
        if record.record_id not in known:
            problems.append(f"{path}: {record.label()} is not in its copy in {where}")
    if not problems:
        problems.append(f"{path}: differs from its copy in {where} (between records)")
    return problems


def verify_package(
    captures: Path, portal: str, content: Path | None, signing: SigningConfig
) -> PortalReport:
    where = package_path(captures, portal)
    report = PortalReport(portal, where)
    if not where.is_file():
        report.warcs = len(portal_warcs(captures, portal))
        report.problems.append(f"{where}: no package for {portal}: run make package-captures")
        return report
    report.problems += library_validation(where)
    try:
        wacz = zipfile.ZipFile(where)
    except (zipfile.BadZipFile, OSError) as error:
        report.problems.append(f"{where}: not a readable ZIP file: {error}")
        return report
    with wacz:
        try:
            hashes = check_datapackage(wacz, where, signing, report)
        except (ValueError, KeyError) as error:
            report.problems.append(f"{where}: {DATAPACKAGE} is not readable: {error}")
            hashes = {}
        entries: list[dict] = []
        if INDEX_PATH in wacz.namelist():
            try:
                entries = read_cdxj(wacz)
            except (OSError, EOFError, ValueError, zipfile.BadZipFile) as error:
                report.problems.append(f"{where}: {INDEX_PATH} is not readable: {error}")
        check_index_blocks(wacz, where, report)
        scans: dict[str, WarcScan] = {}
        for member in sorted(wacz.namelist()):
            if member.startswith("archive/") and is_warc_name(member):
                name = member.removeprefix("archive/")
                known = [int(e["offset"]) for e in entries if e.get("filename") == name]
                scans[name] = scan_warc(
                    name, lambda member=member: _open_member(wacz, member), known
                )
        records = [record for scan in scans.values() for record in scan.records]
        report.warcs, report.records = len(scans), len(records)
        damage = Damage(scans, entries)
        by_position = {(r.file, r.offset): r for r in records}
        for name, scan in scans.items():
            report.problems += [f"{where}: archive/{line}" for line in scan.record_problems]
            report.notes += [f"{where}: archive/{line}" for line in scan.notes]
            for gap in scan.gaps:
                there = [
                    e for e in entries
                    if e.get("filename") == name and int(e.get("offset", -1)) == gap.start
                ]  # fmt: skip
                said = f"{there[0].get('url')} at {there[0]['_ts']}, per the index" if there else ""
                report.problems.append(f"{where}: archive/{name}: {gap.describe(said)}")
        check_cdxj(entries, by_position, damage, where, report)
        index = CaptureIndex(records)
        check_pages(wacz, index, damage, where, report)
    check_kept_captures(
        captures, portal, hashes, {n: s.records for n, s in scans.items()}, where, report
    )
    if content is not None:
        check_content(content, portal, index, damage, where, report)
    report.problems += damage.lines(where)
    return report


def verify_all(
    captures: Path, content: Path | None, signing: SigningConfig, only: list[str] | None = None
) -> list[PortalReport]:
    names = only or portals(captures)
    return [verify_package(Path(captures), name, content, signing) for name in names]


def unverified_portals(content: Path, verified: list[str]) -> Counter:
    """Captured articles in content/ of portals with no captures here: portal -> count."""
    counts: Counter = Counter()
    for article in read_articles(content):
        if article.portal not in verified:
            counts[article.portal or "(no Portal)"] += 1
    return counts


def has_packages(captures: Path) -> bool:
    return bool(packaged_portals(captures))
