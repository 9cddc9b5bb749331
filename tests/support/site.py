"""Build a Pelican site the way `make html` does, into a folder of the test's choosing."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from tools.pelican_command import pelican_command

from .paths import PROJECT_ROOT


def build_site(
    content: Path,
    output: Path,
    *,
    settings: Path = PROJECT_ROOT / "pelicanconf.py",
    extra: dict | None = None,
    check: bool = True,
    options: tuple[str, ...] = (),
) -> subprocess.CompletedProcess:
    """Run `python -m pelican CONTENT -o OUTPUT -s SETTINGS [-e KEY=JSON ...]` in a subprocess.

    Returns the completed process (stdout+stderr in .stdout); raises with the log when the build
    fails and `check` is true.
    """
    command = pelican_command(content, output, settings, extra=extra, options=options)
    return run_build(command, check=check)


def run_build(command: list[str], *, check: bool = True) -> subprocess.CompletedProcess:
    """Run a build command from the project folder with `build_site`'s environment."""
    result = subprocess.run(
        command,
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={"PYTHONHASHSEED": "0", "PATH": "/usr/bin:/bin", "COLUMNS": "200", "LANG": "C.UTF-8"},
    )
    if check and result.returncode != 0:
        raise AssertionError(f"pelican build failed ({result.returncode}):\n{result.stdout}")
    return result


def sample_content_with_corpus(folder: Path, articles: int) -> Path:
    """The project's sample content plus `articles` generated bulletins under `bench/`."""
    from bench.corpus import generate_corpus

    shutil.copytree(PROJECT_ROOT / "content", folder, dirs_exist_ok=True)
    generate_corpus(articles, folder / "bench")
    return folder
