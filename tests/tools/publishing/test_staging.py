"""Staging folders: one per run, never reused; what dead runs left is removed and reported."""

from __future__ import annotations

import logging

from tools.publishing.staging import hand_over, new_staging, remove_leftovers, staging_folder


def test_each_run_gets_its_own_folder_and_leftovers_are_removed(tmp_path, caplog):
    output = tmp_path / "output"
    dead = new_staging(output, "20261127T091500Z-111")
    (dead / "index.html").write_text("half a build")
    legacy = tmp_path / "output.publish-staging"  # what older versions used
    legacy.mkdir()
    unrelated = tmp_path / "output.backup"
    unrelated.mkdir()
    mine = staging_folder(output, "20261127T091501Z-222")
    assert mine != dead and not mine.exists()
    with caplog.at_level(logging.WARNING):
        assert remove_leftovers(output) == [legacy, dead]
    assert not dead.exists() and not legacy.exists() and unrelated.exists()
    assert "output.publish-staging.20261127T091500Z-111: the staging folder of an earlier" in (
        caplog.text
    )


def test_hand_over_replaces_the_output_folder(tmp_path):
    output = tmp_path / "output"
    (output / "old").mkdir(parents=True)
    staging = new_staging(output, "20261127T091500Z-1")
    (staging / "index.html").write_text("new")
    hand_over(staging, output)
    assert sorted(p.name for p in output.iterdir()) == ["index.html"]
    assert [p.name for p in tmp_path.iterdir()] == ["output"]
