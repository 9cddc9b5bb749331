"""Make a portal's WACZ package from its WARC files with the `wacz` library.

`captures/packages/<portal>.wacz` holds every WARC file of `captures/<portal>/` (stored byte for
byte under `archive/`), the CDXJ index the library builds (`indexes/index.cdx.gz` and
`index.idx`, with each record's sha256), `pages/pages.jsonl` listing every archived article
(its URL, capture time and title, and the payload digest of its response) and the library's
`datapackage.json` with the digest of every file, and `datapackage-digest.json` (signed when a
signing server is configured: scraper/packages/signing.py).

The library's own `create` stamps the files with the current time and gives pages random ids;
we drive its indexer (`WACZIndexer`: index, datapackage, digest, signing) ourselves so that the
same captures and articles always give the same bytes: every date in the package (ZIP entries,
`created`) is the newest capture's WARC-Date, page ids are the record ids. A signed package is
the exception: its `created` is the signing time, which the signing server requires.

A package is made again only when its inputs changed (a new crawl run, another article list,
signing switched on); otherwise it is left as it is ("unchanged").
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import os
import shutil
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

from scraper.packages.articles import ArticleRef, CaptureIndex, find_capture, read_articles
from scraper.packages.layout import PACKAGES_DIRNAME, package_path, portal_warcs
from scraper.packages.records import RecordInfo, WarcScan, file_sha256, scan_warc
from scraper.packages.signing import SigningConfig

log = logging.getLogger(__name__)

PAGES_PATH = "pages/pages.jsonl"
INDEX_PATH = "indexes/index.cdx.gz"
IDX_PATH = "indexes/index.idx"
DATAPACKAGE = "datapackage.json"
DIGEST = "datapackage-digest.json"
CDX_LINES_PER_BLOCK = 1024  # the library's default (archiveweb.page's)
_FILE_MODE = 0o644 << 16


class PackageError(RuntimeError):
    """The package could not be made; the message names the file and what to do."""


@dataclass
class PackageResult:
    portal: str
    path: Path
    status: str  # "new" | "updated" | "unchanged"
    warcs: int
    records: int
    articles: int
    size: int
    signed: bool
    notes: list[str] = field(default_factory=list)  # articles left out and why, truncated tails


def _zip_time(date: str) -> tuple[int, int, int, int, int, int]:
    when = datetime.strptime(date, "%Y-%m-%dT%H:%M:%SZ")
    return (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)


def page_entry(article: ArticleRef, record: RecordInfo) -> dict[str, str]:
    """One line of pages.jsonl: the page ReplayWeb.page lists, found again by URL and time."""
    return {
        "id": record.record_id.strip("<>").removeprefix("urn:uuid:"),
        "url": record.uri,
        "ts": record.date,
        "title": article.title or record.uri,
        "digest": record.payload_digest,
    }


def pages_jsonl(portal: str, pages: list[dict[str, str]]) -> bytes:
    header = {"format": "json-pages-1.0", "id": "pages", "title": f"Bài viết đã lưu ({portal})"}
    lines = [json.dumps(header, ensure_ascii=False)]
    lines += [json.dumps(page, ensure_ascii=False) for page in pages]
    return ("\n".join(lines) + "\n").encode("utf-8")


def archived_pages(
    portal: str, content: Path, records: list[RecordInfo]
) -> tuple[list[dict[str, str]], list[str]]:
    """pages.jsonl entries for the portal's captured articles in `content`, and a note for each
    article whose capture is not among `records` (or whose digest disagrees)."""
    index = CaptureIndex(records)
    pages: dict[str, dict[str, str]] = {}
    notes: list[str] = []
    for article in read_articles(content, portal):
        record = find_capture(article, index)
        if record is None:
            notes.append(f"{article.path}: its capture is not in captures/{portal}/; not listed")
            continue
        if article.capture_digest and article.capture_digest != record.payload_digest:
            notes.append(
                f"{article.path}: Capture_digest {article.capture_digest} is not the payload"
                f" digest of {record.label()} ({record.payload_digest}); not listed"
            )
            continue
        pages.setdefault(record.record_id, page_entry(article, record))
    ordered = sorted(pages.values(), key=lambda p: (p["ts"], p["url"], p["id"]))
    return ordered, notes


def _existing_inputs(path: Path) -> tuple[dict[str, str], str, bool] | None:
    """(archive file -> hash, pages.jsonl hash, signed) of an existing package, or None."""
    try:
        with zipfile.ZipFile(path) as wacz:
            package = json.loads(wacz.read(DATAPACKAGE))
            digest = json.loads(wacz.read(DIGEST))
    except (OSError, KeyError, ValueError, zipfile.BadZipFile):
        return None
    resources = {r.get("path", ""): r.get("hash", "") for r in package.get("resources", [])}
    archives = {
        p.removeprefix("archive/"): h for p, h in resources.items() if p.startswith("archive/")
    }
    return archives, resources.get(PAGES_PATH, ""), bool(digest.get("signedData"))


def _sha256(data: bytes) -> str:
    import hashlib

    return "sha256:" + hashlib.sha256(data).hexdigest()


def write_wacz(
    target: Path,
    warcs: list[Path],
    pages: bytes,
    created: str,
    *,
    title: str,
    description: str,
    signing: SigningConfig,
) -> bool:
    """Write the package to `target` with the library's indexer. Returns True when signed."""
    from wacz.waczindexer import WACZIndexer

    stamp = _zip_time(created)

    def entry(name: str, compress: int = zipfile.ZIP_STORED, size: int = 0) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, stamp)
        info.compress_type = compress
        info.external_attr = _FILE_MODE
        info.file_size = size
        return info

    said = io.StringIO()
    with zipfile.ZipFile(target, "w") as wacz, contextlib.redirect_stdout(said):
        index_text = io.BytesIO()
        wrapper = io.TextIOWrapper(index_text, "utf-8", write_through=True)
        with wacz.open(entry(INDEX_PATH), "w") as data:
            indexer = WACZIndexer(
                wrapper,
                [str(p) for p in warcs],
                sort=True,
                post_append=True,
                compress=data,
                lines=CDX_LINES_PER_BLOCK,
                digest_records=True,
                fields="referrer,req.http:cookie",
                data_out_name="index.cdx.gz",
                hash_type="sha256",
                main_url=None,
                main_ts=None,
                detect_pages=False,
                passed_pages_dict={},
                extract_text=False,
                signing_url=signing.url,
                signing_token=signing.token,
                split_seeds=False,
            )
            indexer.process_all()
        wacz.writestr(entry(IDX_PATH, zipfile.ZIP_DEFLATED), index_text.getvalue())
        for warc in warcs:
            with (
                warc.open("rb") as source,
                wacz.open(entry(f"archive/{warc.name}", size=warc.stat().st_size), "w") as out,
            ):
                shutil.copyfileobj(source, out, 1 << 20)
        wacz.writestr(entry(PAGES_PATH, zipfile.ZIP_DEFLATED), pages)
        options = SimpleNamespace(title=title, desc=description, date=None)
        package = json.loads(indexer.generate_datapackage(options, wacz))
        package["created"] = created
        indexer._created = created  # what the signature covers, with the hash
        package_bytes = json.dumps(package, indent=2).encode("utf-8")
        wacz.writestr(entry(DATAPACKAGE, zipfile.ZIP_DEFLATED), package_bytes)
        with contextlib.redirect_stderr(said):
            digest = indexer.generate_datapackage_digest(package_bytes)
        wacz.writestr(entry(DIGEST, zipfile.ZIP_DEFLATED), digest)
    signed = bool(json.loads(digest).get("signedData"))
    if signing.signs and not signed:
        lines = [line for line in said.getvalue().splitlines() if line.strip()]
        raise PackageError(
            f"{target}: signing at {signing.url} failed, so no package was made:"
            f" {' / '.join(lines[-3:]) or 'no answer'}"
        )
    return signed


