"""python -m tools.shards: clear errors for a missing plan, an unknown or malformed shard."""

from __future__ import annotations

import pytest

from .support import SETTINGS, portal_content, shards_cli


def test_without_a_plan_every_command_says_to_make_one(tmp_path):
    for command in (["list"], ["build", "longan"], ["merge", "--output", str(tmp_path / "o")]):
        result = shards_cli("--dir", str(tmp_path / "shards"), *command, check=False)
        assert result.returncode == 1
        assert "no readable shard plan" in result.stdout


@pytest.mark.parametrize(
    ("key", "message"),
    [("nope", "no shard 'nope' in"), ("../x", "'../x' is not a shard key")],
)
def test_an_unknown_or_malformed_shard_is_refused_by_name(tmp_path, key, message):
    content = portal_content(tmp_path / "content", articles=0, portals=1)
    folder = tmp_path / "shards"
    shards_cli("--dir", str(folder), "plan", "--content", str(content), "--settings", str(SETTINGS))
    assert shards_cli("--dir", str(folder), "list").stdout.split() == [
        "_none",
        "baochinhphu",
        "longan",
    ]
    result = shards_cli("--dir", str(folder), "build", key, check=False)
    assert result.returncode == 1
    assert message in result.stdout
    assert not (folder / "nope").exists()
