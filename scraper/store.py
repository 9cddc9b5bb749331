"""The only writer to content/: atomic, idempotent, editor-safe.

- Atomic: every file is written to a temporary file in the same folder, fsynced, then moved over
  the target with os.replace (a reader or a crash never sees half a file).
- Idempotent: an article whose text (minus the `Captured`, `Modified` and `Scraped_hash` lines)
  is unchanged is not written at all: same bytes, same mtime.
- Editor-safe: each file the scraper writes carries `Scraped_hash: sha256:<hex>`, the hash of the
  file's other lines (minus `Captured`/`Modified`). When they no longer match (an editor changed
  the file) or the file has no hash (an editor wrote it), the file is never touched. If the portal
  brings something new since that scrape, the new version is written beside it as
  `<name>.md.scraped` (an extension Pelican does not read) and reported as a conflict; if not,
  the editor's file simply stays ("unchanged").
- Identity: an article is identified by its `Source` URL; a file for the same URL is updated in
  place, a different article with the same slug gets `<slug>-<6 hex of sha1(url)>.md`.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import os
import re
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from slugify import slugify

from scraper.models import Article

log = logging.getLogger(__name__)

HASH_KEY = "Scraped_hash"
CONFLICT_SUFFIX = ".scraped"
_TMP_PREFIX = ".scraper-"
_TMP_SUFFIX = ".tmp"
_VOLATILE = re.compile(
    r"^(Captured|Capture_file|Capture_record|Capture_digest|Modified|Scraped_hash):", re.IGNORECASE
)
_SOURCE_LINE = re.compile(r"^Source:[ \t]*(?P<url>\S+)", re.IGNORECASE)
_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
SLUG_MAX = 120


@dataclass(frozen=True)
class WriteResult:
    status: str  # "new" | "updated" | "unchanged" | "conflict"
    path: Path
    scraped_path: Path | None = None


def make_slug(title: str) -> str:
    return slugify(title, max_length=SLUG_MAX, word_boundary=True) or "bai-viet"


def _digest(text: str) -> str:
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def seal(text: str) -> str:
    """Add the `Scraped_hash` line as the last header line (before the first blank line).

    The hash covers the text minus the per-capture lines (see `comparable`), so it also tells
    whether a later scrape brings anything new."""
    head, sep, body = text.partition("\n\n")
    return f"{head}\n{HASH_KEY}: {_digest(comparable(text))}{sep}{body}"


def unseal(text: str) -> tuple[str, str | None]:
    """(text without the hash line, recorded hash or None)."""
    head, sep, body = text.partition("\n\n")
    recorded = None
    kept = []
    for line in head.split("\n"):
        if recorded is None and line.startswith(HASH_KEY + ":"):
            recorded = line.split(":", 1)[1].strip()
            continue
        kept.append(line)
    return "\n".join(kept) + sep + body, recorded


def is_pristine(text: str) -> bool:
    """True when the file is exactly as the scraper wrote it (its hash matches its bytes)."""
    rest, recorded = unseal(text)
    return recorded is not None and recorded == _digest(comparable(rest))


def comparable(text: str) -> str:
    """The text minus the lines that change on every capture (Captured, Modified, hash)."""
    head, sep, body = text.partition("\n\n")
    kept = [line for line in head.split("\n") if not _VOLATILE.match(line)]
    return "\n".join(kept) + sep + body


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` atomically (temp file + fsync + os.replace + fsync of the folder)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=_TMP_PREFIX, suffix=_TMP_SUFFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with _suppress():
            os.unlink(tmp)
        raise
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


class _suppress:  # noqa: N801 - tiny local context manager
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> bool:
        return True


def _read_source(path: Path) -> str | None:
    try:
        with path.open(encoding="utf-8", errors="replace") as handle:
            for line in handle:
                if not line.strip():
                    return None
                match = _SOURCE_LINE.match(line)
                if match:
                    return match.group("url")
    except OSError:
        return None
    return None


def _header_date(text: str, key: str) -> datetime | None:
    head = text.partition("\n\n")[0]
    for line in head.split("\n"):
        if line.lower().startswith(key.lower() + ":"):
            try:
                value = datetime.fromisoformat(line.split(":", 1)[1].strip())
            except ValueError:
                return None
            return value if value.tzinfo else value.replace(tzinfo=_TZ)
    return None


def _render(article: Article) -> str:
    from scraper.markdown import render_markdown  # the extract helper's module

    return render_markdown(article)


class Store:
    """Writes articles and images under `output` (the content folder)."""

    def __init__(self, output: Path) -> None:
        self.output = Path(output)
        self.output.mkdir(parents=True, exist_ok=True)
        self._sources: dict[str, Path] | None = None
        self._remove_stale_temp_files()

    # -- index ---------------------------------------------------------------------------------

    def _remove_stale_temp_files(self) -> None:
        for stale in self.output.rglob(f"{_TMP_PREFIX}*{_TMP_SUFFIX}"):
            log.info("removing %s, left by an interrupted write", stale)
            stale.unlink(missing_ok=True)

    @property
    def sources(self) -> dict[str, Path]:
        """Source URL -> article file, read from the files' headers (once)."""
        if self._sources is None:
            self._sources = {}
            for path in sorted(self.output.rglob("*.md")):
                url = _read_source(path)
                if url and url not in self._sources:
                    self._sources[url] = path
        return self._sources

    def path_for(self, article: Article) -> Path:
        """Where the article lives (existing file for its Source, else a free slug path)."""
        if article.source_url and article.source_url in self.sources:
            return self.sources[article.source_url]
        assert article.date is not None
        folder = self.output / article.portal if article.portal else self.output
        folder = folder / f"{article.date.astimezone(_TZ):%Y}"
        slug = article.slug or make_slug(article.title)
        path = folder / f"{slug}.md"
        if path.exists() and (
            article.source_url is None or _read_source(path) != article.source_url
        ):
            if article.source_url is None:
                return path  # identified by path only (e.g. import-text)
            suffix = hashlib.sha1(article.source_url.encode()).hexdigest()[:6]
            path = folder / f"{slug}-{suffix}.md"
        return path

    # -- writing -------------------------------------------------------------------------------

    def write_article(self, article: Article) -> WriteResult:
        if not article.title or article.date is None:
            missing = "title" if not article.title else "date"
            raise ValueError(
                f"{article.source_url or article.title!r}: no {missing}; an article without a"
                f" {missing} is never written"
            )
        if not article.slug:
            article = dataclasses.replace(article, slug=make_slug(article.title))
        path = self.path_for(article)
        if path.stem != article.slug and not path.exists():
            article = dataclasses.replace(article, slug=path.stem)
        if not path.exists():
            text = seal(_render(article))
            atomic_write(path, text.encode("utf-8"))
            self._remember(article, path)
            log.debug("new article %s", path)
            return WriteResult("new", path)
        if path.stem != article.slug and article.source_url in self.sources:
            article = dataclasses.replace(article, slug=path.stem)
        old = path.read_text(encoding="utf-8")
        new = _render(article)
        if not is_pristine(old):
            if unseal(old)[1] == _digest(comparable(new)):
                # edited by hand, and the portal has nothing new since: keep the editor's file
                return WriteResult("unchanged", path)
            return self._conflict(article, path)
        if comparable(new) == comparable(unseal(old)[0]):
            return WriteResult("unchanged", path)
        modified = article.modified
        previous = _header_date(old, "Modified") or article.date
        if modified is None or modified <= previous:  # the portal's own date says nothing new
            modified = article.captured or datetime.now(_TZ).replace(microsecond=0)
        text = seal(_render(dataclasses.replace(article, modified=modified)))
        atomic_write(path, text.encode("utf-8"))
        log.info("updated %s (the portal's page changed)", path)
        return WriteResult("updated", path)

    def _conflict(self, article: Article, path: Path) -> WriteResult:
        scraped = path.with_name(path.name + CONFLICT_SUFFIX)
        text = seal(_render(article))
        if not scraped.exists() or comparable(scraped.read_text(encoding="utf-8")) != comparable(
            text
        ):
            atomic_write(scraped, text.encode("utf-8"))
        log.warning(
            "%s was changed by an editor; left untouched, the newly scraped version is in %s"
            " (merge by hand, then delete it)",
            path,
            scraped,
        )
        return WriteResult("conflict", path, scraped)

    def _remember(self, article: Article, path: Path) -> None:
        if article.source_url:
            self.sources[article.source_url] = path

    def image_path(self, portal: str, url: str, ext: str) -> Path:
        stem = Path(url.split("?", 1)[0].rstrip("/")).stem
        name = f"{hashlib.sha1(url.encode()).hexdigest()[:10]}-{slugify(stem)[:40] or 'anh'}"
        return self.output / "images" / (portal or "misc") / f"{name}.{ext}"

    def write_image(self, portal: str, url: str, data: bytes, ext: str) -> str:
        """Store an image; returns its reference for Markdown: `{static}/images/<portal>/<name>`."""
        path = self.image_path(portal, url, ext)
        if not (path.exists() and path.read_bytes() == data):
            atomic_write(path, data)
        return "{static}/" + path.relative_to(self.output).as_posix()


def write_article(article: Article, output: Path) -> WriteResult:
    """One-shot convenience: store one article under `output`."""
    return Store(output).write_article(article)
