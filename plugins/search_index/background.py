"""Run the index build in a forked process while Pelican renders the pages.

The index needs only the articles, which are final once every generator has read its content
(`all_generators_finalized`); rendering and writing the pages takes as long again. Forking
there lets the index build share the cores with the page renderers instead of running after
them. The child sends back its result (or the error it met) through a pipe; the build waits for
it at `finalized` and reports it as if it had run in-process.
"""

from __future__ import annotations

import logging
import os
import pickle
import sys
from collections.abc import Callable
from typing import Any

logger = logging.getLogger(__name__)


class BackgroundError(Exception):
    """The background build failed; `kind` is the exception's class name."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


class BackgroundJob:
    """A forked process running one function; `result()` waits for it."""

    def __init__(self, pid: int, fd: int) -> None:
        self.pid = pid
        self.fd = fd

    def result(self) -> Any:
        """The function's return value; raises BackgroundError with the child's error."""
        with os.fdopen(self.fd, "rb") as pipe:
            data = pipe.read()
        _, status = os.waitpid(self.pid, 0)
        return outcome(data, status)


def outcome(data: bytes, status: int) -> Any:
    """What a child sent back (`("ok", value)` or `("error", (kind, message))`) and its wait
    status: the value, or BackgroundError (also when it sent nothing)."""
    if not data:
        raise BackgroundError(
            "ChildProcessError",
            f"the search index process stopped without a result (exit status "
            f"{os.waitstatus_to_exitcode(status)})",
        )
    kind, value = pickle.loads(data)
    if kind == "error":
        raise BackgroundError(*value)
    return value


def can_fork() -> bool:
    return hasattr(os, "fork") and sys.platform != "win32"


def start(function: Callable[[], Any]) -> BackgroundJob:
    """Fork; the child runs `function()` and exits, the parent gets a job to wait for."""
    read_fd, write_fd = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid:
        os.close(write_fd)
        return BackgroundJob(pid, read_fd)
    os.close(read_fd)
    code = 0
    try:
        outcome: tuple[str, Any] = ("ok", function())
        data = pickle.dumps(outcome)
    except BaseException as error:  # noqa: BLE001 - every failure goes back to the parent
        code = 1
        data = pickle.dumps(("error", (type(error).__name__, str(error))))
    try:
        with os.fdopen(write_fd, "wb") as pipe:
            pipe.write(data)
    finally:
        logging.shutdown()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
