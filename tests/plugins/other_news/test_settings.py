"""plugins/other_news/settings.py: OTHER_NEWS merged over defaults, validated, documented."""

from __future__ import annotations

import re

import pytest

from plugins.other_news.settings import DEFAULTS, SettingsError, resolve_settings
from tests.support.paths import PROJECT_ROOT

README = PROJECT_ROOT / "plugins" / "other_news" / "README.md"


def documented_keys() -> dict[str, str]:
    """Rows of the README's settings table: key -> default as written."""
    rows = {}
    for line in README.read_text(encoding="utf-8").splitlines():
        match = re.match(r"\|\s*`([a-z_]+)`\s*\|\s*`([^`]*)`\s*\|\s*\S", line)
        if match:
            rows[match.group(1)] = match.group(2)
    return rows


def test_every_default_key_is_documented_in_the_readme():
    assert set(documented_keys()) == set(DEFAULTS)


def test_readme_shows_the_real_defaults():
    for key, written in documented_keys().items():
        assert written == repr(DEFAULTS[key]).replace("'", '"'), key


def test_defaults_are_valid_and_none_means_defaults():
    assert resolve_settings(None) == DEFAULTS
    assert resolve_settings({}) == DEFAULTS


def test_user_values_are_merged_over_defaults():
    merged = resolve_settings({"max_items": 5, "order": "newest"})
    assert merged == {**DEFAULTS, "max_items": 5, "order": "newest"}


@pytest.mark.parametrize(
    ("user", "message"),
    [
        ([("max_items", 3)], "must be a dict"),
        ({"max_item": 3}, "unknown key(s) 'max_item'"),
        ({"max_items": 0}, "max_items"),
        ({"max_items": -1}, "max_items"),
        ({"max_items": "10"}, "max_items"),
        ({"max_items": True}, "max_items"),
        ({"show_unarchived": "yes"}, "show_unarchived"),
        ({"link_originals": 1}, "link_originals"),
        ({"order": "oldest"}, "'portal', 'newest'"),
        ({"report_path": "/tmp/x.json"}, "inside the output folder"),
        ({"report_path": "../x.json"}, "inside the output folder"),
        ({"report_page": ""}, "non-empty path"),
        ({"report_template": ""}, "template name"),
    ],
)
def test_bad_values_are_refused_with_a_clear_message(user, message):
    with pytest.raises(SettingsError) as caught:
        resolve_settings(user)
    assert message in str(caught.value)
    assert "OTHER_NEWS" in str(caught.value)


def test_reports_can_be_switched_off():
    merged = resolve_settings({"report_path": None, "report_page": None})
    assert merged["report_path"] is None and merged["report_page"] is None
