"""tools.pelican_command: one command line for every caller, every extra setting after one -e."""

from __future__ import annotations

import sys
from pathlib import Path

from tools.pelican_command import pelican_command


def test_plain_command() -> None:
    assert pelican_command(Path("c"), Path("o"), Path("s.py")) == [
        sys.executable,
        "-m",
        "pelican",
        "c",
        "-o",
        "o",
        "-s",
        "s.py",
    ]


def test_options_and_every_extra_setting_after_a_single_e() -> None:
    command = pelican_command(
        Path("c"),
        Path("o"),
        Path("s.py"),
        extra={"SITENAME": "Kho", "PLUGINS": ["vietnamese"]},
        options=("--fatal", "errors"),
    )
    assert command.count("-e") == 1
    assert command[command.index("-e") :] == ["-e", 'SITENAME="Kho"', 'PLUGINS=["vietnamese"]']
    assert command[8:10] == ["--fatal", "errors"]
