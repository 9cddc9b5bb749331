"""Fingerprints of listing pages (index, categories, tags, authors, archives, topics, ...).

A listing page shows a slice of articles and a few counts. It is re-rendered only when what it
can show changed: the theme's templates, the settings, the global template values the template
reads (as for article pages), its own name and the per-write values it reads (the page of the
listing, the paginator, the tag or category, the whole list when the template reads it, e.g. for
`articles|length`).

An article in a listing is described by its *card*: its source file's digest (text and metadata)
plus every attribute that a page other than an article or a page can read from any object
(`listing_attributes`: collected from those templates' `x.attribute` expressions and
`attribute=`-style string arguments, so `groupby('date')` counts), described one level deep.
Attributes computed from the source (`content`, `summary`) are covered by the digest and not
recomputed. A card is computed once per article and process. A global value with a `page_view`
method is described per page by what that method gives for the page (`_page_view`).
"""

from __future__ import annotations

import inspect
from pathlib import Path

from jinja2 import meta as jinja_meta
from jinja2 import nodes as jinja_nodes
from pelican.contents import Content
from pelican.paginator import Page, Paginator

from .fingerprint import (
    SOURCE_DIGESTS,
    _read,
    describe,
    digest,
    parsed_template,
    template_trees,
)
from .template_facts import FACTS

# Derived from the source file, whose digest is part of every card.
_FROM_SOURCE = {"content", "summary", "_content", "get_content", "metadata", "settings", "_context"}
_LONG_LIST = 32  # lists at least this long are described once per object (tag lists, all dates)


def _attributes_read(tree, names: set[str]) -> None:
    for node in tree.find_all(jinja_nodes.Getattr):
        names.add(node.attr)
    for node in tree.find_all(jinja_nodes.Const):
        if isinstance(node.value, str):
            for part in node.value.split("."):
                if part.isidentifier():
                    names.add(part)


def theme_attributes(env) -> tuple[str, ...]:
    """Every attribute name the theme's templates read from any object, sorted."""
    names: set[str] = set()
    for template in env.list_templates():
        _attributes_read(parsed_template(env, template), names)
    return tuple(sorted(names - _FROM_SOURCE))


# Templates of single articles and pages: what only they read is not shown in any listing.
_CONTENT_TEMPLATES = {"article.html", "page.html"}


def listing_attributes(env) -> tuple[str, ...]:
    """Attribute names that any page other than an article or a page can read, sorted.

    These are read by every template that no other template extends, includes or imports
    (the pages' own templates), other than the article and page templates, and by everything
    they use. What only an article page shows (its other news, its neighbours) is not among
    them, so a change to it re-renders no listing page. When a template names another by an
    expression (`{% include kind ~ '.html' %}`), which one is not known: every attribute the
    theme reads counts.
    """
    # Pelican's loader also offers every template under a "!theme/" or "!simple/" prefix; a
    # page is rendered by its plain name, and a prefixed one is read when a template names it.
    names = [name for name in env.list_templates() if not name.startswith("!")]
    referenced: set[str] = set()
    for name in names:
        found = jinja_meta.find_referenced_templates(parsed_template(env, name))
        for target in found:
            if target is None:
                return theme_attributes(env)
            referenced.add(target)
    read: set[str] = set()
    for root in names:
        if root in referenced or root in _CONTENT_TEMPLATES:
            continue
        for tree in template_trees(env, root):
            _attributes_read(tree, read)
    return tuple(sorted(read - _FROM_SOURCE))


def _length(value) -> int | None:
    try:
        return len(value)
    except TypeError:
        return None


def length_only_names(env, name: str) -> set[str]:
    """Names that `name` (with everything it extends or includes) only measures, `x|length`.

    Such a value is described by its length, so a tag page is not re-rendered because an
    article it does not show changed.
    """
    loads: dict[str, int] = {}
    measured: dict[str, int] = {}
    for tree in template_trees(env, name):
        for node in tree.find_all(jinja_nodes.Name):
            if node.ctx == "load":
                loads[node.name] = loads.get(node.name, 0) + 1
        for node in tree.find_all(jinja_nodes.Filter):
            if node.name in ("length", "count") and isinstance(node.node, jinja_nodes.Name):
                measured[node.node.name] = measured.get(node.node.name, 0) + 1
    return {n for n, count in measured.items() if loads.get(n) == count}


# What a template may read from `paginator.page(n)` that depends only on the paginator's shape.
_SHAPE_ATTRIBUTES = {"url", "save_as", "number"}


