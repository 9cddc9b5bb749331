"""Pelican's content cache stamps no file it will not use.

Pelican's generators and readers ask their file cache for every file they read and hand every
file read back to it, and each ask stats the file (its "stamp"), also when the content cache is
off (`CACHE_CONTENT = False`, this project's setting) and the cache is empty: four stats per
article, 40,000 at 10,000 articles. A file the cache holds no entry for gets the default
whatever its stamp, and a cache that stores nothing needs no stamp: both now skip the stat.
With the content cache on, every path is Pelican's own.
"""

from __future__ import annotations

from pelican.cache import FileStampDataCacher

_original_cache_data = FileStampDataCacher.cache_data
_original_get_cached_data = FileStampDataCacher.get_cached_data


def _cache_data(self, filename, data):
    if not self._cache_data_policy:
        return None  # Pelican would stat the file, then store nothing
    return _original_cache_data(self, filename, data)


def _get_cached_data(self, filename, default=None):
    if filename not in self._cache:
        return default  # Pelican would stat the file, then return the default
    return _original_get_cached_data(self, filename, default)


def install(enabled: bool) -> None:
    FileStampDataCacher.cache_data = _cache_data if enabled else _original_cache_data
    FileStampDataCacher.get_cached_data = _get_cached_data if enabled else _original_get_cached_data
