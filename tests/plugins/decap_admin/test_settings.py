"""plugins/decap_admin: DECAP_ADMIN merged over defaults, validated, documented; the config
and the page computed without Pelican."""

from __future__ import annotations

import re

import pytest

from plugins.decap_admin.config import admin_page, build_config, content_security_policy
from plugins.decap_admin.settings import DEFAULTS, SettingsError, resolve_settings
from tests.support.paths import PROJECT_ROOT

README = PROJECT_ROOT / "plugins" / "decap_admin" / "README.md"


def documented_keys() -> dict[str, str]:
    rows = {}
    for line in README.read_text(encoding="utf-8").splitlines():
        match = re.match(r"\|\s*`([a-z_]+)`\s*\|\s*`([^`]*)`\s*\|\s*\S", line)
        if match:
            rows[match.group(1)] = match.group(2)
    return rows


def test_every_default_key_is_documented_with_its_default():
    rows = documented_keys()
    assert set(rows) == set(DEFAULTS)
    for key, written in rows.items():
        value = DEFAULTS[key]
        assert written == (f'"{value}"' if isinstance(value, str) else repr(value)), key


def test_defaults_are_valid():
    assert resolve_settings(None) == DEFAULTS


@pytest.mark.parametrize(
    ("user", "message"),
    [
        ({"nope": 1}, "unknown key"),
        ({"enabled": "yes"}, "True or False"),
        ({"path": "../admin"}, "inside the output"),
        ({"local_backend_url": "127.0.0.1:8081"}, "http(s) address"),
        ({"backend": {"repo": "x"}}, "'name'"),
        ({"connect_src": ["https://api.github.com/repos"]}, "origins"),
        ([], "must be a dict"),
    ],
)
def test_bad_values_are_refused_naming_the_key(user, message):
    with pytest.raises(SettingsError, match=re.escape(message)):
        resolve_settings(user)


def test_the_policy_allows_exactly_decap_servers_origin():
    settings = resolve_settings({"local_backend_url": "http://127.0.0.1:9123/api/v1"})
    policy = content_security_policy(settings)
    assert "connect-src 'self' http://127.0.0.1:9123 blob:;" in policy
    assert "frame-ancestors" not in policy and "'unsafe-inline'" not in policy.split("style-src")[0]
    page = admin_page(settings, "Lưu trữ & bản tin")
    assert 'content="default-src' in page and "Lưu trữ &amp; bản tin" in page


def test_article_fields_are_the_headers_keys_in_order():
    config = build_config(
        {**resolve_settings(None), "content_folder": "content"},
        categories={"B", "A"},
        portals={"x": "X"},
        page_paths=["pages"],
    )
    articles = config["collections"][0]
    names = [f["name"] for f in articles["fields"]]
    assert names == ["title", "date", "modified", "category", "tags", "authors", "summary",
                     "portal", "status", "source", "captured", "other_news", "body"]  # fmt: skip
    fields = {f["name"]: f for f in articles["fields"]}
    assert fields["category"]["options"] == ["A", "B"]
    assert fields["date"]["format"] == "YYYY-MM-DDTHH:mm:ssZ"
    assert [f["name"] for f in fields["other_news"]["fields"]] == ["title", "date", "url"]
    assert articles["format"] == "archive-md"
    assert articles["media_folder"] == "/content/images/{{fields.portal | default('samples')}}"
    assert config["collections"][1]["folder"] == "content/pages"