def page_links_only(env, name: str) -> set[str]:
    """Names `x` whose every `x.page` in `name` (and what it includes) is `x.page(...).url`
    (or `.save_as`, `.number`): a link to another page of the listing, which depends on the
    number of pages and the listing's address, not on which articles are on that page."""
    reads: dict[str, int] = {}
    links: dict[str, int] = {}
    for tree in template_trees(env, name):
        for node in tree.find_all(jinja_nodes.Getattr):
            target = node.node
            if node.attr == "page" and isinstance(target, jinja_nodes.Name):
                reads[target.name] = reads.get(target.name, 0) + 1
            if (
                node.attr in _SHAPE_ATTRIBUTES
                and isinstance(target, jinja_nodes.Call)
                and isinstance(target.node, jinja_nodes.Getattr)
                and target.node.attr == "page"
                and isinstance(target.node.node, jinja_nodes.Name)
            ):
                owner = target.node.node.name
                links[owner] = links.get(owner, 0) + 1
    return {owner for owner, count in reads.items() if links.get(owner) == count}


def _has_page_view(value) -> bool:
    return callable(getattr(type(value), "page_view", None))


def _page_view(value, localcontext: dict):
    """What a page can read from `value`: its `page_view(localcontext)` when it has one.

    A global value that one listing shows only in part can say which part a given page reads
    (the date index: a year page reads its year and the years before and after it). The value
    is then described per page by that part, not once for all pages by the whole, so a change
    elsewhere in it re-renders no page that does not show it. `page_view` must cover everything
    the theme's templates read from the value on that page.
    """
    return value.page_view(localcontext) if _has_page_view(value) else value


class ListingFingerprints:
    """Fingerprints of listing page writes; cards and long lists are memoised per process."""

    PER_PAGE = {"output_file", "localsiteurl", "SITEURL"}

    def __init__(self, article_pages) -> None:
        self.article_pages = article_pages  # ArticlePageFingerprints: globals digest, settings
        self._attributes: tuple[str, ...] | None = None
        self._cards: dict[int, tuple[object, str]] = {}
        self._class_attributes: dict[type, frozenset[str]] = {}  # listing attributes on the class
        self._lists: dict[int, tuple[object, str]] = {}
        self._measured: dict[str, set[str]] = {}
        self._paginators: dict[int, tuple[Paginator, tuple]] = {}
        self._page_links: dict[str, set[str]] = {}
        self._views: dict[str, set[str]] = {}

    # -- descriptions ------------------------------------------------------------------------

    def prepare(self, env, articles) -> None:
        """Describe every article's card now (before the render processes fork, which would
        each describe every card again: the home page alone lists every article)."""
        self._read_attributes(env)
        for article in articles:
            self.card(article)

    def _read_attributes(self, env) -> None:
        """The attributes a card describes (`listing_attributes`), once per build."""
        if self._attributes is None:
            self._attributes = FACTS.get("listing_attributes", "", lambda: listing_attributes(env))

    def card(self, article: Content) -> str:
        """The digest of everything a listing can show about `article`."""
        attributes = self._attributes or ()
        cached = self._cards.get(id(article))
        if cached is not None and cached[0] is article:
            return cached[1]
        source = SOURCE_DIGESTS.get(getattr(article, "source_path", None))
        values = []
        own = vars(article)
        kind = type(article)
        on_class = self._class_attributes.get(kind)
        if on_class is None:
            on_class = frozenset(n for n in attributes if hasattr(kind, n))
            self._class_attributes[kind] = on_class
        for name in attributes:
            if name in own:
                value = own[name]
            elif name in on_class:
                value = getattr(article, name)  # a property such as url or save_as
            else:
                continue  # Jinja would get undefined: nothing to show
            if callable(value) and not isinstance(value, Content):
                continue  # a method; what it returns derives from described attributes
            values.append((name, describe(value, 1)))
        base = source if source is not None else (article._content, repr(article.metadata))
        result = digest((str(getattr(article, "source_path", "")), base, values))
        self._cards[id(article)] = (article, result)
        return result

    @staticmethod
    def identity(item) -> object:
        """Which article (not what it shows): its source file, else its URL."""
        if isinstance(item, Content):
            return getattr(item, "source_path", None) or item.url
        return describe(item, 1)

    def value(self, value, depth: int = 0):
        """Like fingerprint.describe, with articles as cards and pages/paginators in short."""
        if isinstance(value, Content):
            return ("card", self.card(value))
        if isinstance(value, Page):
            return (
                "page",
                value.number,
                value.name,
                value.base_url,
                [self.value(item, depth + 1) for item in value.object_list],
                self.value(value.paginator, depth + 1),
            )
        if isinstance(value, Paginator):
            # Which articles are on which page (for page numbers and links); what a page shows
            # is described through that page's own object_list. Once per paginator.
            cached = self._paginators.get(id(value))
            if cached is None or cached[0] is not value:
                items = digest([self.identity(item) for item in value.object_list])
                described = ("paginator", value.name, value.url, value.per_page, value.orphans)
                cached = (value, described + (items,))
                self._paginators[id(value)] = cached
            return cached[1]
        if inspect.ismethod(value):
            return ("method", value.__func__.__qualname__, self.value(value.__self__, depth + 1))
        if isinstance(value, list | tuple) and depth < 4:
            if len(value) >= _LONG_LIST:
                cached = self._lists.get(id(value))
                if cached is not None and cached[0] is value:
                    return cached[1]
                result = digest([self.value(item, depth + 1) for item in value])
                self._lists[id(value)] = (value, result)
                return result
            return [self.value(item, depth + 1) for item in value]
        if isinstance(value, dict) and depth < 4:
            return [(str(k), self.value(v, depth + 1)) for k, v in sorted(value.items(), key=str)]
        return describe(value, 1)

    @staticmethod
    def shape(paginator: Paginator) -> tuple:
        """What links to a listing's pages depend on: its address, page size and page count."""
        return (
            "paginator-shape",
            paginator.name,
            paginator.url,
            paginator.per_page,
            paginator.orphans,
            paginator.num_pages,
        )

    def _links_only(self, template) -> set[str]:
        found = self._page_links.get(template.name)
        if found is None:
            env, name = template.environment, template.name
            found = self._page_links[name] = FACTS.get(
                "page_links", name, lambda: page_links_only(env, name)
            )
        return found

    def _viewed(self, template, context: dict, variables: dict) -> set[str]:
        """Global names whose value, or a value read from it, has a `page_view` (once per
        template: globals do not change while pages are written)."""
        found = self._views.get(template.name)
        if found is None:
            found = set()
            for name, attributes in variables.items():
                value = context.get(name)
                reads = [value] if attributes is None else [_read(value, a) for a in attributes]
                if any(_has_page_view(read) for read in reads):
                    found.add(name)
            self._views[template.name] = found
        return found

    # -- pages -------------------------------------------------------------------------------

    def page(self, template, context: dict, localcontext: dict, per_write: set[str]) -> str:
        """The fingerprint of one listing page write."""
        self._read_attributes(template.environment)
        variables = self.article_pages.variables(template)
        local = per_write | self.PER_PAGE
        measured = self._measured.get(template.name)
        if measured is None:
            env, name = template.environment, template.name
            measured = FACTS.get("length_only", name, lambda: length_only_names(env, name))
            self._measured[template.name] = measured
        viewed = self._viewed(template, context, variables)
        values = []
        for name, attributes in sorted(variables.items()):
            if name not in local and name not in viewed:
                continue
            value = localcontext.get(name)
            if name in measured:
                values.append((name, ("length", _length(value))))
            elif attributes is None:
                values.append((name, self.value(_page_view(value, localcontext))))
            else:
                links_only = name in self._links_only(template) and isinstance(value, Paginator)
                read = [
                    (
                        a,
                        self.shape(value)
                        if links_only and a == "page"
                        else self.value(_page_view(_read(value, a), localcontext)),
                    )
                    for a in sorted(attributes)
                ]
                values.append((name, name in localcontext, read))
        globals_digest = self.article_pages.globals_digest(
            template, context, exclude=local | viewed
        )
        return digest((localcontext.get("output_file"), template.name, globals_digest, values))


