"""Run Pelican with fast_build seeing the dependency versions a test chooses, and report what
fast_build changed in the process.

    python -m tests.support.fast_build_probe REPORT.json VERSIONS.json PELICAN_ARGUMENT...

VERSIONS.json maps distribution names to the version fast_build's check should find (`{}`: the
installed ones). fast_build is imported here under the name Pelican gives it (`fast_build`, from
PLUGIN_PATHS), so Pelican's plugin loader finds this very module and the faked lookup is the one
`register()` uses. REPORT.json gets, for each internal of `fast_build.internals.PATCHED`, whether
it was replaced (it no longer is the object it was before Pelican started), and the fast_build
functions connected to Pelican's signals.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import weakref
from pathlib import Path

from tools.pelican_command import pelican_command

from .paths import PROJECT_ROOT
from .site import run_build


def probe_build(
    content: Path,
    output: Path,
    report: Path,
    *,
    versions: dict[str, str] | None = None,
    extra: dict | None = None,
) -> tuple[subprocess.CompletedProcess, dict]:
    """`build_site` through this module: the build's log and the report (see the docstring)."""
    versions_file = report.with_suffix(".versions.json")
    versions_file.write_text(json.dumps(versions or {}), encoding="utf-8")
    command = pelican_command(content, output, PROJECT_ROOT / "pelicanconf.py", extra=extra)
    assert command[1:3] == ["-m", "pelican"]
    command[1:3] = ["-m", __name__, str(report), str(versions_file)]
    result = run_build(command)
    return result, json.loads(report.read_text(encoding="utf-8"))


def _import_fast_build():
    sys.path.insert(0, str(PROJECT_ROOT / "plugins"))
    try:
        import fast_build.internals
        import fast_build.verified
    finally:
        sys.path.pop(0)
    return fast_build.internals, fast_build.verified


def fast_build_receivers(package: str = "fast_build") -> list[str]:
    """`signal: module.function` of every function of `package` (fast_build, by the name it
    was imported under) connected to a Pelican signal."""
    from blinker import NamedSignal
    from pelican import signals

    found = []
    for name, signal in sorted(vars(signals).items()):
        if not isinstance(signal, NamedSignal):
            continue
        for receiver in signal.receivers.values():
            function = receiver() if isinstance(receiver, weakref.ref) else receiver
            module = getattr(function, "__module__", "") or ""
            if module == package or module.startswith(f"{package}."):
                found.append(f"{name}: {module}.{getattr(function, '__qualname__', '?')}")
    return found


def main(argv: list[str]) -> int:
    report_path, versions_path, *pelican_arguments = argv
    internals, verified = _import_fast_build()
    versions = json.loads(Path(versions_path).read_text(encoding="utf-8"))
    real_lookup = verified.installed_version
    verified.installed_version = lambda package: versions.get(package) or real_lookup(package)
    before = internals.snapshot()
    process = os.getpid()
    code = 0
    try:
        from pelican import main as pelican_main

        pelican_main(pelican_arguments)
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else 1
    finally:
        if os.getpid() == process:  # not in a process the build forked
            after = internals.snapshot()
            report = {
                "replaced": sorted(name for name in before if after[name] is not before[name]),
                "untouched": sorted(name for name in before if after[name] is before[name]),
                "receivers": fast_build_receivers(),
            }
            Path(report_path).write_text(json.dumps(report, indent=1), encoding="utf-8")
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
