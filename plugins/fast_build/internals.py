"""Every attribute of Pelican that fast_build replaces for the whole process, and where.

These replacements are process-global (an attribute of a Pelican module or class), so they are
listed here: the tests check that on the verified versions each one is replaced, and that on any
other version each one is still Pelican's own (verified.py), and README.md lists each one for
whoever verifies a new version. What fast_build changes only inside one build (the Markdown
reader, the writer, a generator's cache hooks, the Jinja environments, the group lists) comes
from its signal handlers and is listed in README.md.

Importing this module imports nothing of Pelican's; `Internal.current()` does.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass


@dataclass(frozen=True)
class Internal:
    """`module.path` (an attribute chain), or the entry `key` of the dict found there."""

    module: str
    path: str
    replaced_in: str  # the fast_build file that replaces it
    key: str | None = None

    @property
    def name(self) -> str:
        entry = f'["{self.key}"]' if self.key is not None else ""
        return f"{self.module}.{self.path}{entry}"

    def current(self) -> object:
        """What the process holds there now."""
        value: object = importlib.import_module(self.module)
        for part in self.path.split("."):
            value = getattr(value, part)
        return value if self.key is None else value[self.key]  # type: ignore[index]


PATCHED: tuple[Internal, ...] = (
    Internal("pelican.contents", "Content.get_url_setting", "urls.py"),
    Internal("pelican.contents", "Content.get_relative_source_path", "urls.py"),
    Internal("pelican.contents", "Content._expand_settings", "urls.py"),
    Internal("pelican.generators", "ArticlesGenerator._build_period_archives", "membership.py"),
    Internal("pelican.generators", "process_translations", "membership.py"),
    Internal("pelican.generators", "StaticGenerator.generate_output", "wiring.py"),
    Internal("pelican.readers", "METADATA_PROCESSORS", "metadata.py", key="date"),
    Internal("pelican.readers", "METADATA_PROCESSORS", "metadata.py", key="modified"),
    Internal("pelican.urlwrappers", "slugify", "metadata.py"),
    Internal("pelican.utils", "SafeDatetime.strftime", "metadata.py"),
    Internal("pelican.cache", "FileStampDataCacher.cache_data", "stamps.py"),
    Internal("pelican.cache", "FileStampDataCacher.get_cached_data", "stamps.py"),
)


def snapshot() -> dict[str, object]:
    """What each replaced internal holds now, by name (compare with `is`)."""
    return {internal.name: internal.current() for internal in PATCHED}