def package_portal(
    captures: Path,
    portal: str,
    content: Path,
    *,
    signing: SigningConfig | None = None,
    force: bool = False,
) -> PackageResult:
    """Make (or leave, when up to date) `captures/packages/<portal>.wacz`."""
    signing = signing or SigningConfig()
    captures, content = Path(captures), Path(content)
    if portal == PACKAGES_DIRNAME:
        raise PackageError(
            f"a portal cannot be named {PACKAGES_DIRNAME!r}: {captures / PACKAGES_DIRNAME}/"
            " holds the packages; crawl it with --name OTHER"
        )
    warcs = portal_warcs(captures, portal)
    if not warcs:
        raise PackageError(
            f"{captures / portal}: no WARC files; crawl the portal first (make scrape"
            f" PROFILE={portal}) or give the captures folder with --captures"
        )
    scans: list[WarcScan] = [scan_warc(w.name, lambda w=w: w.open("rb")) for w in warcs]
    damaged = [problem for scan in scans for problem in scan.problems]
    if damaged:
        listed = "\n  ".join(damaged[:20])
        raise PackageError(
            f"captures/{portal}/ holds damaged records, so no package was made (the evidence"
            f" must be packaged as it was captured; find out what changed these files):\n"
            f"  {listed}"
        )
    records = [r for scan in scans for r in scan.records]
    notes = [note for scan in scans for note in scan.notes]
    pages, left_out = archived_pages(portal, content, records)
    notes += left_out
    pages_bytes = pages_jsonl(portal, pages)
    target = package_path(captures, portal)
    existing = _existing_inputs(target) if target.exists() and not force else None
    if existing is not None:
        archives = {w.name: file_sha256(lambda w=w: w.open("rb"))[1] for w in warcs}
        if existing == (archives, _sha256(pages_bytes), signing.signs):
            return PackageResult(
                portal, target, "unchanged", len(warcs), len(records), len(pages),
                target.stat().st_size, existing[2], notes,
            )  # fmt: skip
    dates = [r.date for r in records if r.date]
    created = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if signing.signs else max(dates)
    first, last = min(dates)[:10], max(dates)[:10]
    description = (
        f"Raw captures (WARC) of the portal '{portal}' made by bulletin archive:"
        f" {len(warcs)} crawl run(s) from {first} to {last}, {len(pages)} archived article(s)"
        " listed in pages/pages.jsonl."
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial-{os.getpid()}")
    status = "updated" if target.exists() else "new"
    try:
        signed = write_wacz(
            partial, warcs, pages_bytes, created,
            title=f"{portal}: bản gốc (WARC)", description=description, signing=signing,
        )  # fmt: skip
        with partial.open("rb") as handle:
            os.fsync(handle.fileno())
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    log.info("%s: %s (%d WARC files, %d pages)", target, status, len(warcs), len(pages))
    return PackageResult(
        portal, target, status, len(warcs), len(records), len(pages),
        target.stat().st_size, signed, notes,
    )  # fmt: skip
