"""replay_page: each article links to its capture, replayed by a self-hosted ReplayWeb.page."""

from .wiring import register

__all__ = ["register"]
