"""A Pelican Writer that renders on every core and leaves unchanged pages alone.

After Pelican has read everything (one process), the writer forks `workers - 1` children. Every
process runs the same generate_output calls in the same order, and each renders only its share
of them (call i goes to process i % workers), so the pages come out exactly as one process would
write them. The children stop, and the parent waits for them, just before StaticGenerator runs
(Pelican always runs it last), so static files and the `finalized` plugins see a complete site.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import os
import sys
from pathlib import Path

from pelican.writers import FileOverwriteFailedError, Writer

from .fingerprint import ArticlePageFingerprints, forget
from .listing import FingerprintedTemplate, KeepFile, ListingFingerprints
from .template_facts import FACTS

logger = logging.getLogger(__name__)


_MISSING = object()

# Values Pelican's Writer adds to each page of a paginated write.
_PAGINATION_NAMES = {
    f"{key}_{part}"
    for key in ("articles", "dates")
    for part in ("paginator", "page", "previous_page", "next_page")
}


class _ChangedOnlyFile(io.StringIO):
    """Collects what Pelican writes; on close, writes it only if the file's bytes differ."""

    def __init__(self, path: str, encoding: str) -> None:
        super().__init__()
        self.path = path
        self.target_encoding = encoding
        self.keep = False

    def write(self, text: str) -> int:
        if type(text) is KeepFile:
            self.keep = True
            return 0
        return super().write(text)

    def close(self) -> None:
        # A kept page is never written: had its file vanished since the template checked, an
        # empty write would stay (its fingerprint matches), a missing one is rendered next build.
        if not self.closed and not self.keep:
            write_page_if_changed(self.path, self.getvalue().encode(self.target_encoding))
        super().close()


def write_page_if_changed(path: str, data: bytes) -> None:
    """Write `data` to `path` unless the file holds exactly these bytes (its mtime then stays).

    A file that changed is overwritten in place and then cut to length, not truncated first:
    truncating frees every block of the file and writing allocates them again (on a file
    system mounted with `discard`, each freed block is also discarded), ten times the cost of
    overwriting a page of about the same size. One open serves the comparison and the write.
    """
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    with os.fdopen(fd, "r+b") as handle:
        if handle.read(len(data) + 1) == data:
            return
        handle.seek(0)
        handle.write(data)
        handle.truncate()


class PageManifest:
    """Fingerprints of the article pages written by the last build, one part per process."""

    def __init__(self, folder: str) -> None:
        self.folder = Path(folder)
        self.previous: dict[str, str] = {}
        for part in sorted(self.folder.glob("pages-*.json")):
            try:
                self.previous.update(json.loads(part.read_text(encoding="utf-8")))
            except (OSError, ValueError):
                logger.warning("fast_build: ignoring unreadable page manifest %s", part)
        self.current: dict[str, str] = {}
        # Until this build saves its own, no manifest: a build that stops half-way leaves pages
        # newer than the old fingerprints, so the next build must render everything.
        for part in self.folder.glob("pages-*.json"):
            part.unlink(missing_ok=True)

    @staticmethod
    def written(folder: str) -> set[str]:
        """Names of the pages written by the build whose manifest parts are in `folder`."""
        names: set[str] = set()
        for part in Path(folder).glob("pages-*.json"):
            names.update(json.loads(part.read_text(encoding="utf-8")))
        return names

    def save(self, rank: int, workers: int) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        if rank == 0:
            for stale in self.folder.glob("pages-*.json"):
                if int(stale.stem.split("-")[1]) >= workers:
                    stale.unlink()
        path = self.folder / f"pages-{rank}.json"
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(self.current, sort_keys=True), encoding="utf-8")
        os.replace(tmp, path)


