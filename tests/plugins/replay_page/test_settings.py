"""plugins/replay_page/settings.py: REPLAY_PAGE merged over defaults, validated, documented."""

from __future__ import annotations

import re

import pytest

from plugins.replay_page.settings import DEFAULTS, SettingsError, resolve_settings
from tests.support.paths import PROJECT_ROOT

README = PROJECT_ROOT / "plugins" / "replay_page" / "README.md"


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
        value = DEFAULTS[key]
        assert written == (f'"{value}"' if isinstance(value, str) else repr(value)), key


def test_the_readme_and_the_main_readme_quote_the_replayed_page_policy():
    policy = DEFAULTS["replayed_page_csp"]
    assert policy in README.read_text(encoding="utf-8")
    assert policy in (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")


def test_defaults_are_valid_and_none_means_defaults():
    assert resolve_settings(None) == DEFAULTS
    assert resolve_settings({}) == DEFAULTS


def test_user_values_are_merged_over_defaults():
    merged = resolve_settings({"packages_path": "/srv/p", "assets_path": "x/y/"})
    assert merged == {**DEFAULTS, "packages_path": "/srv/p", "assets_path": "x/y"}


@pytest.mark.parametrize(
    ("user", "message"),
    [
        ([("enabled", True)], "must be a dict"),
        ({"enable": True}, "unknown key(s) 'enable'"),
        ({"enabled": "yes"}, "True or False"),
        ({"page_url": "ban-goc"}, "ending in '/'"),
        ({"page_url": "../ban-goc/"}, "inside the output folder"),
        ({"page_save_as": "ban-goc/"}, ".html"),
        ({"assets_path": "../replay"}, "inside the output folder"),
        ({"packages_output": ""}, "non-empty path"),
        ({"template": ""}, "non-empty string"),
        ({"packages_path": None}, "non-empty string"),
        ({"replayed_page_csp": "default-src 'self';\nscript-src *"}, "one line"),
    ],
)
def test_bad_values_are_refused_with_a_clear_message(user, message):
    with pytest.raises(SettingsError) as caught:
        resolve_settings(user)
    assert message in str(caught.value)
    assert "REPLAY_PAGE" in str(caught.value)
