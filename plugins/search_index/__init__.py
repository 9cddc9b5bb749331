"""Our own Vietnamese search index: folded syllables and pairs in sharded JSON, incremental."""

from .wiring import register

__all__ = ["register"]
