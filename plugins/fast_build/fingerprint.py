"""Fingerprints of what an article page shows, to skip re-rendering pages that did not change.

A page is re-rendered when any of these changed: the theme's templates, the settings, the
global template variables the article template actually reads (found with jinja2.meta over the
template and everything it extends or includes), or anything attached to the article (its
content, metadata and every attribute plugins set, such as neighbours, topics or other news).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import marshal
import types
from collections.abc import Iterator
from pathlib import Path

from jinja2 import meta as jinja_meta
from jinja2 import nodes as jinja_nodes
from pelican.contents import Content
from pelican.urlwrappers import URLWrapper

from .template_facts import FACTS

# source path -> digest of the file's bytes and the conversion settings (set by the reader)
SOURCE_DIGESTS: dict[str, str] = {}
_SKIPPED_ATTRIBUTES = {"_context", "settings", "_summary", "_fast_build_urls"}


_SCALARS = frozenset({str, int, float, bool, type(None)})
# Frozen dataclass instances (plugins share them between articles, e.g. other-news items) are
# immutable: each is described once per build, by a digest. Emptied when the build ends
# (`forget`).
_FROZEN: dict[int, tuple[object, object]] = {}
_FIELDS: dict[type, tuple[str, ...] | None] = {}
# (kind, name, slug, id(settings)) -> description of a category, tag or author
_WRAPPERS: dict[tuple, tuple[str, str, str]] = {}


def _frozen_fields(kind: type) -> tuple[str, ...] | None:
    """Field names of a frozen dataclass type, else None (looked up once per type)."""
    try:
        return _FIELDS[kind]
    except KeyError:
        params = getattr(kind, "__dataclass_params__", None)
        fields = None
        if params is not None and params.frozen:
            fields = tuple(f.name for f in dataclasses.fields(kind))
        _FIELDS[kind] = fields
        return fields


def forget() -> None:
    """Drop the descriptions remembered during this build."""
    _FROZEN.clear()
    _WRAPPERS.clear()


def describe(value, depth: int = 0):
    """A stable, hashable description of a template-visible value (no memory addresses)."""
    kind = type(value)
    if kind in _SCALARS:
        return value
    known = _FROZEN.get(id(value))  # a frozen dataclass instance described before
    if known is not None and known[0] is value:
        return known[1]
    if kind is list or kind is tuple:
        if all(type(item) is str for item in value):
            return tuple(value)
        if len(value) >= LONG_LIST:
            return _long_list(value, depth + 1)
        return [describe(item, depth + 1) for item in value]
    if isinstance(value, str | int | float | bool):  # Markup, enums: keep the type apart
        return (kind.__qualname__, repr(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, URLWrapper):
        # Pelican makes one object per mention and formats its URL on every access; the URL
        # is a function of the kind, name, slug and settings, so it is described once.
        key = (kind, value.name, value.slug, id(value.settings))
        known = _WRAPPERS.get(key)
        if known is None:
            known = _WRAPPERS[key] = (kind.__name__, value.name, value.url)
        return known
    if isinstance(value, Content):
        # The source file's digest stands for its text and metadata (the reader records it).
        source = SOURCE_DIGESTS.get(getattr(value, "source_path", None))
        if depth > 0:  # a neighbour, a linked or listed article: its source stands for it
            if source is not None:
                return _by_source(value.source_path, source)
            return ("content", value.url, getattr(value, "title", ""), str(value.metadata))
        # Everything else attached to the article (plugins' results, neighbours) is described.
        derived = value.metadata.keys() if source else ()
        return {
            key: _metadata(value, item, depth + 1)
            if key == "metadata" and source
            else describe(item, depth + 1)
            for key, item in sorted(vars(value).items())
            if key not in _SKIPPED_ATTRIBUTES and key not in derived and key != "_content"
        } | {"_content": source or value._content}
    if depth > 12:  # deep object graphs: a stable placeholder (never a memory address)
        return f"<{kind.__name__}>"
    fields = _frozen_fields(kind)
    if fields is not None:
        # Described by the digest of its fields: the same value gives the same string, and
        # every page or card that holds it hashes 64 characters instead of the whole item.
        described = "frozen:" + digest(
            (kind.__name__, [describe(getattr(value, f), depth + 1) for f in fields])
        )
        _FROZEN[id(value)] = (value, described)
        return described
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        # Small flat dataclasses: their repr is a full, stable description when it names no
        # object address.
        text = repr(value)
        if " at 0x" not in text:
            return text
        fields = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
        return (kind.__name__, describe(fields, depth + 1))
    if isinstance(value, dict):
        return [(str(k), describe(v, depth + 1)) for k, v in sorted(value.items(), key=_key)]
    if isinstance(value, list | tuple):
        if all(type(item) is str for item in value):
            return tuple(value)
        if len(value) >= LONG_LIST:
            return _long_list(value, depth + 1)
        return [describe(item, depth + 1) for item in value]
    if isinstance(value, set | frozenset):
        return sorted((describe(item, depth + 1) for item in value), key=repr)
    if callable(value) and hasattr(value, "__self__"):  # a bound method such as str.format
        owner = value.__self__
        module = isinstance(owner, types.ModuleType)
        owner = owner.__name__ if module else describe(owner, depth + 1)
        return ("method", getattr(value, "__qualname__", type(value).__name__), owner)
    if hasattr(value, "__dict__"):
        return (kind.__name__, describe(vars(value), depth + 1))
    text = repr(value)
    # An address changes from run to run; the type name is the stable part of such a repr.
    return f"<{kind.__qualname__}>" if " at 0x" in text else text


# A list at least this long is described by a digest of its items' descriptions, hashed one
# item at a time: the sitemap reads every tag, category and period with all their articles, and
# describing that as one structure took 29 MB of memory for a moment at 10,000 articles.
LONG_LIST = 256


def _by_source(path: str, source: str) -> tuple[str, str, str]:
    """A listed or linked article with a known source file is described by that file."""
    return ("content", path, source)


def _long_list(items, depth: int) -> str:
    hasher = hashlib.sha256()
    for item in items:
        source = None
        if depth > 0 and isinstance(item, Content):
            path = getattr(item, "source_path", None)
            source = SOURCE_DIGESTS.get(path)
        if source is not None:
            # describe()'s answer, hashed without marshalling a tuple per article (the sitemap
            # lists every article five times)
            data = "\0".join(_by_source(path, source)).encode("utf-8", "surrogatepass")
        else:
            data = _serialised(describe(item, depth))
        hasher.update(len(data).to_bytes(8, "big"))
        hasher.update(data)
    return f"list{len(items)}:" + hasher.hexdigest()


# The pseudo-attribute of a name a template only tests for truth (`{% if x %}`): described by
# `bool(x)` instead of the whole value (a listing's next page holds a whole page of articles).
TRUTH = " truth"


def _truth_tested(tree) -> Iterator[jinja_nodes.Name]:
    """Names used as a condition (`if x`, `x and ...`, `not x`, `a if x else b`)."""
    pending = [node.test for node in tree.find_all((jinja_nodes.If, jinja_nodes.CondExpr))]
    while pending:
        node = pending.pop()
        if isinstance(node, jinja_nodes.Name):
            yield node
        elif isinstance(node, jinja_nodes.And | jinja_nodes.Or):
            pending += [node.left, node.right]
        elif isinstance(node, jinja_nodes.Not):
            pending.append(node.node)


def _read(value, attribute: str):
    """What Jinja's `value.attribute` gives: the attribute, else the item, else None."""
    if attribute == TRUTH:
        try:
            return bool(value)
        except Exception:  # noqa: BLE001 - Jinja would fail the same way when rendering
            return None
    try:
        return getattr(value, attribute)
    except AttributeError:
        try:
            return value[attribute]
        except (TypeError, LookupError):
            return None


