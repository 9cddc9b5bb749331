"""`python -m scraper import-warc FILE...`: articles from web archives made by other tools.

The captures go through the same extraction and store as a crawl's: the same Markdown, the
same `Captured` header (the response's WARC-Date), the same summary and exit codes, images
taken from the captures (never from the network).

- With `--profile NAME`: the pages whose URL matches the profile's `article_url_pattern` are
  the articles, read with its selectors; one captured with another status than 200 is skipped
  (listed); one that does not extract fails, as in a crawl.
- Without: the portal is the host most of the captured HTML pages are on (named after it, or
  `--name`); its HTML pages captured with status 200 are read by the generic extractor, and
  those that do not come out as an article (no title, date or body; a listing or section
  page: `pagekind`) are counted as "not articles", not as failures. Pages of other hosts are
  counted, not imported.

Exit codes: 0 every article and file fine; 1 some pages failed, or some files could not be
read (whole or in part: what they held before the damage is imported); 2 nothing could be
done (no readable capture, bad profile or name).
"""

from __future__ import annotations

import collections
import logging
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from scraper.dom import ExtractionError
from scraper.extract import extract_article
from scraper.models import Article, RawPage
from scraper.process import (
    accept_article,
    charset_of,
    extract_page,
    localise_images,
    store_article,
)
from scraper.profiles import Profile, ProfileError, generic_profile, load_profile
from scraper.report import Report
from scraper.settings import IMAGE_MAX_BYTES
from scraper.store import Store
from scraper.warcs.index import Capture, CaptureIndex, ReadError
from scraper.warcs.pagekind import not_an_article
from scraper.warcs.sources import Source, SourceError, expand, open_source

log = logging.getLogger(__name__)

HTML_TYPES = ("text/html", "application/xhtml+xml", "")  # "": not said; the extractor decides


@dataclass
class ImportNotes:
    """What an import met besides articles (printed after the summary)."""

    other_hosts: collections.Counter[str] = field(default_factory=collections.Counter)
    unlisted: list[str] = field(default_factory=list)  # WACZ pages with no capture


def import_warcs(
    files: Sequence[Path],
    output: Path,
    *,
    profile_name: str | None = None,
    name: str | None = None,
    images: bool = True,
    verbose: bool = False,
) -> int:
    """Import the articles captured in `files` into `output`; returns the exit code."""
    report = Report()
    try:  # a bad profile or name stops before any file is read
        chosen = load_profile(profile_name) if profile_name else None
        if name:
            generic_profile("http://portal.example/", name)
    except ProfileError as error:
        _error(f"{error}\n(use --profile NAME for a portal's profile, --name to name the portal)")
        return 2
    paths = expand(Path(f) for f in files)
    if not paths:
        _error(f"{', '.join(map(str, files))}: no WARC or WACZ files there")
        return 2
    sources: list[Source] = []
    for path in paths:
        try:
            sources.extend(open_source(path))
        except SourceError as error:
            _unreadable(report, str(path), f"{error}; nothing imported from it")
    index = CaptureIndex(sources)
    notes = ImportNotes()
    try:
        index.scan()
        for stats in index.stats:
            if stats.problem:
                kept = (
                    f"the {stats.captures} captures before it are read"
                    if stats.records
                    else "nothing imported from it"
                )
                _unreadable(report, stats.label, f"{stats.problem}; {kept}")
        if not index.captures:
            print(report.summary(output))
            _error("no response could be read from the given files; nothing was imported")
            return 2
        profile = chosen or _generic(index, name)
        if profile is None:
            print(report.summary(output))
            return 2
        _import(index, profile, Store(output), report, notes, images=images)
    finally:
        for source in sources:
            source.close()
    listed = {url for source in sources for url in source.pages}
    notes.unlisted = sorted(listed - set(index.latest))
    print(report.summary(output))
    print(_closing(index, profile, notes, report, output, verbose))
    return report.exit_code()


def _error(message: str) -> None:
    print(f"error: {message}", file=sys.stderr)


def _unreadable(report: Report, label: str, message: str) -> None:
    _error(f"{label}: {message}")
    report.failed.append((label, message))


def _on_site(host: str, domains: Sequence[str]) -> bool:
    host = host.lower().rstrip(".")
    return any(host == d or host.endswith("." + d) for d in domains)


def _is_html(capture: Capture) -> bool:
    return capture.status == 200 and capture.mime in HTML_TYPES


def _generic(index: CaptureIndex, name: str | None) -> Profile | None:
    """The generic profile of the host most captured HTML pages are on."""
    hosts: collections.Counter[str] = collections.Counter()
    first: dict[str, str] = {}
    for url in sorted(index.latest):
        if _is_html(index.latest[url]):
            host = (urlsplit(url).hostname or "").removeprefix("www.")
            hosts[host] += 1
            first.setdefault(host, url)
    if not hosts:
        _error("no HTML page captured with status 200; nothing to import")
        return None
    host = min(hosts, key=lambda h: (-hosts[h], h))
    parts = urlsplit(first[host])
    try:
        return generic_profile(f"{parts.scheme}://{parts.netloc}/", name)
    except ProfileError as error:
        _error(f"{error} (name the portal with --name)")
        return None


