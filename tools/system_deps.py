"""Install the Debian packages that tests and benchmarks need, when they are missing.

Runs with the system python3 (no venv needed). As root it installs with apt-get;
otherwise it prints the exact command to run and exits non-zero.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

# executable -> Debian package that provides it
REQUIRED = {
    "chromium": "chromium",  # browser tests (Playwright, executable_path=/usr/bin/chromium)
    "nginx": "nginx-light",  # publish/serving tests
    "rsync": "rsync",  # publish target
    "java": "default-jre-headless",  # W3C Nu HTML Checker (vnu-jar)
    "npm": "npm",  # installs package-lock.json: replaywebpage (site builds), vnu-jar, axe-core
    "node": "nodejs",  # make edit (tools/cms_server.js: decap-server), CMS format tests
    "openssl": "openssl",  # `openssl ts`: RFC 3161 replies for the WACZ signing tests, offline
    "wget": "wget",  # import-warc tests: `wget --warc-file` of the demo portal
    "redis-server": "redis-server",  # crawl cluster frontier, shard job queue (RQ)
}
OPTIONAL = {"hugo": "hugo"}  # only `make bench` needs it


def missing_packages(names: dict[str, str]) -> list[str]:
    found = {exe for exe in names if shutil.which(exe) or os.path.exists(f"/usr/sbin/{exe}")}
    return sorted({pkg for exe, pkg in names.items() if exe not in found})


def main(argv: list[str]) -> int:
    wanted = dict(REQUIRED)
    if "--bench" in argv:
        wanted.update(OPTIONAL)
    packages = missing_packages(wanted)
    if not packages:
        return 0
    command = ["apt-get", "install", "-y", "--no-install-recommends", *packages]
    if os.geteuid() != 0:
        print(
            "system_deps: missing Debian packages: " + " ".join(packages) + "\n"
            "Install them with: sudo apt-get update && sudo " + " ".join(command),
            file=sys.stderr,
        )
        return 1
    print("system_deps: installing " + " ".join(packages), file=sys.stderr)
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run([*command, "-qq"], check=True, env=env)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
