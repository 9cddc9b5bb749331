"""Remember each content object's URLs once reading is over.

Pelican recomputes `url` and `save_as` on every access (copying the metadata and formatting the
URL setting), and templates ask for them hundreds of thousands of times on a large archive. Once
all generators have finished reading (`all_generators_finalized`), slugs, dates and categories no
longer change, so from then until the build ends each object's answers are kept. Every URL
computation also asks for the source path relative to the content folder (a relpath of two
abspaths); that answer is kept for the whole build.
"""

from __future__ import annotations

import os

from pelican.contents import Content

_original_get_url_setting = Content.get_url_setting
_original_relative_source_path = Content.get_relative_source_path
_frozen = False
_relative_paths: dict[tuple[str, str, str], str | None] = {}


def _get_url_setting(self, key: str) -> str:
    if not _frozen:
        return _original_get_url_setting(self, key)
    cache = self.__dict__.get("_fast_build_urls")
    if cache is None:
        cache = self.__dict__["_fast_build_urls"] = {}
    value = cache.get(key)
    if value is None:
        value = cache[key] = _original_get_url_setting(self, key)
    return value


def _get_relative_source_path(self, source_path: str | None = None) -> str | None:
    """Pelican's answer (a relpath of two abspaths, asked for on every URL computation),
    remembered per source path, content folder and working directory."""
    path = source_path or self.source_path
    if path is None:
        return None
    key = (path, self.settings["PATH"], os.getcwd())
    try:
        return _relative_paths[key]
    except KeyError:
        value = _relative_paths[key] = _original_relative_source_path(self, path)
        return value


def freeze(*_args, **_kwargs) -> None:
    global _frozen
    _frozen = True


def thaw(*_args, **_kwargs) -> None:
    global _frozen
    _frozen = False
    _relative_paths.clear()


def install() -> None:
    if Content.get_url_setting is _original_get_url_setting:
        Content.get_url_setting = _get_url_setting
    if Content.get_relative_source_path is _original_relative_source_path:
        Content.get_relative_source_path = _get_relative_source_path
