"""fast_build.membership: the linear-time translation grouping gives Pelican's answer."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pelican.utils import process_translations as pelican_process_translations

from plugins.fast_build.membership import process_translations


def item(slug: str, lang: str = "vi", translation: str | None = None, name: str = ""):
    metadata = {} if translation is None else {"translation": translation}
    return SimpleNamespace(
        slug=slug,
        lang=lang,
        metadata=metadata,
        in_default_lang=lang == "vi",
        source_path=name or f"{slug}-{lang}.md",
        translations=None,
    )


def both(make):
    """Run Pelican's function and ours on two identical fresh lists; compare by source path."""
    ours_list, theirs_list = make(), make()
    ours = process_translations(ours_list, "slug")
    theirs = pelican_process_translations(theirs_list, "slug")

    def names(items):
        return [i.source_path for i in items]

    assert names(ours[0]) == names(theirs[0])
    assert names(ours[1]) == names(theirs[1])
    assert names(ours_list) == names(theirs_list)  # both sort the given list in place
    for mine, pelicans in zip(ours_list, theirs_list, strict=True):
        assert names(mine.translations) == names(pelicans.translations)


@pytest.mark.parametrize(
    "make",
    [
        lambda: [item("c"), item("a"), item("b")],
        lambda: [item("a"), item("a", "en"), item("b")],  # a translation: Pelican's path
        lambda: [item("a", translation="true"), item("b")],  # marked: Pelican's path
        lambda: [item("a", translation="False"), item("b")],
        lambda: [],
    ],
)
def test_same_as_pelican(make) -> None:
    both(make)


@given(st.lists(st.tuples(st.sampled_from("abcdef"), st.sampled_from(["vi", "en"])), max_size=12))
def test_same_as_pelican_property(pairs) -> None:
    both(lambda: [item(s, lang, name=f"{n}.md") for n, (s, lang) in enumerate(pairs)])


def test_no_translation_id_returns_everything() -> None:
    items = [item("b"), item("a")]
    assert process_translations(items, None) == (items, [])
