"""other_news: deduplicate the "Các tin khác" listings and link them into the archive."""

from .wiring import register

__all__ = ["register"]
