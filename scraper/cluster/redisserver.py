"""A private Redis server for a cluster crawl on one machine (and for the tests): Debian's
`redis-server`, bound to 127.0.0.1 only, on a free port, its data (append-only file) in a folder
of the project (var/redis by default) so that a killed crawl resumes where it stopped.

It dies with the process that started it (PR_SET_PDEATHSIG), so a killed coordinator leaves no
server behind; the append-only file keeps the frontier for the next run."""

from __future__ import annotations

import contextlib
import ctypes
import logging
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

log = logging.getLogger(__name__)

DEFAULT_DATA_DIR = Path("var/redis")
_PR_SET_PDEATHSIG = 1


class RedisServerError(RuntimeError):
    """redis-server is missing or did not start."""


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def _die_with_parent() -> None:  # pragma: no cover - runs in the child before exec
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    except OSError:
        pass


def server_command(data_dir: Path, port: int, host: str = "127.0.0.1") -> list[str]:
    """redis-server's command line: loopback only, append-only persistence, no RDB snapshots."""
    executable = shutil.which("redis-server") or "/usr/bin/redis-server"
    return [
        executable,
        "--bind", host,
        "--port", str(port),
        "--protected-mode", "yes",
        "--dir", str(data_dir.resolve()),
        "--appendonly", "yes",
        "--appendfsync", "everysec",
        "--save", "",
        "--daemonize", "no",
        "--logfile", "redis.log",
    ]  # fmt: skip


@contextlib.contextmanager
def local_redis(data_dir: Path = DEFAULT_DATA_DIR, host: str = "127.0.0.1") -> Iterator[str]:
    """Run redis-server on `host` and a free port with its data in `data_dir`; yields its URL
    (redis://127.0.0.1:PORT/0) and stops it (SHUTDOWN, the append-only file kept) at the end."""
    import redis

    if not (shutil.which("redis-server") or Path("/usr/bin/redis-server").exists()):
        raise RedisServerError(
            "redis-server is missing: install Debian's package (make deps-system, or"
            " apt-get install redis-server), or give the address of a running server with"
            " --redis URL / REDIS_URL"
        )
    data_dir = Path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    port = free_port(host)
    process = subprocess.Popen(
        server_command(data_dir, port, host),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        preexec_fn=_die_with_parent,
    )
    url = f"redis://{host}:{port}/0"
    client = redis.Redis.from_url(url)
    deadline = time.monotonic() + 30
    try:
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if process.poll() is not None:
                    error = process.stderr.read().decode(errors="replace") if process.stderr else ""
                    raise RedisServerError(
                        f"redis-server exited with code {process.returncode} at start; see"
                        f" {data_dir / 'redis.log'} {error}".strip()
                    ) from None
                if time.monotonic() > deadline:
                    raise RedisServerError(f"redis-server: no answer on {url} in 30 s") from None
                time.sleep(0.05)
        # an append-only file left by a killed server loads; wait until it has
        while client.info("persistence").get("loading"):
            time.sleep(0.05)
        log.info("redis-server on %s, data in %s", url, data_dir)
        yield url
    finally:
        with contextlib.suppress(Exception):
            client.shutdown(nosave=True)  # append-only: fsynced already, nothing to snapshot
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        client.close()
