"""One publish or rollback at a time per project: an OS lock (flock) on `.publish.lock`.

The lock is `fcntl.flock` on the lock file, so the kernel releases it when the process that
holds it ends, however it ends (a crash, `kill -9`, a closed terminal): a killed run never blocks
the next one. The file itself only tells people who holds the lock: one JSON line with the
holder's pid, host, start time and command. A run that ends normally removes the file; a run that
dies leaves it behind, and the next run, finding it unlocked but not empty, reports it as stale
(naming the dead run) and takes the lock over: the kernel has already vouched that nothing holds
it.
"""

from __future__ import annotations

import errno
import fcntl
import json
import logging
import os
import socket
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Holder:
    """What a lock file records about the run that took the lock."""

    pid: int | None
    host: str
    started: str  # UTC, ISO 8601
    command: str

    @classmethod
    def this_process(cls, command: str | None = None) -> Holder:
        return cls(
            pid=os.getpid(),
            host=socket.gethostname(),
            started=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            command=command or " ".join([sys.executable, *sys.argv]),
        )

    @classmethod
    def parse(cls, text: str) -> Holder | None:
        """None for an empty file; a holder with unknown fields for one it cannot read."""
        if not text.strip():
            return None
        try:
            data = json.loads(text)
            return cls(
                pid=int(data["pid"]),
                host=str(data.get("host", "?")),
                started=str(data.get("started", "?")),
                command=str(data.get("command", "?")),
            )
        except (ValueError, KeyError, TypeError):
            return cls(pid=None, host="?", started="?", command=text.strip()[:200])

    def to_json(self) -> str:
        return json.dumps(self.__dict__) + "\n"

    def describe(self) -> str:
        pid = f"pid {self.pid}" if self.pid is not None else "unknown pid"
        here = socket.gethostname()
        where = "" if self.host in (here, "?") else f" on host {self.host}"
        return f"{pid}{where} since {self.started}"


class LockBusy(RuntimeError):
    """Another run holds the lock; the message says which and what to do."""

    def __init__(self, path: Path, holder: Holder | None) -> None:
        self.path, self.holder = path, holder
        who = holder.describe() if holder else "pid unknown"
        pid = holder.pid if holder and holder.pid is not None else "<pid>"
        command = f", `{holder.command}`" if holder else ""
        super().__init__(
            f"another publish is running ({who}{command}); wait for it to finish, or if it "
            f"hangs stop it with `kill {pid}` (a killed publish leaves the served site as it "
            f"was) and run this again. Lock: {path}"
        )


def _read(fd: int) -> str:
    os.lseek(fd, 0, os.SEEK_SET)
    chunks = []
    while chunk := os.read(fd, 65536):
        chunks.append(chunk)
    return b"".join(chunks).decode("utf-8", errors="replace")


def _alive(holder: Holder) -> bool:
    if holder.pid is None or holder.host != socket.gethostname():
        return True  # cannot tell: believe the file
    try:
        os.kill(holder.pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _busy_holder(fd: int, wait: float = 2.0) -> Holder | None:
    """Who holds a lock we could not take. The holder writes its line just after locking, so
    an empty file, or one still naming a dead run, is read again for a moment."""
    deadline = time.monotonic() + wait
    while True:
        holder = Holder.parse(_read(fd))
        if (holder is not None and _alive(holder)) or time.monotonic() >= deadline:
            return holder
        time.sleep(0.05)


class PublishLock:
    """`with PublishLock(path) as lock:` — raises LockBusy when another run holds it.

    `lock.stale` is the holder recorded by a run that died without releasing the lock (or None).
    """

    def __init__(self, path: Path, command: str | None = None) -> None:
        self.path = Path(path)
        self.command = command  # recorded for whoever finds the lock taken (default: argv)
        self.fd: int | None = None
        self.stale: Holder | None = None

    def acquire(self) -> PublishLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        while True:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as error:
                if error.errno not in (errno.EWOULDBLOCK, errno.EACCES):
                    os.close(fd)
                    raise
                holder = _busy_holder(fd)
                os.close(fd)
                raise LockBusy(self.path, holder) from None
            # The previous holder may have removed the file between our open and our lock:
            # then we locked a file nobody else will ever open. Start again on the new one.
            try:
                same = os.path.samestat(os.fstat(fd), os.stat(self.path))
            except FileNotFoundError:
                same = False
            if same:
                break
            os.close(fd)
        self.fd = fd
        self.stale = Holder.parse(_read(fd))
        os.ftruncate(fd, 0)
        os.pwrite(fd, Holder.this_process(self.command).to_json().encode(), 0)
        os.fsync(fd)
        return self

    def release(self) -> None:
        if self.fd is None:
            return
        try:
            os.unlink(self.path)  # while still locked: nobody can be between open and lock
        except FileNotFoundError:
            pass
        os.close(self.fd)  # releases the flock
        self.fd = None

    def __enter__(self) -> PublishLock:
        return self.acquire()

    def __exit__(self, *exc_info: object) -> None:
        self.release()


def stale_lock_message(path: Path, holder: Holder) -> str:
    """What to tell the operator when a dead run's lock was taken over."""
    return (
        f"stale lock {path}: the publish started by {holder.describe()} "
        f"(`{holder.command}`) ended without releasing it: it was killed or crashed, and no "
        "process holds the lock any more, so this run took it over. Whatever that run left is "
        "cleaned up now (its staging folder here, its unfinished upload on the target); a "
        "release it uploaded but never verified stays unverified and `make rollback` will not "
        "choose it. Check its log if you want to know why it stopped."
    )
