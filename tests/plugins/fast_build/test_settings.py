"""FAST_BUILD: merge, validation, and every key documented in the plugin's README."""

from __future__ import annotations

import re

import pytest

from plugins.fast_build.settings import DEFAULTS, FastBuildSettingsError, resolve_settings
from tests.support.paths import PROJECT_ROOT


def test_defaults_resolve_workers_and_cache_dir() -> None:
    options = resolve_settings({"CACHE_PATH": "/tmp/c"})
    assert options["workers"] >= 1
    assert options["cache_dir"] == "/tmp/c/fast_build"


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({"workers": -1}, "workers"),
        ({"enabled": "yes"}, "enabled"),
        ({"colour": 1}, "unknown key"),
    ],
)
def test_bad_values_are_named(given: dict, message: str) -> None:
    with pytest.raises(FastBuildSettingsError, match=message):
        resolve_settings({"FAST_BUILD": given})


def test_every_key_is_documented() -> None:
    readme = (PROJECT_ROOT / "plugins" / "fast_build" / "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `(\w+)` \|", readme, flags=re.MULTILINE))
    assert documented == set(DEFAULTS)
