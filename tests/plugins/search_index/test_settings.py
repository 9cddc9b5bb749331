"""The SEARCH_INDEX setting and its README (plugins/search_index/settings)."""

from __future__ import annotations

import re

import pytest

from plugins.search_index.settings import DEFAULTS, SettingsError, merge_settings
from tests.support.paths import PROJECT_ROOT

README = PROJECT_ROOT / "plugins" / "search_index" / "README.md"


def test_defaults_when_unset():
    assert merge_settings(None) == DEFAULTS
    assert merge_settings({}) == DEFAULTS
    assert DEFAULTS["output_path"] == "search" and DEFAULTS["shard_target_bytes"] == 32768


def test_user_values_merged_over_defaults_and_defaults_untouched():
    merged = merge_settings({"results_per_page": 20, "filters": ["year"]})
    assert merged["results_per_page"] == 20 and merged["filters"] == ["year"]
    assert merged["search_url"] == DEFAULTS["search_url"]
    merged["filters"].append("topic")
    assert DEFAULTS["filters"] == ["portal", "level", "province", "topic", "category", "year"]


@pytest.mark.parametrize(
    ("user", "named"),
    [
        ({"colour": 1}, "colour"),
        ({"enabled": "yes"}, "enabled"),
        ({"cache": 1}, "cache"),
        ({"results_per_page": 0}, "results_per_page"),
        ({"shard_target_bytes": True}, "shard_target_bytes"),
        ({"shard_target_bytes": 10}, "shard_target_bytes"),
        ({"workers": 0}, "workers"),
        ({"parallel_min_docs": "many"}, "parallel_min_docs"),
        ({"filters": ["author"]}, "filters"),
        ({"filters": ["year", "year"]}, "filters"),
        ({"filters": "year"}, "filters"),
        ({"search_url": "/tim-kiem/"}, "search_url"),
        ({"search_save_as": "tim-kiem/"}, "search_save_as"),
        ({"output_path": "../search"}, "output_path"),
        ({"output_path": "/search"}, "output_path"),
        ({"output_path": ""}, "output_path"),
        ({"excerpt_source_chars": 10}, "excerpt_source_chars"),
        ({"topic_fallback_to_tags": None}, "topic_fallback_to_tags"),
    ],
)
def test_bad_values_are_named(user, named):
    with pytest.raises(SettingsError, match=re.escape(named)):
        merge_settings(user)


def test_not_a_dict():
    with pytest.raises(SettingsError, match="SEARCH_INDEX must be a dict"):
        merge_settings(["enabled"])


def test_readme_documents_every_key():
    documented = set(re.findall(r"^\| `([a-z_]+)` \|", README.read_text(encoding="utf-8"), re.M))
    assert documented == set(DEFAULTS)


class _Portal:
    def __init__(self, key, name="", level="", province=""):
        self.key, self.name, self.level, self.province = key, name, level, province


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        ({}, {}),
        (
            {"PORTAL_NAMES": {"longan": "Cổng TTĐT Tỉnh ủy Long An"}},
            {"longan": {"name": "Cổng TTĐT Tỉnh ủy Long An", "level": "", "province": ""}},
        ),
        (
            {"PORTALS": {"longan": {"name": "Tỉnh ủy Long An", "level": "tỉnh ủy"}}},
            {"longan": {"name": "Tỉnh ủy Long An", "level": "tỉnh ủy", "province": ""}},
        ),
        (
            {
                "PORTALS": [_Portal("ducphu", level="huyện", province="Tây Ninh")],
                "PORTAL_NAMES": {"ducphu": "Huyện Đức Phú"},
            },
            {"ducphu": {"name": "Huyện Đức Phú", "level": "huyện", "province": "Tây Ninh"}},
        ),
        (
            {"PORTALS": [{"key": "a", "name": "A", "province": "Long An"}, {"name": "no key"}]},
            {"a": {"name": "A", "level": "", "province": "Long An"}},
        ),
    ],
)
def test_the_portals_hook(settings, expected):
    """PORTALS (a mapping, or a list of portals with a key; mappings or objects), with
    PORTAL_NAMES for names it does not give."""
    from plugins.search_index.wiring import portals_of

    assert portals_of(settings) == expected
