"""Remember each content object's URLs once reading is over.

Pelican recomputes `url` and `save_as` on every access (copying the metadata and formatting the
URL setting), and templates ask for them hundreds of thousands of times on a large archive. Once
all generators have finished reading (`all_generators_finalized`), slugs, dates and categories no
longer change, so from then until the build ends each object's answers are kept.
"""

from __future__ import annotations

from pelican.contents import Content

_original_get_url_setting = Content.get_url_setting
_frozen = False


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


def freeze(*_args, **_kwargs) -> None:
    global _frozen
    _frozen = True


def thaw(*_args, **_kwargs) -> None:
    global _frozen
    _frozen = False


def install() -> None:
    if Content.get_url_setting is _original_get_url_setting:
        Content.get_url_setting = _get_url_setting
