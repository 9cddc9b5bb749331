"""The dependency versions fast_build was verified with, and the one check of the installed ones.

fast_build replaces internals of Pelican and leans on those of Jinja2 and Python-Markdown
(internals.py lists them). Each replacement was checked against the source of the versions below
and by the equivalence test (tests/plugins/fast_build/test_equivalence.py); with any other version
one of them could write a wrong page without an error. So `register()` asks `check()` once: on any
other version fast_build logs one warning and registers nothing, and Pelican builds the same site
its own way, only slower.

These versions are the pins in pyproject.toml (a test checks they agree). To raise a pin, verify
the new version first: see "Upgrading Pelican, Jinja2 or Python-Markdown" in README.md.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from importlib import metadata

logger = logging.getLogger(__name__)

# Distribution name (as pinned in pyproject.toml) -> the version fast_build was verified with.
VERIFIED: dict[str, str] = {
    "pelican": "4.12.0",
    "jinja2": "3.1.6",
    "markdown": "3.11.3",
}
DISPLAY_NAMES: dict[str, str] = {
    "pelican": "Pelican",
    "jinja2": "Jinja2",
    "markdown": "Python-Markdown",
}


@dataclass(frozen=True)
class Mismatch:
    """A dependency installed in another version than the verified one (None: not installed)."""

    package: str
    found: str | None
    verified: str

    def __str__(self) -> str:
        name = DISPLAY_NAMES.get(self.package, self.package)
        found = self.found if self.found is not None else "(not installed)"
        return f"{name} {found} is not the verified {self.verified}"


def installed_version(package: str) -> str | None:
    """The installed version of a distribution, None when it is not installed."""
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def mismatches() -> list[Mismatch]:
    """Every verified dependency whose installed version differs, in VERIFIED's order."""
    found = []
    for package, verified in VERIFIED.items():
        installed = installed_version(package)
        if installed != verified:
            found.append(Mismatch(package, installed, verified))
    return found


def warning_text(found: list[Mismatch]) -> str:
    """The one warning for a build on unverified versions."""
    named = ", ".join(map(str, found))
    return (
        f"fast_build: {named}; building without it "
        "(same pages, slower; see plugins/fast_build/README.md)"
    )


def check() -> bool:
    """True when every dependency is the verified version; otherwise log one warning naming
    each one that differs, and return False (fast_build must then change nothing)."""
    found = mismatches()
    if found:
        logger.warning(warning_text(found))
    return not found
