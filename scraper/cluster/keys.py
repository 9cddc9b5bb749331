"""The Redis key names of a cluster job. Everything of one job lives under one prefix, so two
jobs (or a test and an operator) can share a Redis server with different prefixes."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_PREFIX = "bulletin-cluster"


@dataclass(frozen=True)
class Keys:
    prefix: str = DEFAULT_PREFIX

    @property
    def job(self) -> str:
        """JSON: the portals (profile text or address), options, lease time."""
        return f"{self.prefix}:job"

    @property
    def done(self) -> str:
        """Set by the coordinator when nothing is left anywhere: workers then stop."""
        return f"{self.prefix}:done"

    @property
    def items(self) -> str:
        """Extracted articles waiting for the store consumer (a list)."""
        return f"{self.prefix}:items"

    @property
    def items_taken(self) -> str:
        """Articles the consumer took and has not yet written (back to `items` on a restart)."""
        return f"{self.prefix}:items:taken"

    @property
    def events(self) -> str:
        """Report lines of the workers (failed, skipped, not articles, counts), a list."""
        return f"{self.prefix}:events"

    @property
    def workers(self) -> str:
        """Ids of the workers that may hold leases (a set)."""
        return f"{self.prefix}:workers"

    def alive(self, worker: str) -> str:
        """A worker's heartbeat: exists while the worker lives (refreshed, with a TTL)."""
        return f"{self.prefix}:alive:{worker}"

    def inflight(self, worker: str) -> str:
        """A worker's leased requests: lease id -> [frontier key, score, request]."""
        return f"{self.prefix}:inflight:{worker}"

    def frontier(self, portal: str) -> str:
        return f"{self.prefix}:{portal}:requests"

    def seen(self, portal: str) -> str:
        return f"{self.prefix}:{portal}:seen"

    def stored(self, portal: str) -> str:
        """Source URLs already in content/ (for --only-new on workers without content/)."""
        return f"{self.prefix}:{portal}:stored"

    def listings(self, portal: str) -> str:
        """How many listing pages the workers read (0 at the end: nothing could be crawled)."""
        return f"{self.prefix}:{portal}:listings"

    def host(self, host: str) -> str:
        """When the next request to `host` may start (ms, Redis clock)."""
        return f"{self.prefix}:host:{host}"

    def pattern(self) -> str:
        return f"{self.prefix}:*"
