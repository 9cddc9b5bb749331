"""search_index.background: the forked index build reports its result or its error."""

from __future__ import annotations

import os

import pytest

from plugins.search_index.background import BackgroundError, start


def test_the_result_comes_back() -> None:
    assert start(lambda: {"docs": 3, "files": ["a", "b"]}).result() == {
        "docs": 3,
        "files": ["a", "b"],
    }


def test_an_error_comes_back_with_its_kind_and_message() -> None:
    def fail():
        raise ValueError("could not write output/search/manifest.json")

    with pytest.raises(BackgroundError, match="manifest.json") as caught:
        start(fail).result()
    assert caught.value.kind == "ValueError"


def test_a_process_that_dies_is_reported() -> None:
    with pytest.raises(BackgroundError, match="without a result"):
        start(lambda: os._exit(3)).result()


def test_what_the_child_writes_is_there_once_it_reports(tmp_path) -> None:
    marker = tmp_path / "child-ran"
    job = start(lambda: marker.write_text("ok", encoding="utf-8"))
    assert job.result() == 2
    assert marker.read_text(encoding="utf-8") == "ok"
