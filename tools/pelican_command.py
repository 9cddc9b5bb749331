"""The one place that assembles a `python -m pelican` command line.

Extra settings go after a single `-e`: Pelican keeps only the last `-e` option given, so one
`-e` per setting silently drops all but the last.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path


def pelican_command(
    content: Path,
    output: Path,
    settings: Path,
    *,
    extra: dict | None = None,
    options: Sequence[str] = (),
) -> list[str]:
    """`python -m pelican CONTENT -o OUTPUT -s SETTINGS [OPTIONS] [-e KEY=JSON ...]`."""
    command = [sys.executable, "-m", "pelican", str(content), "-o", str(output)]
    command += ["-s", str(settings), *options]
    if extra:
        command += ["-e", *(f"{key}={json.dumps(value)}" for key, value in extra.items())]
    return command
