"""bench.harness: each rebuild scenario measures exactly its own change."""

from __future__ import annotations

import sys
from pathlib import Path

from bench.harness import Scenario, run_rounds


def test_a_settled_scenario_leaves_the_next_one_a_build_of_the_unchanged_content(
    tmp_path: Path,
) -> None:
    """The rebuild after an addition must not also rebuild the edit the scenario before it
    undid: after `after`, a settled scenario builds once more, untimed."""
    marker = tmp_path / "edited"
    builds = tmp_path / "builds.txt"
    record = (
        "import pathlib, sys; state = 'edited' if pathlib.Path(sys.argv[1]).exists() else 'clean'; "
        "open(sys.argv[2], 'a').write(state + '\\n')"
    )

    def command() -> list[str]:
        return [sys.executable, "-c", record, str(marker), str(builds)]

    edit = Scenario(
        "edit",
        "rebuild after an edit",
        command,
        cwd=tmp_path,
        before=lambda: marker.write_text("x"),
        after=lambda: marker.unlink(),
        settle=True,
    )
    add = Scenario("add", "rebuild after an addition", command, cwd=tmp_path)
    run_rounds([edit, add], 1, tmp_path)
    # timed edit, untimed settle of the undone edit, then the addition's own build
    assert builds.read_text().split() == ["edited", "clean", "clean"]
    assert len(edit.runs) == len(add.runs) == 1