class SplitWriter(Writer):
    """Writer shared out over forked processes. Configured by `configure` before Pelican runs."""

    options: dict = {}
    active: SplitWriter | None = None
    listed: tuple | None = None  # (Jinja environment, articles) whose cards to describe ahead

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        self.workers = max(1, int(self.options.get("workers", 1)))
        self.rank = 0
        self.children: list[int] = []
        self.calls = 0
        self._base_context: dict | None = None
        self.rendered = 0
        self.skipped = 0
        self.manifest = PageManifest(self._manifest_folder()) if self._skipping else None
        self.fingerprints = ArticlePageFingerprints(self.settings) if self._skipping else None
        self.listings = ListingFingerprints(self.fingerprints) if self._skipping else None
        listed, SplitWriter.listed = SplitWriter.listed, None
        if self.listings is not None and listed is not None and self.workers > 1:
            self.listings.prepare(*listed)
        if self.workers > 1:
            sys.stdout.flush()
            sys.stderr.flush()
            for rank in range(1, self.workers):
                pid = os.fork()
                if pid == 0:
                    self.rank = rank
                    self.children = []
                    break
                self.children.append(pid)
        SplitWriter.active = self

    def _manifest_folder(self) -> str:
        """One manifest per output folder: builds of other sites (or concurrent test builds)
        sharing the cache never read, overwrite or act on each other's page lists."""
        output = os.path.realpath(self.output_path)
        key = hashlib.sha256(output.encode("utf-8", "surrogatepass")).hexdigest()[:16]
        return os.path.join(self.options["cache_dir"], "pages", key)

    @property
    def _skipping(self) -> bool:
        return bool(self.options.get("skip_unchanged_pages"))

    def _turn(self) -> int:
        """Which process takes this write call (calls are dealt out in order)."""
        turn = self.calls % self.workers
        self.calls += 1
        return turn

    def _mine(self) -> bool:
        return self._turn() == self.rank

    def _shares_pages(self, kwargs: dict) -> bool:
        """A paginated listing (the home page alone has hundreds of pages) is shared out page
        by page: every process takes the call and renders only its pages. A page that is not
        this process's is never written here (`KeepFile`), which needs `write_only_changed`."""
        return (
            self.workers > 1
            and self.manifest is not None
            and bool(self.options.get("write_only_changed"))
            and bool(kwargs.get("paginated") or {"articles", "dates"} & kwargs.keys())
            and kwargs.get("template_name") in self.settings.get("PAGINATED_TEMPLATES", {})
        )

    def _open_w(self, filename, encoding, override=False):
        """Pelican's bookkeeping of written files, without truncating the file up front."""
        if not self.options.get("write_only_changed"):
            return super()._open_w(filename, encoding, override=override)
        if filename in self._overridden_files:
            if override:
                raise FileOverwriteFailedError(
                    f'Failed to overwrite "{filename}" a second time (was previously overwritten)'
                )
            logger.info('Skipping "%s", not overwriting', filename)
            return open(os.devnull, "w", encoding=encoding)
        if filename in self._written_files:
            if not override:
                raise FileOverwriteFailedError(
                    f'Failed to overwrite "{filename}" as Pelican has already '
                    "written to it previously (set `override=True` if intended)"
                )
            logger.info('Overwriting "%s"', filename)
        if override:
            self._overridden_files.add(filename)
        self._written_files.add(filename)
        return _ChangedOnlyFile(filename, encoding)

    def write_feed(self, *args, **kwargs):
        if self._mine():
            return super().write_feed(*args, **kwargs)
        return None

    def write_file(self, name, template, context, *args, **kwargs):
        if self._base_context is None:
            self._base_context = context  # every process sees the same first call
        if not name:
            return None
        turn = self._turn()
        shares_pages = self._shares_pages(kwargs)
        if turn != self.rank and not shares_pages:
            return None
        paginated = kwargs.get("paginated")
        if self.manifest is not None and "article" in kwargs and not paginated:
            fingerprint = self.fingerprints.page(name, template, context, kwargs)
            self.manifest.current[name] = fingerprint
            target = os.path.join(self.output_path, name)
            if self.manifest.previous.get(name) == fingerprint and os.path.isfile(target):
                self.skipped += 1
                self._written_files.add(target)
                return None
        if self.manifest is not None and "article" not in kwargs:
            # Listing pages and other pages: each page of the write checks its fingerprint.
            per_write = set(kwargs) | _PAGINATION_NAMES
            if context is not self._base_context:
                # A copy with values of its own (period archives set `period`): per write too.
                base = self._base_context
                per_write |= {k for k, v in context.items() if base.get(k, _MISSING) is not v}
            share = (turn, self.rank, self.workers) if shares_pages else None
            template = FingerprintedTemplate(template, self, context, per_write, share)
            return super().write_file(name, template, context, *args, **kwargs)
        self.rendered += 1
        return super().write_file(name, template, context, *args, **kwargs)

    def _remove_stale_pages(self) -> None:
        """Delete the pages the previous build wrote and this one did not (a deleted article,
        a shorter listing), so the output holds no page that the content no longer has."""
        written = PageManifest.written(self._manifest_folder())
        output = Path(self.output_path).resolve()
        removed = 0
        for name in sorted(set(self.manifest.previous) - written):
            path = (output / name).resolve()
            if output not in path.parents or not path.is_file():
                continue
            path.unlink()
            removed += 1
            parent = path.parent
            while parent != output and not any(parent.iterdir()):
                parent.rmdir()
                parent = parent.parent
        if removed:
            logger.info("fast_build: removed %d page(s) the content no longer has", removed)

    def finish(self) -> None:
        """Children: save their part and exit. Parent: wait for the children, fail if one did."""
        if self.manifest is not None:
            self.manifest.save(self.rank, self.workers)
        FACTS.save(self.rank)
        forget()
        if self.rank > 0:
            logging.shutdown()
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(0)
        failed = []
        for pid in self.children:
            _, status = os.waitpid(pid, 0)
            if os.waitstatus_to_exitcode(status) != 0:
                failed.append(pid)
        self.children = []
        SplitWriter.active = None
        if self.manifest is not None and not failed:
            self._remove_stale_pages()
        logger.info(
            "fast_build: rendered %d and skipped %d unchanged page writes in this process",
            self.rendered,
            self.skipped,
        )
        if failed:
            raise RuntimeError(
                f"fast_build: {len(failed)} render worker(s) failed (messages above); "
                "the output is incomplete. Re-run with FAST_BUILD = {'workers': 1} to see the "
                "error in one process."
            )
