"""scraper/settings.py: politeness is the default and cannot be turned off for real portals."""

from __future__ import annotations

import pytest

from scraper.profiles import load_profile
from scraper.settings import (
    MIN_DELAY,
    PolitenessError,
    build_settings,
    effective_delay,
    is_loopback,
    user_agent,
)

DEMO = load_profile("demo")


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.0.0.2", True),
        ("localhost", True),
        ("::1", True),
        ("10.0.0.1", False),
        ("portal.example.vn", False),
        ("", False),
        (None, False),
    ],
)
def test_is_loopback(host, loopback):
    assert is_loopback(host) is loopback


@pytest.mark.parametrize(
    ("requested", "hosts", "expected"),
    [
        (None, {"tinhuy.example.vn"}, 1.0),  # the profile's default
        (2.5, {"tinhuy.example.vn"}, 2.5),  # slower is always fine
        (1.0, {"tinhuy.example.vn"}, 1.0),
        (0.05, {"127.0.0.1"}, 0.05),  # the local test portal
        (0.0, {"localhost"}, 0.01),  # never zero (the slot holds need a delay)
    ],
)
def test_effective_delay(requested, hosts, expected):
    assert effective_delay(requested, DEMO, hosts) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("requested", "hosts"),
    [
        (0.5, {"tinhuy.example.vn"}),
        (0.05, {"127.0.0.1", "tinhuy.example.vn"}),  # one real host is enough to refuse
        (-1.0, {"127.0.0.1"}),
    ],
)
def test_impolite_delays_are_refused(requested, hosts):
    with pytest.raises(PolitenessError, match="--delay"):
        effective_delay(requested, DEMO, hosts)


def test_settings_are_polite():
    settings = build_settings(DEMO, delay=MIN_DELAY, contact="https://archive.example.org/lh")
    assert settings["ROBOTSTXT_OBEY"] is True
    assert settings["DOWNLOAD_DELAY"] == 1.0
    assert settings["DOWNLOAD_DELAY_JITTER"] == 0  # never faster than the delay
    assert settings["CONCURRENT_REQUESTS_PER_DOMAIN"] == 1
    assert settings["AUTOTHROTTLE_ENABLED"] is True
    assert settings["AUTOTHROTTLE_MAX_DELAY"] >= settings["DOWNLOAD_DELAY"]
    assert 429 in settings["RETRY_HTTP_CODES"] and 503 in settings["RETRY_HTTP_CODES"]
    assert settings["DOWNLOAD_TIMEOUT"] > 0 and settings["DOWNLOAD_MAXSIZE"] > 0
    assert settings["TELNETCONSOLE_ENABLED"] is False
    assert settings["REMOTE_CONTROL_ENABLED"] is False  # no control port, no ~/.local/state files
    assert settings["HTTPCACHE_ENABLED"] is False
    assert settings["USER_AGENT"] == "bulletin-archive/0.1.0 (+https://archive.example.org/lh)"


def test_html_redirects_are_not_followed_and_http_ones_are_checked():
    """<meta http-equiv="refresh"> is never followed (hostile pages point it at javascript:);
    an HTTP redirect is checked by SafeRedirectMiddleware before Scrapy's (600) sees it."""
    settings = build_settings(DEMO, delay=MIN_DELAY)
    assert settings["METAREFRESH_ENABLED"] is False
    assert settings["DOWNLOADER_MIDDLEWARES"]["scraper.middlewares.SafeRedirectMiddleware"] > 600


def test_options_override_the_profile():
    settings = build_settings(DEMO, delay=1.5, timeout=7, max_size=1000, retries=5)
    assert (settings["DOWNLOAD_DELAY"], settings["DOWNLOAD_TIMEOUT"]) == (1.5, 7)
    assert (settings["DOWNLOAD_MAXSIZE"], settings["RETRY_TIMES"]) == (1000, 5)


def test_contact_from_the_environment(monkeypatch):
    monkeypatch.setenv("SCRAPER_CONTACT_URL", "mailto:archive@example.org")
    assert user_agent() == "bulletin-archive/0.1.0 (+mailto:archive@example.org)"
