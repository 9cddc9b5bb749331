"""The index built in a small process, fed the articles by a short-lived fork of the build.

A process forked from the build once every article is read holds the whole site: on Linux it
counts all of it as its own memory (about 290 MB at 10,000 articles) before the index build adds
its own. Instead, a *zygote* is forked when the build starts (`initialized`, about 45 MB), and
waits on a pipe. Once the articles are final, a *feeder* is forked from the build: it turns the
articles into plain records (`RawArticle`) and streams them to the zygote in chunks, then exits.
The zygote builds the index from the records alone and sends back its result, or its error,
which the build waits for at `finalized`.

Messages on the job pipe, each one pickle: the header (whatever the zygote's function needs),
then `("records", [...])` chunks, then `("end", None)`, or `("error", (kind, message))` when the
feeder could not read an article. A stream that stops early means the feeder died.
"""

from __future__ import annotations

import logging
import os
import pickle
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from .background import BackgroundError, outcome

logger = logging.getLogger(__name__)


class FeedError(Exception):
    """The feeder could not turn an article into a record (the message names it)."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


def _flush() -> None:
    sys.stdout.flush()
    sys.stderr.flush()


def _records(pipe) -> Iterator[Any]:
    """The records the feeder sends, chunk by chunk; FeedError for a failed or cut stream."""
    while True:
        try:
            kind, value = pickle.load(pipe)
        except EOFError:
            raise FeedError(
                "ChildProcessError",
                "the process feeding the search index stopped before sending every article",
            ) from None
        if kind == "end":
            return
        if kind == "error":
            raise FeedError(*value)
        yield from value


def _serve(job_fd: int, result_fd: int, run: Callable[[Any, Iterator[Any]], Any]) -> None:
    """In the zygote: wait for a job, run it, send the outcome back, exit."""
    code = 0
    try:
        with os.fdopen(job_fd, "rb") as pipe:
            try:
                header = pickle.load(pipe)
            except EOFError:  # the build ended (or failed) without asking for an index
                os._exit(0)
            outcome: tuple[str, Any] = ("ok", run(header, _records(pipe)))
        data = pickle.dumps(outcome)
    except BaseException as error:  # noqa: BLE001 - every failure goes back to the build
        code = 1
        kind = error.kind if isinstance(error, FeedError) else type(error).__name__
        data = pickle.dumps(("error", (kind, str(error))))
    try:
        with os.fdopen(result_fd, "wb") as pipe:
            pipe.write(data)
    finally:
        logging.shutdown()
        _flush()
        os._exit(code)


class Zygote:
    """A forked process waiting for one job: `run(header, records)`."""

    def __init__(self, run: Callable[[Any, Iterator[Any]], Any]) -> None:
        job_read, job_write = os.pipe()
        result_read, result_write = os.pipe()
        _flush()
        pid = os.fork()
        if pid == 0:
            os.close(job_write)
            os.close(result_read)
            _serve(job_read, result_write, run)
        os.close(job_read)
        os.close(result_write)
        self.pid = pid
        self.owner = os.getpid()  # only the process that forked it can wait for it
        self.job_fd: int | None = job_write
        self.result_fd: int | None = result_read
        self.feeder: int | None = None

    @property
    def fed(self) -> bool:
        return self.feeder is not None

    def feed(self, header: Any, chunks: Iterable[list]) -> None:
        """Fork a feeder that sends `header` and every chunk of `chunks` (computed in the
        feeder), then exits. A chunk that raises sends the error instead."""
        if self.job_fd is None:
            raise RuntimeError("this search index process was already fed or closed")
        job_fd, self.job_fd = self.job_fd, None
        _flush()
        pid = os.fork()
        if pid:
            os.close(job_fd)  # the feeder holds the only write end: its exit ends the stream
            self.feeder = pid
            return
        code = 0
        try:
            with os.fdopen(job_fd, "wb") as pipe:

                def send(message: Any) -> None:  # flushed: a cut stream shows where it stopped
                    pickle.dump(message, pipe, protocol=pickle.HIGHEST_PROTOCOL)
                    pipe.flush()

                send(header)
                try:
                    for chunk in chunks:
                        send(("records", chunk))
                    message: tuple[str, Any] = ("end", None)
                except Exception as error:  # noqa: BLE001 - reported by the zygote
                    message = ("error", (type(error).__name__, str(error)))
                send(message)
        except BaseException:  # noqa: BLE001 - a cut stream is reported by the zygote
            code = 1
        finally:
            _flush()
            os._exit(code)

    def result(self) -> Any:
        """Wait for the zygote (and the feeder); its function's value, or BackgroundError."""
        if self.result_fd is None:
            raise RuntimeError("the search index process's result was already taken")
        result_fd, self.result_fd = self.result_fd, None
        with os.fdopen(result_fd, "rb") as pipe:
            data = pipe.read()
        _, status = os.waitpid(self.pid, 0)
        fed = 0
        if self.feeder is not None:
            _, fed = os.waitpid(self.feeder, 0)
            self.feeder = None
        if not data and fed:
            raise BackgroundError(
                "ChildProcessError",
                f"the process feeding the search index stopped (exit status "
                f"{os.waitstatus_to_exitcode(fed)}) before sending every article",
            )
        return outcome(data, status)

    def close(self) -> None:
        """Release an unused zygote: it sees the end of its job pipe and exits.

        In a process forked after the zygote (Pelican's `-lr` runs its autoreload loop in a
        multiprocessing child of the process that built first), the zygote is a sibling, not a
        child: close the inherited pipe ends and leave the waiting to its parent."""
        if os.getpid() != self.owner:
            for fd in (self.job_fd, self.result_fd):
                if fd is not None:
                    os.close(fd)
            self.job_fd = self.result_fd = self.feeder = None
            return
        if self.job_fd is not None:
            os.close(self.job_fd)
            self.job_fd = None
        if self.result_fd is not None:
            os.close(self.result_fd)
            self.result_fd = None
            os.waitpid(self.pid, 0)
        if self.feeder is not None:
            os.waitpid(self.feeder, 0)
            self.feeder = None
