"""Publishing settings: defaults, publishconf.py's PUBLISH, ARCHIVE_PUBLISH_* overrides."""

from __future__ import annotations

import re

import pytest

from tests.support.paths import PROJECT_ROOT
from tools.publishing.config import DEFAULTS, ConfigError, load_config, merge_options


@pytest.mark.parametrize(
    ("file_options", "env", "key", "expected"),
    [
        ({}, {}, "target", "rsync"),
        ({"dest": "/srv/a"}, {}, "dest", "/srv/a"),
        ({"dest": "/srv/a"}, {"ARCHIVE_PUBLISH_DEST": "me@host:/srv/b"}, "dest", "me@host:/srv/b"),
        ({}, {"ARCHIVE_PUBLISH_KEEP": "9"}, "keep", 9),
        ({}, {"ARCHIVE_PUBLISH_VERIFY": "0"}, "verify", False),
        ({"verify": False}, {"ARCHIVE_PUBLISH_VERIFY": "yes"}, "verify", True),
        ({}, {"ARCHIVE_PUBLISH_VERIFY_DELAY": "0.5"}, "verify_delay", 0.5),
        (
            {},
            {"ARCHIVE_PUBLISH_RSYNC_OPTIONS": "--bwlimit=50 -v"},
            "rsync_options",
            ["--bwlimit=50", "-v"],
        ),
        ({}, {"ARCHIVE_PUBLISH_TARGET": "ghpages"}, "target", "ghpages"),
        ({"verify_delay": 2}, {}, "verify_delay", 2),
        ({"target": "ghpages"}, {}, "verify_attempts", 20),  # Pages needs a while to serve
        ({"target": "ghpages", "verify_attempts": 2}, {}, "verify_attempts", 2),
        (
            {},
            {"ARCHIVE_PUBLISH_TARGET": "ghpages", "ARCHIVE_PUBLISH_VERIFY_DELAY": "1"},
            "verify_delay",
            1.0,
        ),
    ],
)
def test_merge_order_defaults_file_environment(file_options, env, key, expected):
    assert merge_options(file_options, env)[key] == expected


@pytest.mark.parametrize(
    ("file_options", "env", "message"),
    [
        ({"dset": "/srv"}, {}, "unknown key(s) dset"),
        ({"target": "ftp"}, {}, "choose one of rsync, ghpages"),
        ({"keep": 1}, {}, "at least 2"),
        ({"keep": "5"}, {}, "PUBLISH['keep'] = '5': expected a int"),
        ({"verify": 1}, {}, "expected a bool"),
        ({}, {"ARCHIVE_PUBLISH_KEEP": "many"}, "ARCHIVE_PUBLISH_KEEP='many': expected a int"),
        ({}, {"ARCHIVE_PUBLISH_VERIFY": "perhaps"}, "expected 1/0"),
    ],
)
def test_bad_settings_name_the_key(file_options, env, message):
    with pytest.raises(ConfigError, match=re.escape(message)):
        merge_options(file_options, env)


def test_every_key_is_documented_in_the_readme_section():
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    assert "## Publishing" in readme, "README.md has no Publishing section"
    text = readme.split("## Publishing", 1)[1]
    missing = [key for key in DEFAULTS if f"`{key}`" not in text]
    assert not missing, f"PUBLISH keys not documented: {missing}"


def test_project_publishconf_loads_with_a_site_url(monkeypatch):
    monkeypatch.setenv("ARCHIVE_SITEURL", "https://example.org/")
    monkeypatch.setenv("ARCHIVE_PUBLISH_DEST", "/srv/archive")
    config = load_config(PROJECT_ROOT / "publishconf.py")
    assert config.site_url == "https://example.org"
    assert config.public_url == "https://example.org"
    assert config["dest"] == "/srv/archive"
    assert any(feed.endswith(".atom.xml") for feed in config.feeds)


def test_project_publishconf_without_site_url_is_a_clear_error(monkeypatch):
    monkeypatch.delenv("ARCHIVE_SITEURL", raising=False)
    with pytest.raises(ConfigError, match="ARCHIVE_SITEURL"):
        load_config(PROJECT_ROOT / "publishconf.py")
