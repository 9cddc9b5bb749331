"""Faster answers to three questions Pelican asks for every article it reads.

- Dates: Pelican parses every `Date:` with dateutil's general parser (about 100 µs each). The
  common spellings `YYYY-MM-DD`, `YYYY-MM-DD HH:MM`, `YYYY-MM-DD HH:MM:SS` (`T` or spaces
  between), optionally followed by a numeric offset (`+07:00`, as our articles are written), are
  read here directly, giving exactly what `pelican.utils.get_date` gives (a SafeDatetime, with
  dateutil's `tzoffset` zone for an offset); anything else (a zero offset, zone names, `Z`,
  fractions of seconds, day names, other orders) still goes to dateutil.
- Slugs of categories, tags and authors: Pelican creates one object per mention and slugifies
  each (10,000 articles mention the same few hundred names 40,000 times). Slugify is a pure
  function of the name and the slug settings, so each answer is remembered.
- Formatted dates: every URL (`{date:%Y}/{date:%m}/{slug}/`) formats the article's date through
  `pelican.utils.strftime`, which splits the format with regular expressions to handle `%-d`.
  A format made only of standard directives (no `-` flag, nothing Pelican leaves as it is) is
  formatted by `datetime.strftime` at once: Pelican formats each directive with that same call
  and puts the pieces back, so the text is the same.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

import pelican.readers
import pelican.urlwrappers
from dateutil import tz
from pelican.utils import SafeDatetime, get_date
from pelican.utils import strftime as pelican_strftime

_ISO_DATE = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})"
    r"(?:(?:T| +)(\d{2}):(\d{2})(?::(\d{2}))?(?:([+-])(\d{2}):(\d{2}))?)?",
    re.ASCII,
)


def parse_date(string: str) -> SafeDatetime:
    """`pelican.utils.get_date(string)`, without dateutil for the ISO-like spellings."""
    match = _ISO_DATE.fullmatch(string.strip())
    if match is not None:
        year, month, day, hour, minute, second, sign, off_hours, off_minutes = match.groups()
        zone = None
        if sign is not None:  # what dateutil attaches for a non-zero numeric offset
            offset = int(off_hours) * 3600 + int(off_minutes) * 60
            if offset == 0:  # dateutil picks UTC or the local zone: let it decide
                return get_date(string)
            zone = tz.tzoffset(None, -offset if sign == "-" else offset)
        try:
            return SafeDatetime(
                int(year),
                int(month),
                int(day),
                int(hour or 0),
                int(minute or 0),
                int(second or 0),
                tzinfo=zone,
            )
        except ValueError:
            pass  # an impossible date: dateutil words the error (or reads it another way)
    return get_date(string)


_original_processors = {
    "date": pelican.readers.METADATA_PROCESSORS["date"],
    "modified": pelican.readers.METADATA_PROCESSORS["modified"],
}
_original_slugify = pelican.urlwrappers.slugify


@lru_cache(maxsize=65536)
def _remembered_slugify(value, regex_subs, preserve_case, use_unicode):
    return _original_slugify(
        value, regex_subs=list(regex_subs), preserve_case=preserve_case, use_unicode=use_unicode
    )


def slugify(value, regex_subs=(), preserve_case=False, use_unicode=False):
    """pelican.utils.slugify, remembered per (name, settings)."""
    try:
        subs = tuple(tuple(pair) for pair in regex_subs)
        return _remembered_slugify(value, subs, preserve_case, use_unicode)
    except TypeError:  # something unhashable: ask Pelican directly
        return _original_slugify(
            value, regex_subs=regex_subs, preserve_case=preserve_case, use_unicode=use_unicode
        )


# What Pelican formats itself (its C89 list); any other `%x`, a `%-x` or a lone `%` is not plain.
_PLAIN_DIRECTIVE = re.compile("%[aAbBcdfGHIjmMpSUuVwWxXyYzZ%]")
_original_safe_strftime = SafeDatetime.strftime


@lru_cache(maxsize=1024)
def _is_plain(fmt: str) -> bool:
    return "%" not in _PLAIN_DIRECTIVE.sub("", fmt)


def safe_strftime(self, fmt, safe=True):
    """`SafeDatetime.strftime`: one `datetime.strftime` call for a plain format."""
    if not safe or (type(fmt) is str and _is_plain(fmt)):
        return dt.datetime.strftime(self, fmt)
    return pelican_strftime(self, fmt)


def install(enabled: bool) -> None:
    processors = pelican.readers.METADATA_PROCESSORS
    if enabled:
        processors["date"] = lambda x, _y: parse_date(x.replace("_", " "))
        processors["modified"] = lambda x, _y: parse_date(x)
        pelican.urlwrappers.slugify = slugify
        SafeDatetime.strftime = safe_strftime
    else:
        SafeDatetime.strftime = _original_safe_strftime
        processors.update(_original_processors)
        pelican.urlwrappers.slugify = _original_slugify
