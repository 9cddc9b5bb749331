"""Pelican wiring for fast_build: cached parallel Markdown, a writer on every core."""

from __future__ import annotations

import logging
from itertools import chain
from pathlib import Path

from pelican import signals
from pelican.generators import StaticGenerator

from . import article_cache, bytecode, heap, membership, metadata, stamps, urls
from .markdown_cache import MarkdownCache
from .reader import content_files, reader_class_for
from .settings import resolve_settings
from .template_facts import FACTS
from .writer import SplitWriter

logger = logging.getLogger(__name__)


def use_cached_reader(readers) -> None:
    options = resolve_settings(readers.settings)
    if not options["enabled"]:
        return
    reader = reader_class_for(options["cache_dir"])
    for extension in reader.file_extensions:
        if extension in readers.reader_classes:
            readers.reader_classes[extension] = reader


def markdown_cache(generator) -> MarkdownCache | None:
    """The MarkdownCache of the generator's Markdown reader, when it is ours."""
    readers = getattr(generator, "readers", None)
    reader = readers.readers.get("md") if readers is not None else None
    return getattr(reader, "cache", None)


def prefill_cache(generator) -> None:
    options = resolve_settings(generator.settings)
    cache = markdown_cache(generator) if options["enabled"] else None
    if cache is not None:
        cache.prefill(content_files(generator), options["workers"], options["min_parallel_files"])


def stop_conversions(generators) -> None:
    """Reading is over: the conversion workers stop before anything else forks; the keys of
    the files read are kept for the next build's prefill."""
    groups: dict[Path, tuple[MarkdownCache, dict]] = {}  # one stat index per cache folder
    for cache in filter(None, map(markdown_cache, generators)):
        cache.finish()
        groups.setdefault(cache.stat_index_path(), (cache, {}))[1].update(cache.read_files)
        cache.read_files = {}
    for cache, read_files in groups.values():
        cache.save_stat_index(read_files)


def reuse_articles(generator) -> None:
    """Give the article generator the articles of the last build whose inputs did not change."""
    options = resolve_settings(generator.settings)
    conversions = markdown_cache(generator)
    if not (options["enabled"] and options["reuse_articles"]) or conversions is None:
        return
    cache = article_cache.ArticleCache(options["cache_dir"], generator.settings, generator.context)

    def key_of(path: str) -> str | None:
        try:
            return conversions.key(Path(path).read_bytes())
        except OSError:
            return None

    article_cache.install(generator, cache, key_of)
    _ARTICLE_CACHES[id(generator)] = cache


_ARTICLE_CACHES: dict[int, article_cache.ArticleCache] = {}


def save_articles(generator) -> None:
    cache = _ARTICLE_CACHES.pop(id(generator), None)
    if cache is not None:
        cache.save()
        logger.info("fast_build: %d articles reused from the last build", cache.hits)


def split_writer(pelican):
    options = resolve_settings(pelican.settings)
    if not options["enabled"]:
        return None
    SplitWriter.options = options
    return SplitWriter


_original_static_output = StaticGenerator.generate_output


def _static_output_after_workers(self, writer):
    """Pelican runs StaticGenerator last: the render workers stop (children) or join here."""
    active = SplitWriter.active
    if active is not None:
        active.finish()
    return _original_static_output(self, writer)


def freeze_urls(generators) -> None:
    if generators and resolve_settings(generators[0].settings)["enabled"]:
        urls.freeze()
        groups = (
            "articles",
            "translations",
            "hidden_articles",
            "hidden_translations",
            "drafts",
            "drafts_translations",
            "pages",
            "hidden_pages",
            "draft_pages",
            "draft_translations",
            "staticfiles",
        )
        urls.remember_urls(
            chain.from_iterable(getattr(g, group, ()) for g in generators for group in groups)
        )


def open_template_facts(generators) -> None:
    """Before the render processes fork: what the templates read, as kept by the last build
    (template_facts.py), so that no process parses and walks them again."""
    if not generators:
        return
    options = resolve_settings(generators[0].settings)
    if options["enabled"] and options["skip_unchanged_pages"]:
        folder = bytecode.cache_folder(options["cache_dir"], generators[0].settings)
        FACTS.open(generators[0].env, Path(folder))
        articles = [a for g in generators for a in getattr(g, "articles", ())]
        SplitWriter.listed = (generators[0].env, articles)  # cards described before forking
    else:
        FACTS.open(generators[0].env, None)


def compact_article_attributes(generator) -> None:
    """Before plugins add their attributes to the articles (see heap.compact_attributes)."""
    if resolve_settings(generator.settings)["enabled"]:
        groups = ("articles", "translations", "hidden_articles", "hidden_translations", "drafts")
        heap.compact_attributes(chain.from_iterable(getattr(generator, g, ()) for g in groups))


def freeze_heap(sender) -> None:
    if resolve_settings(sender.settings)["enabled"]:
        heap.freeze()


def freeze_generators_heap(generators) -> None:
    if generators:
        freeze_heap(generators[0])


def configure_templates(generator) -> None:
    """Templates do not change during a build: Jinja need not stat every template file on each
    use (an archive page includes its card partial a dozen times; 250,000 stats at 10,000
    articles). Each build makes new generators, so `pelican --autoreload` still sees edits.
    Compiled templates are kept between builds (bytecode.py)."""
    options = resolve_settings(generator.settings)
    if options["enabled"]:
        generator.env.auto_reload = False
        bytecode.use_bytecode_cache(generator.env, options["cache_dir"], generator.settings)


def install_speedups(pelican) -> None:
    enabled = resolve_settings(pelican.settings)["enabled"]
    membership.install(enabled)
    metadata.install(enabled)
    urls.install_formatting(enabled)
    stamps.install(enabled)


def index_groups(generator) -> None:
    if resolve_settings(generator.settings)["enabled"]:
        membership.index_groups(generator)


def connect() -> None:
    """Every replacement and signal handler of fast_build. Only `register()` (__init__.py) calls
    it, once the installed versions are the verified ones (verified.py)."""
    urls.install()
    signals.initialized.connect(urls.thaw)
    signals.initialized.connect(install_speedups)
    signals.article_generator_finalized.connect(compact_article_attributes)
    signals.article_generator_finalized.connect(freeze_heap)
    signals.article_generator_finalized.connect(index_groups)
    signals.all_generators_finalized.connect(stop_conversions)
    signals.all_generators_finalized.connect(freeze_generators_heap)
    signals.initialized.connect(heap.unfreeze)
    signals.all_generators_finalized.connect(freeze_urls)
    signals.all_generators_finalized.connect(open_template_facts)
    signals.finalized.connect(urls.thaw)
    signals.readers_init.connect(use_cached_reader)
    signals.article_generator_init.connect(prefill_cache)
    signals.article_generator_init.connect(reuse_articles)
    signals.article_generator_finalized.connect(save_articles)
    signals.get_writer.connect(split_writer)
    signals.generator_init.connect(configure_templates)
    if StaticGenerator.generate_output is _original_static_output:
        StaticGenerator.generate_output = _static_output_after_workers
