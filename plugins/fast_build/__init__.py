"""fast_build: Markdown cache, rendering on every core, unchanged pages skipped (README.md)."""

from . import verified


def register() -> None:
    """Connect fast_build on the verified Pelican, Jinja2 and Python-Markdown versions only.

    On any other version `verified.check()` logs one warning and nothing is imported or
    replaced: fast_build's modules read Pelican's internals when they are imported, so they are
    imported only after the check.
    """
    if not verified.check():
        return
    from .wiring import connect

    connect()


__all__ = ["register"]
