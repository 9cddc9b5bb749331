"""An editing session for the browser tests: a copy of the sample content in a temporary
"working copy", the site built from it with /admin/, served on 127.0.0.1, and
tools/cms_server.js (decap-server + the save check) writing into the copy."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.request import urlopen

from tests.support.paths import PROJECT_ROOT
from tests.support.server import serve_directory
from tests.support.site import build_site

CMS_SERVER = PROJECT_ROOT / "tools" / "cms_server.js"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Session:
    repo: Path  # the working copy decap-server writes into
    content: Path  # repo / "content"
    output: Path
    site: str  # http://127.0.0.1:<port>
    api: str  # decap-server's http://127.0.0.1:<port>/api/v1
    log: Path

    @property
    def admin(self) -> str:
        return f"{self.site}/admin/"


def wait_for(url: str, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urlopen(url, timeout=2):
                return
        except OSError as error:
            if getattr(error, "code", None):  # an HTTP answer: the server is up
                return
            if time.monotonic() > deadline:
                raise AssertionError(f"{url} did not answer in {timeout} s") from error
            time.sleep(0.2)


def start_cms_server(
    repo: Path, port: int, origin: str, log: Path, *, settings: Path | None = None
) -> subprocess.Popen:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PORT": str(port),
        "BIND_HOST": "127.0.0.1",
        "ORIGIN": origin,
        "GIT_REPO_DIRECTORY": str(repo),
        "ARCHIVE_PYTHON": str(PROJECT_ROOT / ".venv" / "bin" / "python"),
        "LOG_LEVEL": "warn",
        "ARCHIVE_SETTINGS": str(settings or PROJECT_ROOT / "pelicanconf.py"),
    }
    with open(log, "wb") as out:
        return subprocess.Popen(
            ["node", str(CMS_SERVER)], cwd=PROJECT_ROOT, env=env, stdout=out, stderr=out
        )


@contextlib.contextmanager
def editing_session(tmp: Path) -> Iterator[Session]:
    repo = tmp / "repo"
    content = repo / "content"
    shutil.copytree(PROJECT_ROOT / "content", content)
    output = tmp / "output"
    port = free_port()
    api = f"http://127.0.0.1:{port}/api/v1"
    build_site(content, output, extra={"DECAP_ADMIN": {"local_backend_url": api}})
    log = tmp / "cms_server.log"
    with serve_directory(output) as site:
        process = start_cms_server(repo, port, site, log)
        try:
            wait_for(f"http://127.0.0.1:{port}/")
            yield Session(repo, content, output, site, api, log)
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
