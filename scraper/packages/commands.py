"""`python -m scraper package` and `python -m scraper verify-captures` (see scraper/cli.py).

Exit status: 0 done / verified; 1 a portal could not be packaged, or a mismatch was found;
2 nothing to do (no captures, no package) or a setting is wrong.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

from scraper.packages.create import PackageError, package_portal
from scraper.packages.layout import portal_warcs, portals
from scraper.packages.signing import SigningError, load_signing
from scraper.packages.verify import has_packages, unverified_portals, verify_all

log = logging.getLogger(__name__)
MAX_NOTES = 10


def _size(n: int) -> str:
    return f"{n / 1_048_576:.1f} MiB" if n >= 1_048_576 else f"{n / 1024:.0f} KiB"


def package_command(args: argparse.Namespace) -> int:
    captures, content = Path(args.captures), Path(args.content)
    try:
        signing = load_signing()
    except SigningError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    names = args.portals or [p for p in portals(captures) if portal_warcs(captures, p)]
    if not names:
        print(
            f"error: {captures}: no portal's WARC files there (captures/<portal>/*.warc.gz);"
            " crawl first, or give the folder with --captures",
            file=sys.stderr,
        )
        return 2
    failed = 0
    for name in names:
        started = time.perf_counter()
        try:
            result = package_portal(captures, name, content, signing=signing, force=args.force)
        except PackageError as error:
            print(f"error: {name}: {error}", file=sys.stderr)
            failed += 1
            continue
        signed = "signed" if result.signed else "unsigned"
        print(
            f"{name}: {result.path} {result.status} ({signed}): {result.warcs} WARC file(s),"
            f" {result.records} records, {result.articles} articles, {_size(result.size)},"
            f" {time.perf_counter() - started:.1f} s"
        )
        for note in result.notes[:MAX_NOTES]:
            print(f"  note: {note}")
        if len(result.notes) > MAX_NOTES:
            print(f"  ... and {len(result.notes) - MAX_NOTES} more notes")
    return 1 if failed else 0


def verify_command(args: argparse.Namespace) -> int:
    captures = Path(args.captures)
    content = None if args.no_content else Path(args.content)
    try:
        signing = load_signing()
    except SigningError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if not args.portals and not has_packages(captures):
        print(
            f"error: {captures}: no packages in {captures / 'packages'}; make them with"
            " make package-captures",
            file=sys.stderr,
        )
        return 2
    started = time.perf_counter()
    reports = verify_all(captures, content, signing, args.portals or None)
    for report in reports:
        print(report.summary())
        for problem in report.problems:
            print(f"  mismatch: {problem}")
        for note in report.notes:
            print(f"  note: {note}")
    if content is not None and content.is_dir():
        others = unverified_portals(content, [r.portal for r in reports])
        if others:
            listed = ", ".join(f"{portal} ({count})" for portal, count in sorted(others.items()))
            print(f"not verified (no captures here): captured articles of {listed}")
    mismatches = sum(r.mismatches for r in reports)
    print(
        f"verify-captures: {len(reports)} package(s), {sum(r.records for r in reports)} records,"
        f" {sum(r.articles for r in reports)} articles, {mismatches} mismatch(es)"
        f" in {time.perf_counter() - started:.1f} s"
    )
    return 1 if mismatches else 0