class KeepFile(str):
    """What a skipped page's template returns: leave the file on disk exactly as it is."""

    __slots__ = ()


class FingerprintedTemplate:
    """Stands in for a Jinja template in one listing write: renders only changed pages.

    When a page's fingerprint equals the one recorded by the last build and its file exists,
    `render` does not render: it returns `KeepFile()`, which the writer's file takes as "leave
    the file as it is" (or, when the writer writes every file, the file's current text).
    """

    def __init__(
        self,
        template,
        writer,
        context: dict,
        per_write: set[str],
        share: tuple[int, int, int] | None = None,
    ) -> None:
        self._template = template
        self._writer = writer
        self._context = context
        self._per_write = per_write
        # (turn of the write, this process's rank, processes): page n of a listing shared out
        # page by page belongs to process (turn + n) % processes.
        self._share = share

    def _not_mine(self, localcontext: dict) -> bool:
        if self._share is None:
            return False
        page = localcontext.get("articles_page") or localcontext.get("dates_page")
        number = getattr(page, "number", 1)
        turn, rank, workers = self._share
        return (turn + number) % workers != rank

    def __getattr__(self, name):
        return getattr(self._template, name)

    def render(self, localcontext: dict) -> str:
        if self._not_mine(localcontext):
            return KeepFile()  # another process renders (or keeps) this page
        writer = self._writer
        name = localcontext["output_file"]
        fingerprint = writer.listings.page(
            self._template, self._context, localcontext, self._per_write
        )
        writer.manifest.current[name] = fingerprint
        if writer.manifest.previous.get(name) == fingerprint:
            path = Path(writer.output_path, name)
            if writer.options.get("write_only_changed"):
                if path.is_file():  # the writer leaves the file as it is, without reading it
                    writer.skipped += 1
                    return KeepFile()
            else:
                try:
                    text = path.read_text(encoding="utf-8")
                except (OSError, UnicodeDecodeError):
                    text = None
                if text is not None:
                    writer.skipped += 1
                    return text
        writer.rendered += 1
        return self._template.render(localcontext)
