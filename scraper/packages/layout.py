"""Where the packages live. These names are a contract: the replay page (ReplayWeb.page) loads
`<portal>.wacz` from the published folder, and readers keep links to it.

    captures/<portal>/<portal>-<UTC>-<pid>.warc.gz   the crawl runs' WARC files (the evidence)
    captures/packages/<portal>.wacz                  one package per portal, every run in it
    <site output>/ban-goc/wacz/<portal>.wacz         published copy (PUBLISH_CAPTURES = True)
"""

from __future__ import annotations

import re
from pathlib import Path

PACKAGES_DIRNAME = "packages"  # captures/packages/: never a portal's name
PACKAGE_SUFFIX = ".wacz"
PUBLISHED_DIR = "ban-goc/wacz"  # inside the site's output folder ("bản gốc": the originals)
_WARC_NAME = re.compile(r"\.warc(\.gz)?$")


def packages_dir(captures: Path) -> Path:
    return Path(captures) / PACKAGES_DIRNAME


def package_path(captures: Path, portal: str) -> Path:
    """`captures/packages/<portal>.wacz`."""
    return packages_dir(captures) / f"{portal}{PACKAGE_SUFFIX}"


def published_path(site: Path, portal: str) -> Path:
    """`<site>/ban-goc/wacz/<portal>.wacz`."""
    return Path(site) / PUBLISHED_DIR / f"{portal}{PACKAGE_SUFFIX}"


def is_warc_name(name: str) -> bool:
    return bool(_WARC_NAME.search(name))


def portal_warcs(captures: Path, portal: str) -> list[Path]:
    """The portal's WARC files in `captures/<portal>/`, oldest first (their names start with
    the run's UTC time)."""
    folder = Path(captures) / portal
    if not folder.is_dir():
        return []
    return sorted(
        (p for p in folder.iterdir() if p.is_file() and is_warc_name(p.name)),
        key=lambda p: p.name,
    )


def portals(captures: Path) -> list[str]:
    """Portals with a captures folder holding WARC files, or with a package."""
    captures = Path(captures)
    names: set[str] = set()
    if captures.is_dir():
        for folder in captures.iterdir():
            if folder.is_dir() and folder.name != PACKAGES_DIRNAME:
                if portal_warcs(captures, folder.name):
                    names.add(folder.name)
    names.update(packaged_portals(captures))
    return sorted(names)


def packaged_portals(captures: Path) -> list[str]:
    folder = packages_dir(captures)
    if not folder.is_dir():
        return []
    return sorted(
        p.name[: -len(PACKAGE_SUFFIX)]
        for p in folder.iterdir()
        if p.is_file() and p.name.endswith(PACKAGE_SUFFIX)
    )
