"""Run Debian's nginx on 127.0.0.1 (free port) with the repository's tools/nginx/archive.conf.

`make test` installs nginx through tools/system_deps.py when it is missing.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from .paths import PROJECT_ROOT

SITE_CONF = PROJECT_ROOT / "tools" / "nginx" / "archive.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
MIME_TYPES = Path("/etc/nginx/mime.types")

MAIN_CONF = """\
{user}
daemon off;
master_process on;
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 64; }}
http {{
    include {mime_types};
    default_type application/octet-stream;
    access_log {prefix}/access.log;
    client_body_temp_path {prefix}/tmp/body;
    proxy_temp_path {prefix}/tmp/proxy;
    fastcgi_temp_path {prefix}/tmp/fastcgi;
    uwsgi_temp_path {prefix}/tmp/uwsgi;
    scgi_temp_path {prefix}/tmp/scgi;
    include {prefix}/archive.conf;
}}
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def site_conf(port: int, root: Path) -> str:
    """tools/nginx/archive.conf with its `listen` and `root` lines pointed at the test's."""
    text = SITE_CONF.read_text(encoding="utf-8")
    replacements = {
        "    listen 80;\n": f"    listen 127.0.0.1:{port};\n",
        "    listen [::]:80;\n": "",
        "    root /srv/archive/current;\n": f"    root {root};\n",
    }
    for old, new in replacements.items():
        assert text.count(old) == 1, f"{SITE_CONF} no longer has exactly one {old.strip()!r}"
        text = text.replace(old, new)
    return text


@contextlib.contextmanager
def run_nginx(root: Path, prefix: Path, port: int | None = None) -> Iterator[str]:
    """nginx serving `root` with the sample config; yields http://127.0.0.1:PORT; stops after."""
    port = port or free_port()
    prefix.mkdir(parents=True, exist_ok=True)
    (prefix / "tmp").mkdir(exist_ok=True)
    (prefix / "archive.conf").write_text(site_conf(port, root), encoding="utf-8")
    main = MAIN_CONF.format(
        user="user root;" if os.geteuid() == 0 else "",
        prefix=prefix,
        mime_types=MIME_TYPES,
    )
    (prefix / "nginx.conf").write_text(main, encoding="utf-8")
    command = [NGINX, "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-e", "stderr"]
    check = subprocess.run([*command, "-t"], capture_output=True, text=True)
    assert check.returncode == 0, f"nginx -t failed:\n{check.stderr}"
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                urllib.request.urlopen(base + "/", timeout=1).close()
                break
            except urllib.error.HTTPError:
                break  # it answers (404 before the first publish is fine)
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    err = process.stderr.read().decode() if process.stderr else ""
                    raise AssertionError(f"nginx did not start on {base}:\n{err}") from None
                time.sleep(0.05)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
