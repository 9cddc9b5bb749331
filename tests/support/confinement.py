"""Keep the test run inside the repository: a file read next to the checkout is an error.

A fresh clone must pass `make test` with nothing beside it, so no test, tool or benchmark may
read a sibling folder of the repository (our own machines have a `shared` folder there; a user's
clone does not). `install()` adds an audit hook (PEP 578) that refuses, while the tests run, any
`open`, `os.listdir` or `os.scandir` of a path inside the repository's parent folder but outside
the repository itself. The virtual environment, the temporary folder and hidden folders beside
the repository (a home folder's `.cache`, `.config`) are allowed. Processes the tests start
(make, pelican, the crawler) are checked by the static scan in tests/test_self_contained.py
instead.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from tests.support.paths import PROJECT_ROOT

_EVENTS = frozenset({"open", "os.listdir", "os.scandir"})


class OutsideRepository(PermissionError):
    """A test read a file next to the repository instead of inside it."""


def _real(path: str | os.PathLike) -> str:
    return os.path.realpath(os.fspath(path))


def _allowed_roots() -> tuple[str, ...]:
    roots = {_real(PROJECT_ROOT), _real(tempfile.gettempdir())}
    for prefix in (sys.prefix, sys.base_prefix, sys.exec_prefix):
        roots.add(_real(prefix))
    return tuple(sorted(roots))


def watched_parent(root: Path = PROJECT_ROOT) -> str | None:
    """The folder whose other children are off limits: the repository's parent, unless that is
    the file system's root (then everything would be "beside" it)."""
    parent = Path(_real(root)).parent
    return str(parent) if len(parent.parts) > 1 else None


def is_outside(path: str | os.PathLike, root: Path = PROJECT_ROOT) -> bool:
    """True for a path beside the repository (in its parent folder, not under it, and not in
    the virtual environment or the temporary folder)."""
    parent = watched_parent(root)
    if parent is None:
        return False
    real = _real(path)
    if not real.startswith(parent + os.sep):
        return False
    if real[len(parent) + 1 :].startswith("."):  # ~/.cache, ~/.config: tools' own settings
        return False
    # A root that holds the parent itself (a checkout under /tmp) would allow all its siblings.
    allowed = [
        a
        for a in (_real(root), *_allowed_roots())
        if not (parent == a or parent.startswith(a + os.sep))
    ]
    return not any(real == a or real.startswith(a + os.sep) for a in allowed)


def _hook(event: str, args: tuple) -> None:
    if event not in _EVENTS or not args:
        return
    target = args[0]
    if not isinstance(target, str | bytes | os.PathLike) or isinstance(target, int):
        return
    if isinstance(target, bytes):
        target = os.fsdecode(target)
    if target and is_outside(target):
        raise OutsideRepository(
            f"a test read {_real(target)}, which is outside the repository {PROJECT_ROOT}: "
            "copy what the project needs into it (test data under tests/fixtures/ with a "
            "PROVENANCE row) and read it from there"
        )


_installed = False


def install() -> None:
    """Install the audit hook once per process (audit hooks cannot be removed)."""
    global _installed
    if not _installed:
        sys.addaudithook(_hook)
        _installed = True
