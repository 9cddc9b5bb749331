"""Portal pages: /cong-thong-tin/ and a front page per portal, from portals.toml."""

from .wiring import register

__all__ = ["register"]
