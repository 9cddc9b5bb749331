"""Fetch the deployed site over HTTP and compare it, file by file, with what was published.

Checked: the home page, the newest article (first by date in the Atom feed), sitemap.xml, the
feeds, and the search index's entry points (search/manifest.json, search/filters/0.json.gz). The
checksums come from the build manifest: a file it lists must be served (missing is a failure);
only files the build does not have at all are skipped with a note.
"""

from __future__ import annotations

import logging
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from .manifest import sha256, url_path

log = logging.getLogger(__name__)
Reader = Callable[[str], bytes | None]
ATOM = "{http://www.w3.org/2005/Atom}"
# the manifest and the first part's filters (index format 2, plugin search_index)
SEARCH_BUNDLE = ("search/manifest.json", "search/filters/0.json.gz")


@dataclass
class Plan:
    expected: dict[str, str] = field(default_factory=dict)  # output path -> sha256
    notes: list[str] = field(default_factory=list)


def newest_article(feed: bytes, site_url: str) -> str | None:
    """The output path of the newest entry of an Atom feed (None when it has none)."""
    try:
        root = ET.fromstring(feed)
    except ET.ParseError:
        return None
    best: tuple[str, str] | None = None
    for entry in root.iter(f"{ATOM}entry"):
        link = entry.find(f"{ATOM}link")
        stamp = entry.findtext(f"{ATOM}published") or entry.findtext(f"{ATOM}updated") or ""
        if link is None or not link.get("href"):
            continue
        if best is None or stamp > best[0]:
            best = (stamp, link.get("href"))
    if best is None:
        return None
    href = best[1]
    if site_url and href.startswith(site_url.rstrip("/") + "/"):
        href = href[len(site_url.rstrip("/")) :]
    path = urlsplit(href).path.lstrip("/")
    return path + "index.html" if path.endswith("/") or not path else path


def plan_checks(
    expected: Mapping[str, str], read: Reader, site_url: str, feeds: Iterable[str]
) -> Plan:
    """Which files to fetch and the sha256 each must have, taken from the build manifest.

    `expected` is the manifest (path -> sha256) of the release; `read` reads the release's files
    (only the Atom feed is read, to find the newest article). A file the manifest lists must be
    served, whatever the target holds; only files that are not part of the build are skipped.
    """
    plan = Plan()
    feeds = list(feeds)
    wanted: list[tuple[str, str]] = [("index.html", "home page")]
    atom = next((f for f in feeds if f.endswith(".atom.xml") and f in expected), None)
    feed_bytes = read(atom) if atom else None
    if atom and (feed_bytes is None or sha256(feed_bytes) != expected[atom]):
        feed_bytes = None  # not the feed that was built: the check of the feed itself fails
        plan.notes.append(f"newest article: not checked ({atom} differs from the build)")
    article = newest_article(feed_bytes, site_url) if feed_bytes else None
    if article:
        wanted.append((article, "newest article"))
    elif feed_bytes is not None or not atom:
        plan.notes.append("newest article: skipped (no Atom feed entry in the build)")
    wanted.append(("sitemap.xml", "sitemap"))
    wanted += [(f, "feed") for f in feeds]
    wanted += [(f, "search bundle") for f in SEARCH_BUNDLE]
    for path, label in wanted:
        if path not in expected:
            plan.notes.append(f"{label} {path}: skipped (not part of this build)")
            continue
        plan.expected[path] = expected[path]
    return plan


def fetch(url: str, timeout: float = 15.0) -> tuple[int, bytes]:
    request = urllib.request.Request(
        url, headers={"Cache-Control": "no-cache", "User-Agent": "archive-publish-verify"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""
    except (urllib.error.URLError, OSError) as error:
        return 0, str(getattr(error, "reason", error)).encode()


def compare(public_url: str, plan: Plan, get=fetch) -> list[str]:
    """Problems found (empty when every file is served exactly as published)."""
    problems = []
    for path, digest in plan.expected.items():
        url = f"{public_url.rstrip('/')}/{url_path(path)}"
        status, body = get(url)
        if status != 200:
            reason = body.decode(errors="replace") if status == 0 else f"HTTP {status}"
            problems.append(f"{url}: {reason}")
        elif sha256(body) != digest:
            problems.append(
                f"{url}: served content differs from the published file {path} "
                f"(sha256 {sha256(body)[:12]} != {digest[:12]})"
            )
    return problems


def verify(
    public_url: str, plan: Plan, *, attempts: int = 3, delay: float = 5.0, get=fetch
) -> list[str]:
    """Compare up to `attempts` times (a CDN may lag); the last problems, or [] when all match."""
    for note in plan.notes:
        log.info("verify: %s", note)
    problems: list[str] = []
    for attempt in range(1, attempts + 1):
        problems = compare(public_url, plan, get)
        if not problems:
            log.info("verify: %d file(s) served as published at %s", len(plan.expected), public_url)
            return []
        if attempt < attempts:
            log.warning("verify: attempt %d/%d: %s; retrying", attempt, attempts, problems[0])
            time.sleep(delay)
    return problems
