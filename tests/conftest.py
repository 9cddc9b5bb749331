"""Fixtures shared by every test package. Helpers live in tests/support/."""

from __future__ import annotations

import shutil

import pytest

from tests.support import confinement
from tests.support.browser import CHROMIUM, launch_browser

# No test reads beside the repository (a fresh clone has nothing there): see confinement.py.
confinement.install()


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium (Debian's) for the whole session."""
    if not shutil.which(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: run `make deps-system` (installs Debian's chromium)")
    with launch_browser() as instance:
        yield instance
