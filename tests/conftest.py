"""Fixtures shared by every test package. Helpers live in tests/support/."""

from __future__ import annotations

import shutil

import pytest

from tests.support.browser import CHROMIUM, launch_browser


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium (Debian's) for the whole session."""
    if not shutil.which(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: run `make deps-system` (installs Debian's chromium)")
    with launch_browser() as instance:
        yield instance