def _key(item) -> str:
    return str(item[0])


# Metadata a file does not determine by its bytes alone: a date may come from the file's mtime.
_ALWAYS_DESCRIBED = {"date", "modified"}
_MISSING = object()


def _metadata(article, metadata: dict, depth: int) -> list:
    """An article's metadata, as describe() gives a dict, without the entries its source file
    stands for: those the article also holds as the very same object under the same name
    (Pelican sets one attribute per metadata key when it reads the file). An entry a plugin
    added or replaced is described."""
    own = vars(article)
    return [
        (str(k), describe(v, depth))
        for k, v in sorted(metadata.items(), key=_key)
        if k in _ALWAYS_DESCRIBED or own.get(k, _MISSING) is not v
    ]


def digest(value) -> str:
    """sha256 of a description. marshal (format 2: no object references, so the bytes depend
    only on the value) is several times faster than repr; repr serves what marshal refuses."""
    return hashlib.sha256(_serialised(value)).hexdigest()


def _serialised(value) -> bytes:
    try:
        return b"m" + marshal.dumps(value, 2)
    except ValueError:
        return b"r" + repr(value).encode("utf-8", "surrogatepass")


def parsed_template(env, name: str) -> jinja_nodes.Template:
    """The syntax tree of template `name`, parsed once per environment (templates do not change
    during a build: fast_build turns Jinja's auto_reload off for it)."""
    trees = env.__dict__.setdefault("_fast_build_trees", {})
    tree = trees.get(name)
    if tree is None:
        tree = trees[name] = env.parse(env.loader.get_source(env, name)[0])
    return tree


