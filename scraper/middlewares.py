"""Downloader middlewares.

- Retries that back off: exponential back-off on 5xx, time-outs and broken responses, and
  `Retry-After` honoured on 429/503 — by holding the host's download slot, so no request at all
  goes to that host before the wait is over.
- Redirects only to http(s): Scrapy's RedirectMiddleware builds the new request before it checks
  the scheme, so `Location: javascript:...` fails the page with "Missing scheme in request url";
  here such a redirect is left unfollowed and the page is reported as "HTTP 302: redirect not
  followed (Location ...)".
"""

from __future__ import annotations

import email.utils
import logging
import time
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

from scrapy import Request
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Response

log = logging.getLogger(__name__)

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


def redirect_target(base_url: str, location: str) -> str | None:
    """The absolute http(s) URL a `Location` header points to, or None when it is unusable
    (another scheme such as javascript: or data:, no host, or not a URL at all)."""
    try:
        target = urljoin(base_url, location.strip())
        parts = urlsplit(target)
        host = parts.hostname
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not host:
        return None
    return target


def parse_retry_after(value: str | bytes | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date), else None."""
    if value is None:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class PoliteRetryMiddleware(RetryMiddleware):
    def __init__(self, settings) -> None:
        super().__init__(settings)
        self.backoff_base = settings.getfloat("RETRY_BACKOFF_BASE", 2.0)
        self.backoff_max = settings.getfloat("RETRY_BACKOFF_MAX", 60.0)
        self.retry_after_max = settings.getfloat("RETRY_AFTER_MAX", 600.0)

    def process_response(self, request: Request, response: Response) -> Request | Response:
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            return response
        wait = parse_retry_after(response.headers.get(b"Retry-After"))
        if wait is not None and wait > self.retry_after_max:
            log.warning(
                "%s asks to retry after %.0f s (more than %.0f s): giving up on this page",
                request.url,
                wait,
                self.retry_after_max,
            )
            return response
        retry = self._retry(request, f"HTTP {response.status}")
        if retry is None:
            return response
        self._hold(request, wait if wait is not None else self._backoff(retry))
        return retry

    def process_exception(self, request: Request, exception: Exception) -> Request | None:
        if request.meta.get("dont_retry", False) or not isinstance(
            exception, self.exceptions_to_retry
        ):
            return None
        retry = self._retry(request, exception)
        if retry is not None:
            self._hold(request, self._backoff(retry))
        return retry

    def _backoff(self, retry: Request) -> float:
        attempt = max(1, int(retry.meta.get("retry_times", 1)))
        return min(self.backoff_max, self.backoff_base * 2 ** (attempt - 1))

    def _hold(self, request: Request, seconds: float) -> None:
        """No request to this host before `seconds` from now (the slot's next start)."""
        downloader = self.crawler.engine.downloader
        key = downloader.get_slot_key(request)
        slot = downloader.slots.get(key)
        if slot is None:
            return
        slot.lastseen = max(slot.lastseen, time.monotonic() + seconds - slot.download_delay())
        log.info("%s: waiting %.1f s before the next request to %s", request.url, seconds, key)


class SafeRedirectMiddleware:
    """Runs before Scrapy's RedirectMiddleware: a redirect whose Location is not a usable http(s)
    URL is not followed (the 3xx response then fails the page with a clear reason)."""

    def process_response(self, request: Request, response: Response) -> Response:
        if response.status not in REDIRECT_STATUSES or request.meta.get("dont_redirect"):
            return response
        location = response.headers.get(b"Location")
        if location is None:
            return response
        text = location.decode("latin-1")
        if redirect_target(request.url, text) is None:
            log.warning("%s: redirect to %r not followed (not an http(s) URL)", request.url, text)
            request.meta["dont_redirect"] = True
        return response
