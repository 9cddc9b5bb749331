"""Remember each content object's URLs once reading is over.

Pelican recomputes `url` and `save_as` on every access (copying the metadata and formatting the
URL setting), and templates ask for them hundreds of thousands of times on a large archive. Once
all generators have finished reading (`all_generators_finalized`), slugs, dates and categories no
longer change, so from then until the build ends each object's answers are kept. Every URL
computation also asks for the source path relative to the content folder (a relpath of two
abspaths); that answer is kept for the whole build.

Formatting a URL setting copies the article's whole metadata into keyword arguments (a scraped
bulletin's metadata holds its other-news listing) to fill two or three fields. The names a URL
setting uses are found once per setting, and only those are computed, each exactly as
`Content.url_format` computes it; a setting the fast path does not understand (positional or
nested fields) and a class with its own `url_format` take Pelican's path.
"""

from __future__ import annotations

import datetime
import os
import re
from string import Formatter

from pelican.contents import Content
from pelican.utils import path_to_url, posixize_path

_original_get_url_setting = Content.get_url_setting
_original_relative_source_path = Content.get_relative_source_path
_original_expand_settings = Content._expand_settings
_original_url_format = Content.url_format
_frozen = False
_relative_paths: dict[tuple[str, str, str], str | None] = {}
_content_prefixes: dict[tuple[str, str], str] = {}  # (PATH, working directory) -> abspath + sep


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
        value = _relative_paths[key] = _relative_path(path, key[1], key[2]) or (
            _original_relative_source_path(self, path)
        )
        return value


def _relative_path(path: str, content: str, cwd: str) -> str | None:
    """Pelican's relpath of two abspaths, by slicing: for a normalised absolute path inside the
    content folder (what generators give); None for any other path (Pelican's code answers)."""
    prefix = _content_prefixes.get((content, cwd))
    if prefix is None:
        base = os.path.abspath(content)
        prefix = _content_prefixes[(content, cwd)] = (
            base if base.endswith(os.sep) else base + os.sep
        )
    if path.startswith(prefix) and len(path) > len(prefix) and os.path.normpath(path) == path:
        return posixize_path(path[len(prefix) :])
    return None


_FIELD_NAME = re.compile(r"[^.\[]*")
# URL setting -> names of the keyword arguments it reads (None: use Pelican's path)
_FIELDS: dict[str, frozenset[str] | None] = {}
# Date directives whose text does not depend on the locale: computed without strftime (which
# converts to a time tuple and goes through the C library for two digits of a URL).
_DATE_PARTS = {
    "%Y": lambda d: str(d.year) if d.year >= 1000 else None,
    "%m": lambda d: f"{d.month:02d}",
    "%d": lambda d: f"{d.day:02d}",
}
# URL setting -> True when its every use of `date` is `{date:%Y}`, `{date:%m}` or `{date:%d}`
_PLAIN_DATES: dict[str, bool] = {}


def url_fields(template: str) -> frozenset[str] | None:
    """Keyword names `template.format(**kwargs)` reads; None for positional or nested fields."""
    try:
        return _FIELDS[template]
    except KeyError:
        pass
    names: set[str] | None = set()
    plain_dates = True  # see plain_date_fields
    try:
        for _, field, spec, conversion in Formatter().parse(template):
            if field is None:
                continue
            name = _FIELD_NAME.match(field).group(0)
            if not name or name.isdigit() or (spec and "{" in spec):
                names = None
                break
            names.add(name)
            if name == "date" and (field != name or conversion or spec not in _DATE_PARTS):
                plain_dates = False
    except ValueError:  # malformed: Pelican's path raises the error users know
        names = None
    _PLAIN_DATES[template] = names is not None and plain_dates
    found = _FIELDS[template] = None if names is None else frozenset(names)
    return found


def _url_value(content: Content, name: str):
    """What `content.url_format[name]` is, computed alone."""
    if name == "slug":
        return getattr(content, "slug", "")
    if name == "date":
        return getattr(content, "date", datetime.datetime.now())
    if name == "category":
        return content.category.slug if hasattr(content, "category") else ""
    if name == "author":
        return content.author.slug if hasattr(content, "author") else ""
    if name == "lang":
        return getattr(content, "lang", "en")
    if name == "path":
        return path_to_url(content.metadata.get("path", content.get_relative_source_path()))
    return content.metadata[name]  # a KeyError, as formatting with the whole metadata gives


def plain_date_fields(template: str) -> bool:
    """True when `template` formats `date` only with the directives of `_DATE_PARTS` (found
    while `url_fields` parses it)."""
    url_fields(template)
    return _PLAIN_DATES[template]


class _DateParts:
    """A date that formats `%Y`, `%m` and `%d` itself, as `strftime` writes them."""

    __slots__ = ("value",)

    def __init__(self, value: datetime.datetime) -> None:
        self.value = value

    def __format__(self, spec: str) -> str:
        text = _DATE_PARTS[spec](self.value)
        return format(self.value, spec) if text is None else text


def _expand_settings(self, key: str, klass: str | None = None) -> str:
    template = str(self.settings[f"{klass or self.__class__.__name__}_{key}".upper()])
    fields = url_fields(template)
    if fields is None or type(self).url_format is not _original_url_format:
        return _original_expand_settings(self, key, klass)
    values = {name: _url_value(self, name) for name in fields}
    date = values.get("date")
    if isinstance(date, datetime.date) and plain_date_fields(template):
        values["date"] = _DateParts(date)
    return template.format(**values)


def remember_urls(contents) -> None:
    """Work out every object's `url` and `save_as` now, in this process, before it forks (the
    search index's feeder and each render process would each work them out again). An error
    is left for the write that needs the value, which reports it as Pelican does."""
    if not _frozen:
        return
    for content in contents:
        try:
            content.url  # noqa: B018 - computed and kept (see _get_url_setting)
            content.save_as  # noqa: B018
        except Exception:  # noqa: BLE001, S112 - raised again, with its context, when written
            continue


def install_formatting(enabled: bool) -> None:
    """Format URL settings field by field (enabled) or with Pelican's own code."""
    Content._expand_settings = _expand_settings if enabled else _original_expand_settings


def freeze(*_args, **_kwargs) -> None:
    global _frozen
    _frozen = True


def thaw(*_args, **_kwargs) -> None:
    global _frozen
    _frozen = False
    _relative_paths.clear()
    _content_prefixes.clear()


def install() -> None:
    if Content.get_url_setting is _original_get_url_setting:
        Content.get_url_setting = _get_url_setting
    if Content.get_relative_source_path is _original_relative_source_path:
        Content.get_relative_source_path = _get_relative_source_path