def template_trees(env, name: str) -> Iterator[jinja_nodes.Template]:
    """The parsed template `name` and every template it extends, includes or imports, once."""
    seen: set[str] = set()
    pending = [name]
    while pending:
        current = pending.pop()
        if current in seen or current is None:
            continue
        seen.add(current)
        tree = parsed_template(env, current)
        yield tree
        pending.extend(t for t in jinja_meta.find_referenced_templates(tree) if t)


def template_variables(env, name: str) -> dict[str, set[str] | None]:
    """Global names a template reads, following extends/include/import.

    Maps each name to the attributes read from it (`archive_indexes.topics_url`), or to None
    when the value itself is used (iterated, printed, passed on).
    """
    used: dict[str, set[str] | None] = {}
    for tree in template_trees(env, name):
        undeclared = jinja_meta.find_undeclared_variables(tree)
        loads: dict[str, int] = {}
        attributes: dict[str, set[str]] = {}
        attribute_loads: dict[str, int] = {}
        for node in tree.find_all(jinja_nodes.Name):
            if node.ctx == "load" and node.name in undeclared:
                loads[node.name] = loads.get(node.name, 0) + 1
        for node in tree.find_all(jinja_nodes.Getattr):
            if isinstance(node.node, jinja_nodes.Name) and node.node.name in undeclared:
                attributes.setdefault(node.node.name, set()).add(node.attr)
                attribute_loads[node.node.name] = attribute_loads.get(node.node.name, 0) + 1
        for node in tree.find_all(jinja_nodes.Test):
            # `x is defined` reads whether x exists, not its value (described with presence).
            if (
                node.name in ("defined", "undefined")
                and isinstance(node.node, jinja_nodes.Name)
                and node.node.name in undeclared
            ):
                attributes.setdefault(node.node.name, set())
                attribute_loads[node.node.name] = attribute_loads.get(node.node.name, 0) + 1
        for node in _truth_tested(tree):
            # `{% if x %}` reads whether x is true, not all of x.
            if node.name in undeclared:
                attributes.setdefault(node.name, set()).add(TRUTH)
                attribute_loads[node.name] = attribute_loads.get(node.name, 0) + 1
        for variable in undeclared:
            only_attributes = loads.get(variable, 0) == attribute_loads.get(variable, -1)
            if variable in used and used[variable] is None:
                continue
            if only_attributes and (variable not in used or used[variable] is not None):
                used[variable] = (used.get(variable) or set()) | attributes[variable]
            else:
                used[variable] = None
    return used


def theme_digest(theme_path: str) -> str:
    hasher = hashlib.sha256()
    templates = Path(theme_path) / "templates"
    for path in sorted(templates.rglob("*")):
        if path.is_file():
            hasher.update(path.relative_to(templates).as_posix().encode())
            hasher.update(path.read_bytes())
    return hasher.hexdigest()


class ArticlePageFingerprints:
    """Computes the fingerprint of each article page write."""

    PER_PAGE = {"article", "category", "output_file", "localsiteurl", "SITEURL", "url"}

    def __init__(self, settings: dict) -> None:
        self.settings = settings
        self._global_digests: dict[tuple[str, frozenset[str]], str] = {}
        self._variables: dict[str, dict[str, set[str] | None]] = {}
        self._fixed: str | None = None

    def variables(self, template) -> dict[str, set[str] | None]:
        """template_variables of `template`, parsed once per build."""
        found = self._variables.get(template.name)
        if found is None:
            env, name = template.environment, template.name
            found = FACTS.get("variables", name, lambda: template_variables(env, name))
            self._variables[template.name] = found
        return found

    def _theme_and_settings(self) -> str:
        if self._fixed is None:
            settings = {
                key: value
                for key, value in sorted(self.settings.items())
                if isinstance(value, str | int | float | bool | tuple | type(None))
            }
            self._fixed = digest((theme_digest(self.settings["THEME"]), repr(settings)))
        return self._fixed

    def globals_digest(self, template, context: dict, exclude: set[str] | None = None) -> str:
        """Digest of the theme, the settings and the global values `template` reads.

        `exclude` names the values that differ per write (they are described per page); the
        default is what differs between article pages.
        """
        exclude = self.PER_PAGE if exclude is None else exclude
        variables = self.variables(template)
        key = (template.name, frozenset(name for name in variables if name in exclude))
        cached = self._global_digests.get(key)
        if cached is None:
            used = {}
            for name, attributes in sorted(variables.items()):
                if name in key[1]:
                    continue
                value = context.get(name)
                if attributes is None:
                    used[name] = describe(value, 1)
                else:
                    read = {a: describe(_read(value, a), 1) for a in sorted(attributes)}
                    used[name] = (name in context, read)
            cached = digest((self._theme_and_settings(), used))
            self._global_digests[key] = cached
        return cached

    def page(self, name: str, template, context: dict, kwargs: dict) -> str:
        per_page = {key: describe(value) for key, value in sorted(kwargs.items())}
        return digest((name, template.name, self.globals_digest(template, context), per_page))
