"""shards: build a portal's articles alone (shard mode) or assemble the site from the shards'
summaries without reading their articles again (merge mode). See README.md."""

from .wiring import register

__all__ = ["register"]
