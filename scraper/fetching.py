"""What the crawler may request, and why a request failed, in words a person understands."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

ALLOWED_SCHEMES = ("http", "https")


def on_site(host: str, domains: Iterable[str]) -> bool:
    """`host` is one of `domains` or a subdomain of one (as Scrapy's allowed_domains)."""
    host = host.lower().rstrip(".")
    return any(host == d or host.endswith("." + d) for d in (d.lower() for d in domains))


def unusable_url(url: str, domains: Iterable[str] | None = None) -> str | None:
    """Why the crawler must not request `url` (a reason a person understands), or None if fine.
    With `domains`, a URL on any other host is refused too."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError as error:
        return f"not a valid URL ({error})"
    if parts.scheme.lower() not in ALLOWED_SCHEMES:
        scheme = f"{parts.scheme}:" if parts.scheme else "no scheme"
        return f"not an http(s) URL ({scheme})"
    if not host:
        return "not a valid URL (no host)"
    if domains is not None and not on_site(host, domains):
        return f"on another site ({host}; add it to the profile's allowed_domains to crawl it)"
    return None


def failure_reason(failure: Failure) -> tuple[str, str]:
    """("skipped" | "failed", a reason a person understands) for a request that failed."""
    error = failure.value
    message = failure.getErrorMessage()
    if isinstance(error, HttpError):
        status = error.response.status
        if 300 <= status < 400:  # Scrapy follows http(s) redirects only
            location = error.response.headers.get("Location", b"").decode("latin-1")
            shown = repr(location[:80]) if location else "missing"
            return "failed", f"HTTP {status}: redirect not followed (Location {shown})"
        return "failed", f"HTTP {status} (after retries)"
    if "robots.txt" in message:
        return "skipped", "forbidden by robots.txt"
    if "max redirections" in message:
        return "failed", "redirect loop (too many redirections)"
    name = type(error).__name__
    if "Timeout" in name or "timed out" in message.lower():
        return "failed", "timed out (after retries)"
    if "max size" in message.lower() or "maxsize" in message.lower() or "larger than" in message:
        return "failed", "response larger than the maximum size (DOWNLOAD_MAXSIZE)"
    if "DataLoss" in message or "DataLoss" in name or "ResponseFailed" in name:
        return "failed", "response body truncated (connection closed early, after retries)"
    return "failed", f"{name}: {message}"
