"""Compiled templates kept between builds (Jinja's own bytecode cache).

Pelican compiles every template it uses on every build, in every generator's environment and
again in each render process for the templates first used after the fork: ~0.2 s of a rebuild.
Jinja checks each cached entry against the template's source; what its compilation depends on
besides the source (the environment's syntax options and extensions, Jinja's and Python's
versions) names the folder, so a change there starts an empty one.
"""

from __future__ import annotations

import os
import sys

import jinja2
from jinja2 import FileSystemBytecodeCache

from .fingerprint import describe, digest


def compile_options_digest(settings: dict) -> str:
    """What a compiled template depends on besides its source."""
    options = describe(settings.get("JINJA_ENVIRONMENT", {}), 1)
    return digest((jinja2.__version__, sys.version, options))[:16]


def cache_folder(cache_dir: str, settings: dict) -> str:
    """`<cache_dir>/templates/<digest of what compiling depends on besides the source>`."""
    return os.path.join(cache_dir, "templates", compile_options_digest(settings))


def use_bytecode_cache(env: jinja2.Environment, cache_dir: str, settings: dict) -> None:
    folder = cache_folder(cache_dir, settings)
    os.makedirs(folder, exist_ok=True)
    env.bytecode_cache = FileSystemBytecodeCache(folder)
