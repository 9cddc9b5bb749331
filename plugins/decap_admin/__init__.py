"""decap_admin: the editors' screen /admin/ (Decap CMS) writing the archive's own Markdown."""

from .wiring import register

__all__ = ["register"]
