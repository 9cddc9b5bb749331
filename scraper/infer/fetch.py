"""Fetching the sample pages of `profile infer`, politely (the I/O edge of `scraper.infer`).

The same rules as a crawl, for a handful of pages: only http(s) addresses, robots.txt obeyed
(read once per host), the crawler's User-Agent with its contact URL, one request at a time with
at least one second between two requests to a host (less only when every host is a loopback
address: a local test portal), a time-out and a size cap. A page that cannot be fetched is an
error naming its address and why.
"""

from __future__ import annotations

import logging
import time
import urllib.error
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from protego import Protego

from scraper.fetching import unusable_url
from scraper.settings import MIN_DELAY, PolitenessError, is_loopback, user_agent

log = logging.getLogger(__name__)

MAX_BYTES = 10 * 1024 * 1024
TIMEOUT = 30.0


class FetchError(ValueError):
    def __init__(self, url: str, reason: str) -> None:
        self.url = url
        self.reason = reason
        super().__init__(f"{url}: {reason}")


def polite_delay(requested: float | None, urls: Iterable[str]) -> float:
    """The delay between two requests to a host: 1 s, or less for loopback hosts only."""
    hosts = {urlsplit(u).hostname or "" for u in urls}
    if requested is None:
        return MIN_DELAY
    if requested < 0:
        raise PolitenessError(f"--delay {requested}: must be >= 0 seconds")
    if requested < MIN_DELAY and not all(is_loopback(h) for h in hosts):
        raise PolitenessError(
            f"--delay {requested}: below {MIN_DELAY:g} s only when every host is a loopback"
            f" address; hosts here: {', '.join(sorted(hosts))}. Leave --delay out."
        )
    return requested


@dataclass
class Fetcher:
    delay: float = MIN_DELAY
    contact: str | None = None
    timeout: float = TIMEOUT
    _last: dict[str, float] = field(default_factory=dict)
    _robots: dict[str, Protego | None] = field(default_factory=dict)

    def _wait(self, host: str) -> None:
        last = self._last.get(host)
        if last is not None:
            pause = self.delay - (time.monotonic() - last)
            if pause > 0:
                time.sleep(pause)
        self._last[host] = time.monotonic()

    def _get(self, url: str) -> tuple[int, bytes, str | None]:
        host = urlsplit(url).netloc
        self._wait(host)
        request = urllib.request.Request(url, headers={"User-Agent": user_agent(self.contact)})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                body = response.read(MAX_BYTES + 1)
                return response.status, body, response.headers.get_content_charset()
        except urllib.error.HTTPError as exc:
            return exc.code, b"", None
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            raise FetchError(url, f"cannot fetch: {reason}") from None

    def _allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self._robots:
            status, body, _ = self._get(origin + "/robots.txt")
            text = body.decode("utf-8", "replace") if status == 200 else ""
            self._robots[origin] = Protego.parse(text) if text else None
        robots = self._robots[origin]
        return robots is None or robots.can_fetch(url, user_agent(self.contact))

    def fetch(self, url: str) -> tuple[bytes, str | None]:
        """(body, declared charset) of one page. Raises FetchError."""
        reason = unusable_url(url)
        if reason:
            raise FetchError(url, reason)
        if not self._allowed(url):
            raise FetchError(url, "forbidden by the portal's robots.txt: not fetched")
        status, body, charset = self._get(url)
        if status != 200:
            raise FetchError(url, f"HTTP {status}: not a page to learn from")
        if len(body) > MAX_BYTES:
            raise FetchError(url, f"larger than {MAX_BYTES} bytes: not fetched")
        log.info("fetched %s (%d bytes)", url, len(body))
        return body, charset
