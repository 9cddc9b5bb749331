"""The modules of another site plugin as Pelican loaded them.

Pelican imports a plugin from `PLUGIN_PATHS` under its bare name (`search_index`), while code
in this repository imports it as `plugins.search_index`: two module objects, each with its own
state. What the merge changes must be changed where the running plugin looks."""

from __future__ import annotations

import importlib
import sys
from types import ModuleType


def loaded_modules(plugin: str, module: str) -> list[ModuleType]:
    """Every loaded copy of `<plugin>.<module>` (the bare one Pelican loaded first); the
    repository's copy is imported when none is loaded."""
    found = [
        sys.modules[name]
        for name in (f"{plugin}.{module}", f"plugins.{plugin}.{module}")
        if name in sys.modules
    ]
    return found or [importlib.import_module(f"plugins.{plugin}.{module}")]
