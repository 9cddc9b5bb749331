"""The topic memo in the build cache (plugins/archive_indexes/memo.py)."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from plugins.archive_indexes.memo import TopicMemo, digest
from tests.support.site import build_site


def test_a_saved_memo_answers_the_next_build_and_keeps_only_what_it_used(tmp_path: Path) -> None:
    first = TopicMemo(tmp_path, "ctx")
    first.put(digest("a"), ["dau-tu-cong"])
    first.put(digest("b"), [])
    first.save()
    second = TopicMemo(tmp_path, "ctx")
    assert second.get(digest("a")) == ["dau-tu-cong"]
    assert second.get(digest("c")) is None
    second.save()
    third = TopicMemo(tmp_path, "ctx")
    assert third.get(digest("b")) is None  # not used by the second build: dropped
    assert third.get(digest("a")) == ["dau-tu-cong"]


def test_another_vocabulary_or_setting_starts_empty(tmp_path: Path) -> None:
    memo = TopicMemo(tmp_path, "vocabulary 1")
    memo.put(digest("a"), ["x"])
    memo.save()
    assert TopicMemo(tmp_path, "vocabulary 2").get(digest("a")) is None


def test_an_unreadable_memo_is_ignored_with_a_warning(tmp_path: Path, caplog) -> None:
    (tmp_path / "topics-memo.json").write_text("{not json", encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        memo = TopicMemo(tmp_path, "ctx")
    assert memo.get(digest("a")) is None
    assert "unreadable memo" in caplog.text


def _write(content: Path, tags: str) -> None:
    (content / "a.md").write_text(
        "Title: Tin trong tuần\nDate: 2025-05-28T08:00:00+07:00\nSlug: tin-trong-tuan\n"
        f"Tags: {tags}\n\nTin trong tuần. Nội dung bài.\n",
        encoding="utf-8",
    )


def _topics(output: Path) -> dict:
    return json.loads((output / "topics.json").read_text(encoding="utf-8"))


def test_a_rebuild_with_the_memo_follows_an_edit_like_a_build_without_it(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    cached = {"CACHE_PATH": str(tmp_path / "cache")}
    _write(content, "giải ngân, đầu tư công")
    build_site(content, tmp_path / "out", extra=cached)
    assert (tmp_path / "cache" / "archive_indexes" / "topics-memo.json").is_file()
    _write(content, "an ninh trật tự")
    build_site(content, tmp_path / "out", extra=cached)
    build_site(content, tmp_path / "fresh", extra={"CACHE_PATH": str(tmp_path / "other-cache")})
    assert _topics(tmp_path / "out") == _topics(tmp_path / "fresh")
    assert "an-ninh" in json.dumps(_topics(tmp_path / "out"))


_PARTS = st.recursive(
    st.text(max_size=8) | st.integers() | st.none(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=4), inner),
    max_leaves=12,
)


@given(_PARTS, _PARTS)
def test_digests_are_equal_only_for_equal_parts(first, second) -> None:
    """A memo key may never answer for other inputs: different parts, different digests."""
    assert (digest(first) == digest(second)) == (first == second)


def test_texts_are_told_apart_from_other_values_that_print_alike() -> None:
    assert len({digest("1"), digest(1), digest(["1"]), digest("int:1"), digest("s1:1")}) == 5