def _import(
    index: CaptureIndex,
    profile: Profile,
    store: Store,
    report: Report,
    notes: ImportNotes,
    *,
    images: bool,
) -> None:
    limit = profile.politeness.max_response_size
    for url in sorted(index.latest):
        capture = index.latest[url]
        if profile.generic:
            if not _is_html(capture):
                continue
            host = urlsplit(url).hostname or ""
            if not _on_site(host, profile.allowed_domains):
                notes.other_hosts[host] += 1
                continue
        elif not profile.is_article_url(url):
            continue
        elif capture.status != 200:
            report.skipped.append((url, _not_ok(capture)))
            continue
        report.pages_fetched += 1
        try:
            response = index.read(capture, limit)
        except ReadError as error:
            report.failed.append((url, f"not imported: {error}"))
            log.warning("%s: not imported: %s", url, error)
            continue
        page = response.raw_page(url)
        try:
            article = _article(page, profile, report)
            if article is None:
                continue
            if images:
                article = _images(article, index, store, report)
            result = store_article(article, store, report)
        except (OSError, ValueError) as error:
            report.failed.append((url, f"not stored: {error}"))
            log.error("%s: not stored: %s", url, error)
            continue
        except Exception as error:  # a page nobody foresaw: report it, import the rest
            log.debug("%s: extraction error", url, exc_info=True)
            report.failed.append((url, f"extraction error: {type(error).__name__}: {error}"))
            continue
        report.captures[result.path] = (page.warc_file or "", page.warc_record_id or "")


def _not_ok(capture: Capture) -> str:
    if capture.location:
        return f"captured as a redirect (HTTP {capture.status} to {capture.location})"
    if capture.status == 0:
        return "captured without an HTTP status"
    return f"captured as HTTP {capture.status}"


def _article(page: RawPage, profile: Profile, report: Report) -> Article | None:
    """The page's article, or None (failed with a profile; "not an article" without one)."""
    if not profile.generic:
        return extract_page(page, profile, report)
    charset = charset_of(page.headers)
    try:
        article = extract_article(page.body, profile, url=page.url, encoding=charset)
    except ExtractionError as error:
        report.not_articles.append((page.url, error.reason))
        return None
    reason = not_an_article(article, page.body, charset)
    if reason:
        report.not_articles.append((page.url, reason))
        return None
    return accept_article(article, page, profile, report)


def _images(article: Article, index: CaptureIndex, store: Store, report: Report) -> Article:
    """The article's images from the captures (redirects followed), never from the network."""
    fetched: dict[str, bytes | str] = {}
    for image in article.images:
        if image.src in fetched:
            continue
        found = index.resolve(image.src)
        if found is None:
            fetched[image.src] = "not in the captures"
        elif found.status != 200:
            fetched[image.src] = f"captured as HTTP {found.status}"
        else:
            try:
                fetched[image.src] = index.read(found, IMAGE_MAX_BYTES).body
            except ReadError as error:
                fetched[image.src] = str(error)
    return localise_images(article, fetched, store, report, IMAGE_MAX_BYTES)


def _closing(
    index: CaptureIndex,
    profile: Profile,
    notes: ImportNotes,
    report: Report,
    output: Path,
    verbose: bool,
) -> str:
    """The lines after the summary: what was read, and (-v) every page not imported and where
    each article came from."""
    read = [s for s in index.stats if s.records]
    revisits = sum(s.revisits for s in index.stats)
    lines = [
        f"Captures read: {len(read)} of {len(index.stats)} WARC file(s),"
        f" {len(index.captures)} responses ({revisits} revisits), {len(index.latest)} URLs;"
        f" portal {profile.name}"
        + (" (generic extraction)" if profile.generic else f" (profile {profile.name})")
    ]
    if profile.generic:
        if report.not_articles and not verbose:
            lines.append("The pages that are not articles are listed with -v.")
        if notes.other_hosts:
            hosts = ", ".join(f"{h} ({n})" for h, n in sorted(notes.other_hosts.items()))
            lines.append(f"HTML pages of other hosts, not imported: {hosts}")
    if notes.unlisted:
        lines.append(f"Pages listed in the WACZ with no capture: {len(notes.unlisted)}")
    if verbose:
        lines += [f"  not an article: {url}: {why}" for url, why in report.not_articles]
        lines += [f"  listed, not captured: {url}" for url in notes.unlisted]
        for path, (warc, record) in sorted(report.captures.items()):
            shown = path.relative_to(output) if path.is_relative_to(output) else path
            lines.append(f"  {shown} <- {warc} {record}")
    return "\n".join(lines)
