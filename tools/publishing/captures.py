"""Publishing the WACZ packages beside the site (PUBLISH_CAPTURES = True).

Before anything is built, every package in `<captures_dir>/packages/` is verified as
`make verify-captures` does (scraper/packages/verify.py); any mismatch, a portal whose captures
have no package, or no package at all refuses the publish. After the site is built and its
links checked, the packages go to `<site>/ban-goc/wacz/<portal>.wacz` (the replay page loads
them from there), before the build manifest is written, so the manifest lists them and the
targets check them like every other file.
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

from scraper.packages.layout import PACKAGE_SUFFIX, packages_dir, published_path
from scraper.packages.signing import SigningError, load_signing
from scraper.packages.verify import has_packages, verify_all
from tools.publishing.build import Refused
from tools.publishing.config import PublishConfig

log = logging.getLogger(__name__)
MAX_LISTED = 20


def verified_packages(cfg: PublishConfig, content: Path) -> list[Path]:
    """The packages to publish, all verified; Refused when one fails or there is none."""
    captures = cfg.resolve(cfg["captures_dir"])
    try:
        signing = load_signing()
    except SigningError as error:
        raise Refused(f"PUBLISH_CAPTURES: {error}") from None
    if not has_packages(captures):
        raise Refused(
            f"PUBLISH_CAPTURES is on, but {packages_dir(captures)} holds no package: make them"
            " with `make package-captures` (or set PUBLISH_CAPTURES = False)"
        )
    log.info("verifying the capture packages in %s", packages_dir(captures))
    reports = verify_all(captures, content, signing)
    failed = [report for report in reports if report.problems]
    if failed:
        lines = [line for report in failed for line in (report.summary(), *report.problems)]
        listed = "\n".join(f"  {line}" for line in lines[:MAX_LISTED])
        more = f"\n  ... and {len(lines) - MAX_LISTED} more" if len(lines) > MAX_LISTED else ""
        raise Refused(
            "the capture packages failed verification (PUBLISH_CAPTURES is on); `make"
            f" verify-captures` lists every mismatch, `make package-captures` makes stale"
            f" packages again:\n{listed}{more}"
        )
    for report in reports:
        log.info("%s", report.summary())
    return [report.package for report in reports]


def _same_file(package: Path, target: Path) -> bool:
    """`target` is `package` already (a hard link, or a copy with its size and time)."""
    if not target.exists():
        return False
    a, b = package.stat(), target.stat()
    return (a.st_ino, a.st_dev) == (b.st_ino, b.st_dev) or (
        a.st_size == b.st_size and a.st_mtime_ns == b.st_mtime_ns
    )


def add_packages(packages: list[Path], site: Path) -> int:
    """Put the packages into the built site (hard links when possible: a package is replaced,
    never changed in place). Returns the bytes added."""
    added = 0
    for package in packages:
        target = published_path(site, package.name.removesuffix(PACKAGE_SUFFIX))
        target.parent.mkdir(parents=True, exist_ok=True)
        if _same_file(package, target):  # the replay_page plugin put it there in the build
            added += target.stat().st_size
            continue
        target.unlink(missing_ok=True)
        try:
            os.link(package, target)
        except OSError:
            shutil.copy2(package, target)
        added += target.stat().st_size
        log.info("published capture package %s", target.relative_to(site))
    return added
