"""What the theme's templates read, worked out once and kept between builds.

Deciding whether a page must be rendered again starts from what its template reads
(fingerprint.template_variables, listing.listing_attributes, ...), found by parsing and walking
the templates: about half a second per render process at every build, for an answer that only
changes with the templates. The answers are kept in `<cache_dir>/templates/` under a key made of
every template's name and source (as the build's Jinja environment finds them), Jinja's version
and the source of the modules that compute them, so an edited template, another theme or a
change to the analysis gives a new key (the files of other keys are removed).

Each render process writes what it had to work out itself into a file of its own, so two
processes never write the same file; a build reads them all.
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2

logger = logging.getLogger(__name__)

FACTS_VERSION = 1
_CODE = ("fingerprint.py", "listing.py", "template_facts.py")


def facts_key(env: jinja2.Environment) -> str:
    """Digest of everything the answers depend on."""
    hasher = hashlib.sha256(f"{FACTS_VERSION}\0{jinja2.__version__}\0".encode())
    here = Path(__file__).parent
    for name in _CODE:
        hasher.update((here / name).read_bytes())
    for name in sorted(env.list_templates()):
        source = env.loader.get_source(env, name)[0]
        hasher.update(b"\0" + name.encode("utf-8", "surrogatepass") + b"\0")
        hasher.update(source.encode("utf-8", "surrogatepass"))
    return hasher.hexdigest()[:20]


class TemplateFacts:
    """Answers by (kind, template name); `get` works out and records a missing one."""

    def __init__(self) -> None:
        self.folder: Path | None = None
        self.key: str | None = None
        self.known: dict[tuple[str, str], Any] = {}
        self.added: dict[tuple[str, str], Any] = {}

    def open(self, env: jinja2.Environment, folder: Path | None) -> None:
        """Start a build: read the answers kept for this environment's templates."""
        self.folder, self.known, self.added = folder, {}, {}
        self.key = None
        if folder is None:
            return
        try:
            self.key = facts_key(env)
        except (OSError, jinja2.TemplateError) as error:
            logger.warning("fast_build: templates not analysed ahead (%s); analysing them", error)
            return
        for path in sorted(folder.glob(f"facts-{self.key}-*.marshal")):
            try:
                found = marshal.loads(path.read_bytes())
            except (OSError, EOFError, ValueError, TypeError):
                logger.warning("fast_build: ignoring unreadable template analysis %s", path)
                continue
            if isinstance(found, dict):
                self.known.update(found)

    def get(self, kind: str, name: str, compute: Callable[[], Any]) -> Any:
        key = (kind, name)
        if key in self.known:
            return self.known[key]
        value = self.known[key] = self.added[key] = compute()
        return value

    def save(self, rank: int) -> None:
        """Keep what this process worked out (`rank` names its file); drop other keys' files."""
        if self.folder is None or self.key is None or not self.added:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            for stale in self.folder.glob("facts-*.marshal"):
                if not stale.name.startswith(f"facts-{self.key}-"):
                    stale.unlink(missing_ok=True)
            path = self.folder / f"facts-{self.key}-{rank}.marshal"
            previous: dict = {}
            if path.exists():
                try:
                    previous = marshal.loads(path.read_bytes())
                except (EOFError, ValueError, TypeError):
                    previous = {}
            fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-facts-")
            with os.fdopen(fd, "wb") as handle:
                handle.write(marshal.dumps({**previous, **self.added}))
            os.replace(tmp, path)
        except (OSError, ValueError) as error:  # only saves time next build
            logger.warning("fast_build: could not keep the template analysis (%s)", error)
        self.added = {}


FACTS = TemplateFacts()
