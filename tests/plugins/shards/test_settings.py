"""plugins/shards/settings.py: SHARDS merged over defaults, validated, documented."""

from __future__ import annotations

import re

import pytest

from plugins.shards.settings import DEFAULTS, SettingsError, resolve_settings
from tests.support.paths import PROJECT_ROOT

README = PROJECT_ROOT / "plugins" / "shards" / "README.md"


def documented_keys() -> dict[str, str]:
    rows = {}
    for line in README.read_text(encoding="utf-8").splitlines():
        match = re.match(r"\|\s*`([a-z_]+)`\s*\|\s*`([^`]*)`\s*\|\s*\S", line)
        if match:
            rows[match.group(1)] = match.group(2)
    return rows


def test_every_key_is_documented_with_its_default():
    documented = documented_keys()
    assert set(documented) == set(DEFAULTS)
    for key, written in documented.items():
        assert written == repr(DEFAULTS[key]).replace("'", '"'), key


def test_none_means_the_defaults():
    assert resolve_settings(None) == DEFAULTS


@pytest.mark.parametrize(
    ("user", "message"),
    [
        ([("mode", "shard")], "must be a dict"),
        ({"modes": "shard"}, "unknown key(s) 'modes'"),
        ({"mode": "split"}, "must be one of"),
        ({"mode": "shard"}, "shard mode needs the shard's key"),
        ({"mode": "shard", "key": "Long An"}, "shard mode needs the shard's key"),
        ({"mode": "shard", "key": "../x"}, "shard mode needs the shard's key"),
        ({"dir": ""}, "must be a non-empty path"),
    ],
)
def test_bad_values_are_named(user, message):
    with pytest.raises(SettingsError, match=re.escape(message)):
        resolve_settings(user)


def test_a_shard_key_is_accepted():
    assert resolve_settings({"mode": "shard", "key": "longan.2025"})["key"] == "longan.2025"
