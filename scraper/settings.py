"""Scrapy settings for a polite crawl, built from a profile and the command's options.

Politeness is not optional: robots.txt is obeyed, the User-Agent names the project and a contact
URL, one request at a time per host with at least `MIN_DELAY` seconds between requests
(AutoThrottle may slow down, never speed up), retries back off and honour Retry-After, and every
download has a time-out and a size cap. The only exception is a delay below one second for a
crawl whose hosts are ALL loopback addresses (the demo portal in tests and `make demo`).
"""

from __future__ import annotations

import ipaddress
import logging
import os
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from scraper.profiles import Profile

log = logging.getLogger(__name__)

PROJECT = "bulletin-archive"
VERSION = "0.1.0"
# Who to contact about the crawler: set SCRAPER_CONTACT_URL (or --contact) to your own page.
DEFAULT_CONTACT_URL = "https://example.org/bulletin-archive/contact"
MIN_DELAY = 1.0  # seconds between two requests to one host, for every real portal
LOCAL_MIN_DELAY = 0.01  # loopback hosts only (tests, make demo); > 0 keeps slot holds working
BACKOFF_MAX = 60.0  # seconds, cap of the exponential retry back-off
RETRY_AFTER_MAX = 600.0  # seconds; a longer Retry-After gives up on the page
IMAGE_MAX_BYTES = 5 * 1024 * 1024


class PolitenessError(ValueError):
    """An option would make the crawl impolite (e.g. a delay below 1 s for a real portal)."""


def is_loopback(host: str | None) -> bool:
    if not host:
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def hosts_of(urls: Iterable[str]) -> set[str]:
    return {urlsplit(url).hostname or "" for url in urls}


def effective_delay(requested: float | None, profile: Profile, hosts: set[str]) -> float:
    """The delay between requests: the profile's (>= 1 s), or a lower one for loopback only."""
    delay = profile.politeness.download_delay if requested is None else float(requested)
    if delay < 0:
        raise PolitenessError(f"--delay {requested}: must be >= 0 seconds")
    if delay < MIN_DELAY and not all(is_loopback(host) for host in hosts):
        raise PolitenessError(
            f"--delay {requested}: a delay below {MIN_DELAY:g} s is only allowed when every host"
            f" is a loopback address (a local test portal); hosts here: {', '.join(sorted(hosts))}."
            " Leave --delay out to crawl politely."
        )
    return max(delay, LOCAL_MIN_DELAY)


def user_agent(contact: str | None = None) -> str:
    contact = contact or os.environ.get("SCRAPER_CONTACT_URL") or DEFAULT_CONTACT_URL
    return f"{PROJECT}/{VERSION} (+{contact})"


def build_settings(
    profile: Profile,
    *,
    delay: float,
    timeout: float | None = None,
    max_size: int | None = None,
    retries: int | None = None,
    contact: str | None = None,
    log_level: str = "WARNING",
) -> dict[str, Any]:
    politeness = profile.politeness
    max_size = politeness.max_response_size if max_size is None else max_size
    settings: dict[str, Any] = {
        "BOT_NAME": PROJECT,
        "USER_AGENT": user_agent(contact),
        "ROBOTSTXT_OBEY": True,
        "DOWNLOAD_DELAY": delay,
        "DOWNLOAD_DELAY_JITTER": 0,  # never shorter than the delay
        "CONCURRENT_REQUESTS": 4,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 1,
        "CONCURRENT_REQUESTS_PER_IP": 0,
        "AUTOTHROTTLE_ENABLED": politeness.autothrottle,
        "AUTOTHROTTLE_START_DELAY": max(delay, 0.01),
        "AUTOTHROTTLE_MAX_DELAY": max(politeness.autothrottle_max_delay, delay),
        "AUTOTHROTTLE_TARGET_CONCURRENCY": 1.0,
        "RETRY_ENABLED": True,
        "RETRY_TIMES": politeness.retry_times if retries is None else retries,
        "RETRY_HTTP_CODES": [500, 502, 503, 504, 522, 524, 408, 429],
        "RETRY_BACKOFF_BASE": max(2 * delay, 0.05),
        "RETRY_BACKOFF_MAX": BACKOFF_MAX,
        "RETRY_AFTER_MAX": RETRY_AFTER_MAX,
        "DOWNLOAD_TIMEOUT": politeness.download_timeout if timeout is None else timeout,
        "DOWNLOAD_MAXSIZE": max_size,
        "DOWNLOAD_WARNSIZE": max_size // 2,
        "DOWNLOAD_FAIL_ON_DATALOSS": True,
        "REDIRECT_MAX_TIMES": 5,
        # An archive keeps the page it was given: HTML redirects (<meta http-equiv="refresh">,
        # often hostile: javascript:, data:) are never followed; HTTP redirects are (http(s) only).
        "METAREFRESH_ENABLED": False,
        "COOKIES_ENABLED": False,
        "TELNETCONSOLE_ENABLED": False,
        # Scrapy 2.19's remote-control server: no control port on a crawl, and no job files
        # under ~/.local/state/scrapy/ (nothing written outside the project).
        "REMOTE_CONTROL_ENABLED": False,
        "HTTPCACHE_ENABLED": False,
        "LOG_LEVEL": log_level,
        "LOG_ENABLED": True,
        "LOGSTATS_INTERVAL": 0,
        "CLOSESPIDER_PAGECOUNT": politeness.max_pages,
        "DOWNLOADER_MIDDLEWARES": {
            "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
            "scraper.middlewares.PoliteRetryMiddleware": 550,
            "scraper.middlewares.SafeRedirectMiddleware": 650,  # responses: before redirects (600)
            "scraper.captures.CaptureMiddleware": 950,
        },
        "ITEM_PIPELINES": {
            "scraper.pipelines.ExtractPipeline": 100,
            "scraper.pipelines.ImagePipeline": 200,
            "scraper.pipelines.StorePipeline": 300,
        },
        "EXTENSIONS": {"scrapy.extensions.telnet.TelnetConsole": None},
        "LOG_FORMATTER": "scraper.logformat.QuietDrops",
        "IMAGE_MAX_BYTES": IMAGE_MAX_BYTES,
    }
    return settings
