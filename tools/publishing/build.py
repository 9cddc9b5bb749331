"""Build the site for publishing into the run's staging folder; refuse it when anything is wrong."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from tools.linkcheck import find_broken_links
from tools.pelican_command import pelican_command
from tools.publishing import build_manifest

log = logging.getLogger(__name__)
PROJECT_ROOT = Path(__file__).resolve().parents[2]
MAX_LISTED = 20


class Refused(RuntimeError):
    """Publishing was refused before anything on the target changed."""


def _tail(text: str, lines: int = 30) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


def run_pelican(content: Path, staging: Path, conf_file: Path) -> None:
    """`pelican CONTENT -o STAGING -s publishconf.py --fatal errors`; Refused on any error."""
    command = pelican_command(content, staging, conf_file, options=("--fatal", "errors"))
    log.info("building %s with %s into %s", content, conf_file.name, staging)
    result = subprocess.run(
        command,
        cwd=conf_file.parent,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONHASHSEED": "0", "COLUMNS": "200"},
    )
    if result.returncode != 0:
        raise Refused(
            f"the Pelican build of {content} with {conf_file.name} logged errors "
            f"(exit {result.returncode}); fix them and publish again:\n{_tail(result.stdout)}"
        )


def run_content_check(content: Path, project_root: Path = PROJECT_ROOT) -> None:
    """`python -m tools.check_content CONTENT` (what `make check` runs); Refused when non-zero."""
    result = subprocess.run(
        [sys.executable, "-m", "tools.check_content", str(content)],
        cwd=project_root,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    if result.returncode != 0:
        raise Refused(
            f"the content check (make check) failed for {content} (exit {result.returncode}); "
            f"fix the files it names and publish again:\n{_tail(result.stdout)}"
        )


def check_links(staging: Path, site_url: str) -> None:
    """Refused when an internal link, asset or #fragment in the build does not resolve."""
    broken = find_broken_links(staging, site_url=site_url)
    if broken:
        listed = "\n".join(f"  {item}" for item in broken[:MAX_LISTED])
        more = f"\n  ... and {len(broken) - MAX_LISTED} more" if len(broken) > MAX_LISTED else ""
        raise Refused(
            f"the build has {len(broken)} broken internal link(s); fix the articles or "
            f"templates that hold them and publish again:\n{listed}{more}"
        )


def build_for_publishing(
    content: Path,
    staging: Path,
    conf_file: Path,
    site_url: str,
    add_files: Callable[[Path], object] | None = None,
) -> None:
    """Content check, Pelican build into STAGING, link check, `add_files(STAGING)` (the
    capture packages, when published), and last the build manifest.

    STAGING is this run's own empty folder (tools/publishing/staging.py). It holds a finished
    build only once `.build-manifest.json` is written, which is the last thing this does; on a
    refusal the folder is emptied and removed.
    """
    if not site_url.startswith(("http://", "https://")):
        raise Refused(
            f"SITEURL is {site_url!r}; publishing needs the absolute public URL. "
            "Set it with ARCHIVE_SITEURL=https://example.org (read by publishconf.py)"
        )
    if not content.is_dir():
        raise Refused(f"{content}: no such content folder")
    try:
        run_content_check(content)
        run_pelican(content, staging, conf_file)
        check_links(staging, site_url)
        if add_files is not None:
            add_files(staging)
    except Refused:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    manifest = build_manifest.write(staging)
    log.info(
        "build finished: %d files, %d bytes, listed in %s/%s",
        manifest.count,
        manifest.total_bytes,
        staging.name,
        build_manifest.MANIFEST_NAME,
    )


def check_before_upload(staging: Path) -> build_manifest.BuildManifest:
    """Refused unless STAGING holds exactly the files its manifest lists, byte for byte."""
    try:
        manifest, mismatch = build_manifest.check_site(staging)
    except build_manifest.ManifestError as error:
        raise Refused(f"{error}; build again (publish again) instead of uploading it") from None
    if mismatch:
        listed = "\n".join(f"  {line}" for line in mismatch.lines(MAX_LISTED))
        raise Refused(
            f"the staging folder {staging} no longer matches its build manifest "
            f"({manifest.count} files built; {mismatch.summary()}), so it is not a complete "
            f"build; something changed it after the build finished. Publish again:\n{listed}"
        )
    log.info("staging folder matches its build manifest: %d files", manifest.count)
    return manifest
