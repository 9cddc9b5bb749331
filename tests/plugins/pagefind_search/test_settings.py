"""The PAGEFIND setting and its README (plugins/pagefind_search/settings)."""

from __future__ import annotations

import re

import pytest

from plugins.pagefind_search.settings import DEFAULTS, SettingsError, merge_settings
from tests.support.paths import PROJECT_ROOT

README = PROJECT_ROOT / "plugins" / "pagefind_search" / "README.md"


def test_defaults_when_unset():
    assert merge_settings(None) == DEFAULTS
    assert merge_settings({}) == DEFAULTS


def test_user_values_merged_over_defaults():
    merged = merge_settings({"results_per_page": 20, "filters": ["year"]})
    assert merged["results_per_page"] == 20 and merged["filters"] == ["year"]
    assert merged["search_url"] == DEFAULTS["search_url"]


@pytest.mark.parametrize(
    ("user", "named"),
    [
        ({"colour": 1}, "colour"),
        ({"enabled": "yes"}, "enabled"),
        ({"results_per_page": 0}, "results_per_page"),
        ({"repeat_cap": True}, "repeat_cap"),
        ({"filters": ["author"]}, "filters"),
        ({"filters": ["year", "year"]}, "filters"),
        ({"search_url": "/tim-kiem/"}, "search_url"),
        ({"search_save_as": "tim-kiem/"}, "search_save_as"),
        ({"output_path": "../pagefind"}, "output_path"),
        ({"binary": None}, "binary"),
        ({"excerpt_source_chars": 10}, "excerpt_source_chars"),
    ],
)
def test_bad_values_are_named(user, named):
    with pytest.raises(SettingsError, match=re.escape(named)):
        merge_settings(user)


def test_not_a_dict():
    with pytest.raises(SettingsError, match="must be a dict"):
        merge_settings(["enabled"])


def test_readme_documents_every_key():
    documented = set(re.findall(r"^\| `([a-z_]+)` \|", README.read_text(encoding="utf-8"), re.M))
    assert documented == set(DEFAULTS)
