"""plugins/archive_indexes/settings.py: ARCHIVE_INDEXES merged, validated, documented."""

from __future__ import annotations

import re

import pytest

from plugins.archive_indexes.settings import DEFAULTS, SettingsError, merge_settings
from tests.support.paths import PROJECT_ROOT

README = PROJECT_ROOT / "plugins" / "archive_indexes" / "README.md"


def documented_keys() -> set[str]:
    keys = set()
    for line in README.read_text(encoding="utf-8").splitlines():
        match = re.match(r"\|\s*`([a-z_]+)`\s*\|", line)
        if match:
            keys.add(match.group(1))
    return keys


def test_every_default_key_is_documented_in_the_readme():
    assert documented_keys() == set(DEFAULTS)


def test_nested_defaults_are_documented_with_their_values():
    text = README.read_text(encoding="utf-8")
    for key in ("weights", "chart"):
        assert repr(DEFAULTS[key]).replace("'", '"') in text, key


def test_none_and_empty_give_the_defaults():
    assert merge_settings(None) == DEFAULTS
    assert merge_settings({}) == DEFAULTS


def test_values_are_merged_and_nested_dicts_merged_key_by_key():
    merged = merge_settings({"topics_per_article": 2, "weights": {"body": 0}})
    assert merged["topics_per_article"] == 2
    assert merged["weights"] == {**DEFAULTS["weights"], "body": 0}
    assert DEFAULTS["weights"]["body"] == 1  # defaults untouched


@pytest.mark.parametrize(
    ("user", "named"),
    [
        ([], "must be a dict"),
        ({"topic_per_article": 3}, "'topic_per_article'"),
        ({"topics_per_article": 0}, "'topics_per_article'"),
        ({"topics_per_article": True}, "'topics_per_article'"),
        ({"weights": {"headline": 3}}, "'weights'"),
        ({"weights": {"title": -1}}, "'title'"),
        ({"weights": 3}, "'weights'"),
        ({"topic_url": "chu-de/"}, "'topic_url'"),
        ({"fixed_metadata": "Topics"}, "'fixed_metadata'"),
        ({"topic_pagination": 0}, "'topic_pagination'"),
        ({"day_archives": "yes"}, "'day_archives'"),
        ({"day_url": "ngay/"}, "'day_url'"),
        ({"chart": {"width": 10}}, "'width'"),
        ({"topics_json": "../topics.json"}, "'topics_json'"),
        ({"vocabulary": ""}, "'vocabulary'"),
    ],
)
def test_bad_values_are_rejected_with_the_key_named(user, named):
    with pytest.raises(SettingsError) as error:
        merge_settings(user)
    assert named in str(error.value)


def test_optional_values_accept_none_and_empty():
    merged = merge_settings({"topic_pagination": None, "topics_json": "", "dates_json": ""})
    assert merged["topic_pagination"] is None
    assert merged["topics_json"] == ""
