"""plugins/portal_pages/settings.py: PORTAL_PAGES merged, validated, documented."""

from __future__ import annotations

import re

import pytest

from plugins.portal_pages.settings import DEFAULTS, SettingsError, merge_settings
from tests.support.paths import PROJECT_ROOT

README = PROJECT_ROOT / "plugins" / "portal_pages" / "README.md"


def documented() -> dict[str, str]:
    """key -> the default written in the README's table."""
    found = {}
    for line in README.read_text(encoding="utf-8").splitlines():
        match = re.match(r"\|\s*`([a-z_]+)`\s*\|\s*`([^`]*)`\s*\|", line)
        if match:
            found[match.group(1)] = match.group(2)
    return found


def test_every_key_is_documented_with_its_default():
    table = documented()
    assert set(table) == set(DEFAULTS)
    for key, value in DEFAULTS.items():
        assert table[key] == repr(value).replace("'", '"'), key


def test_none_and_empty_give_the_defaults():
    assert merge_settings(None) == DEFAULTS == merge_settings({})


@pytest.mark.parametrize(
    ("user", "named"),
    [
        ([], "must be a dict"),
        ({"portal_file": "x.toml"}, "'portal_file'"),
        ({"portals_file": ""}, "'portals_file'"),
        ({"index_url": "/cong-thong-tin/"}, "'index_url'"),
        ({"portal_url": "cong/"}, "'portal_url'"),
        ({"category_url": "cong/{key}/"}, "{slug}"),
        ({"month_url": "cong/{key}/{year}/"}, "{month}"),
        ({"month_save_as": "{key}/{year}/{month:zz}/index.html"}, "not a valid pattern"),
        ({"category_pages": "some"}, "'category_pages'"),
        ({"pagination": 0}, "'pagination'"),
        ({"pagination": True}, "'pagination'"),
        ({"list_empty": "yes"}, "'list_empty'"),
    ],
)
def test_bad_values_are_rejected_naming_the_key(user, named):
    with pytest.raises(SettingsError) as error:
        merge_settings(user)
    assert named in str(error.value)


def test_values_are_merged():
    merged = merge_settings({"pagination": None, "category_pages": "all"})
    assert merged["pagination"] is None and merged["category_pages"] == "all"
    assert merged["index_url"] == DEFAULTS["index_url"]
