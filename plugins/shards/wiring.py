"""Pelican wiring for both modes (see README.md). Off by default: nothing is connected to.

Shard mode (`SHARDS = {"mode": "shard", "key": K, "dir": D}`): the article generator reads only
the files listed in `D/K/files.json`; article pages, pages and the search index part are
written as usual, the site-wide listings and feeds are not (the merge writes them); once
everything is read, `D/K/summary.json` gets one entry per article (summary.py).

Merge mode (`{"mode": "merge", "dir": D}`): articles come from the summaries of the shards in
`D/plan.json` (standins.py), so every plugin and listing sees the whole site; the article pages
are copied from the shards' outputs, their site-wide parts put in (tail.py); the search index
is built from the shards' analyses (search.py); files of the last merge that this one did not
write are removed.
"""

from __future__ import annotations

import json
import logging
import os
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from pelican import signals
from pelican.generators import ArticlesGenerator
from pelican.utils import get_relative_path

from . import search, standins
from .loaded import loaded_modules
from .settings import resolve_settings
from .summary import (
    SUMMARY_VERSION,
    feed_candidates,
    raw_meta,
    summary_entry,
    tail_digest,
    tail_from_json,
    tail_to_json,
    tail_values,
)
from .tail import page_suffix, patch_page, replace_tail, tail_template

logger = logging.getLogger(__name__)

_STATE: dict[str, Any] = {"settings": None}
SHARD_SKIPS = (  # what a shard does not write: the merge writes it for the whole site
    "generate_feeds",
    "generate_period_archives",
    "generate_direct_templates",
    "generate_tags",
    "generate_categories",
    "generate_authors",
)
FEEDS_BY_LISTING = {  # a listing whose articles a feed can show, by the settings of its feeds
    "categories": ("CATEGORY_FEED_ATOM", "CATEGORY_FEED_RSS"),
    "tags": ("TAG_FEED_ATOM", "TAG_FEED_RSS"),
    "authors": ("AUTHOR_FEED_ATOM", "AUTHOR_FEED_RSS"),
}
MERGE_SKIPS = ("generate_articles", "generate_drafts")  # copied from the shards instead


def _skip(*_args, **_kwargs) -> None:
    return None


def _settings() -> dict[str, Any]:
    return _STATE["settings"] or resolve_settings(None)


def _dir(pelican_settings: dict) -> Path:
    folder = Path(_settings()["dir"])
    if not folder.is_absolute():
        folder = Path(pelican_settings.get("PATH", ".")).parent / folder
    return folder


def configure(pelican) -> None:
    settings = resolve_settings(pelican.settings.get("SHARDS"))
    _STATE.clear()
    _STATE["settings"] = settings
    standins.activate(None)
    portal_pages = pelican.settings.get("PORTAL_PAGES") or {}
    if settings["mode"] in ("shard", "merge") and portal_pages.get("category_pages") == "shared":
        raise standins.MergeError(
            'PORTAL_PAGES["category_pages"] = "shared" makes an article page depend on the other '
            'portals\' categories, which a shard build does not see: set it to "all" (the '
            'default) or "none" for shard builds'
        )
    if settings["mode"] == "shard":
        folder = _dir(pelican.settings) / settings["key"]
        files_list = folder / "files.json"
        try:
            files = json.loads(files_list.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise standins.MergeError(
                f"{files_list}: the shard's file list is unreadable ({error}); run "
                "`python -m tools.shards plan` (make shards does) first"
            ) from error
        _STATE["files"] = {os.path.normpath(name) for name in files}
        _STATE["folder"] = folder
    elif settings["mode"] == "merge":
        folder = _dir(pelican.settings)
        plan_path = folder / "plan.json"
        try:
            plan = json.loads(plan_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise standins.MergeError(
                f"{plan_path}: no readable shard plan ({error}); run make shards first"
            ) from error
        started = time.perf_counter()
        summaries = standins.load_summaries(
            pelican.settings["PATH"], pelican.settings.get("PAGE_PATHS", []), folder, plan
        )
        standins.activate(summaries)
        _STATE.update(folder=folder, plan=plan, written=set(), started=started)
        search.install(summaries, folder, plan)
        _use_exported_topics(summaries)
        logger.info(
            "shards: merging %d shards, %d articles (summaries read in %.2f s)",
            len(plan["shards"]),
            len(summaries.entries),
            time.perf_counter() - started,
        )


def _use_exported_topics(summaries: standins.Summaries) -> None:
    """archive_indexes gives a summarised article the topics its shard gave it (matching them
    needs the body, which the merge does not read)."""
    for archive_wiring in loaded_modules("archive_indexes", "wiring"):
        original = getattr(
            archive_wiring._article_topics, "__wrapped__", archive_wiring._article_topics
        )

        def article_topics(article, state, memo, original=original):
            entry = summaries.get(getattr(article, "source_path", ""))
            if entry is None:
                return original(article, state, memo)
            return list(entry.get("topics", ()))

        article_topics.__wrapped__ = original
        archive_wiring._article_topics = article_topics


def use_standin_reader(readers) -> None:
    if _settings()["mode"] != "merge":
        return
    for extension in standins.MarkdownReader.file_extensions:
        if extension in readers.reader_classes:
            readers.reader_classes[extension] = standins.MarkdownReader


def give_static_links(content) -> None:
    """A summarised article's `{static}` links are the ones its shard found in its body."""
    summaries = standins.active()
    if summaries is None:
        return
    entry = summaries.get(getattr(content, "source_path", ""))
    if entry is not None:
        links = set(entry.get("static_links", ()))
        content.get_static_links = lambda: set(links)


def restrict_files(generator) -> None:
    """Shard mode (`generator_init`, before any plugin asks the article generator for its files,
    e.g. fast_build's conversion pool): only the shard's own article files."""
    if _settings()["mode"] != "shard" or not isinstance(generator, ArticlesGenerator):
        return
    files: set[str] = _STATE["files"]
    original = generator.get_files

    def shard_files(paths, exclude=None, extensions=None):
        found = original(paths, exclude=exclude, extensions=extensions)
        return {name for name in found if os.path.normpath(name) in files}

    generator.get_files = shard_files


def adapt_generator(generator) -> None:
    mode = _settings()["mode"]
    if mode == "shard":
        for name in SHARD_SKIPS:
            setattr(generator, name, _skip)
    elif mode == "merge":
        for name in MERGE_SKIPS:
            setattr(generator, name, _skip)


def _all_articles(generator) -> list:
    return [
        *generator.translations,
        *generator.articles,
        *getattr(generator, "hidden_translations", []),
        *getattr(generator, "hidden_articles", []),
        *getattr(generator, "drafts", []),
        *getattr(generator, "drafts_translations", []),
    ]


def export_summary(generators) -> None:
    """Shard mode, once everything is read: the shard's summary.json. Merge mode: the search
    index starts building in a fork, beside the rendering."""
    if _settings()["mode"] == "merge" and generators:
        search.start_background(generators[0].settings)
        return
    if _settings()["mode"] != "shard":
        return
    generator = next((g for g in generators if isinstance(g, ArticlesGenerator)), None)
    if generator is None:
        return
    settings = generator.settings
    limit = settings.get("FEED_MAX_ITEMS")
    groups = [generator.articles, generator.translations]
    for listing, feeds in FEEDS_BY_LISTING.items():
        if not any(settings.get(name) for name in feeds):
            continue  # no feed of this kind: its lists need no body
        value = getattr(generator, listing, None) or []
        pairs = value.items() if isinstance(value, dict) else value
        groups.extend(list(articles) for _, articles in pairs)
    with_content = feed_candidates(groups, limit)
    formatted = {name.lower() for name in settings.get("FORMATTED_FIELDS", [])}
    content = os.path.join(os.path.abspath(settings["PATH"]), "")
    entries = []
    for article in _all_articles(generator):
        source = article.source_path
        with open(source, encoding="utf-8-sig") as handle:
            meta = raw_meta(handle.read())
        entries.append(
            summary_entry(
                article,
                path=source[len(content) :] if source.startswith(content) else source,
                meta=meta,
                formatted_fields=formatted,
                with_content=id(article) in with_content,
            )
        )
    entries.sort(key=lambda entry: entry["path"])
    folder: Path = _STATE["folder"]
    data = {
        "version": SUMMARY_VERSION,
        "key": _settings()["key"],
        "hash": os.environ.get("ARCHIVE_SHARD_HASH", ""),
        "search_settings": search.settings_key(settings),
        "articles": entries,
    }
    search.write_json(folder / "summary.json", data)
    logger.info("shards: summary of %d articles written to %s", len(entries), folder)


# ---------------------------------------------------------------------------------------------
# merge: the article pages


def _namespace(values) -> SimpleNamespace:
    older, newer, items = values

    def neighbour(value):
        return SimpleNamespace(url=value[0], title=value[1]) if value else None

    return SimpleNamespace(
        older_article=neighbour(older),
        newer_article=neighbour(newer),
        other_news_items=[
            SimpleNamespace(kind=k, href=h, title=t, date_iso=d, date_text=x)
            for k, h, t, d, x in items
        ],
    )


def copy_article_pages(generator, writer) -> None:
    """Merge mode: every article page from its shard's output, with the site-wide neighbours
    and other-news links put in where they differ from the shard's own."""
    summaries = standins.active()
    if summaries is None or not isinstance(generator, ArticlesGenerator):
        return
    started = time.perf_counter()
    output = Path(generator.output_path)
    folder: Path = _STATE["folder"]
    previous = search.read_state(folder, output).get("pages", {})
    pages: dict[str, list] = {}
    tails: dict[str, Any] = {}
    suffixes: dict[tuple[str, str], str | None] = {}
    base_context = dict(generator.context)
    relative = generator.settings.get("RELATIVE_URLS", False)
    copied = patched = 0
    for article in _all_articles(generator):
        entry = summaries.get(article.source_path)
        if entry is None:
            continue
        save_as = article.save_as
        if not save_as:
            continue
        if save_as != entry["save_as"]:
            raise standins.MergeError(
                f"{entry['path']}: the shard wrote it as {entry['save_as']}, the site puts it "
                f"at {save_as}; rebuild the shards (make shards) and merge again"
            )
        shard = summaries.shard_of[article.source_path]
        site_tail = tail_values(article)
        site_digest = tail_digest(tail_to_json(site_tail))
        record = [summaries.hashes[shard], site_digest]
        pages[save_as] = record
        target = output / save_as
        if previous.get(save_as) == record and target.exists():
            continue
        source = folder / shard / "output" / save_as
        try:
            data = source.read_bytes()
        except OSError as error:
            raise standins.MergeError(
                f"{source}: the shard's page is missing ({error}); rebuild the shard "
                f"(make shard PORTAL={shard}) and merge again"
            ) from error
        if entry["tail"] != site_digest:
            name = article.template
            if name not in tails:
                template = generator.get_template(name)
                source_text = generator.env.loader.get_source(generator.env, template.name)[0]
                tails[name] = generator.env.from_string(
                    tail_template(source_text, name=template.name)
                )
            siteurl = get_relative_path(save_as) if relative else base_context.get("SITEURL", "")
            context = {**base_context, "output_file": save_as, "SITEURL": siteurl}
            new = tails[name].render({**context, "article": _namespace(site_tail)})
            page = data.decode("utf-8")
            # The rest of the page after the tail is the same for every page of the same
            # template and depth: learnt once (by rendering the shard's own tail), it finds the
            # tail of the next pages without rendering theirs.
            suffix = suffixes.get((name, siteurl))
            text = replace_tail(page, suffix, new) if suffix is not None else None
            if text is None:
                shard_tail = tail_from_json(summaries.shard_tail(folder, article.source_path))
                old = tails[name].render({**context, "article": _namespace(shard_tail)})
                text = patch_page(page, old, new, where=str(source))
                suffixes[(name, siteurl)] = page_suffix(page, old)
            data = text.encode("utf-8")
            patched += 1
        search.write_if_changed(target, data)
        copied += 1
    _STATE["pages"] = pages
    logger.info(
        "shards: %d article pages (%d copied, %d with site-wide links put in, %d unchanged) "
        "in %.2f s",
        len(pages),
        copied,
        patched,
        len(pages) - copied,
        time.perf_counter() - started,
    )


def note_written(path, *args, **kwargs) -> None:
    if _settings()["mode"] == "merge" and "written" in _STATE:
        _STATE["written"].add(os.path.abspath(path))


def finish_merge(pelican) -> None:
    """Merge mode: fail on articles in no shard; remove what the last merge wrote and this one
    did not; record what this one wrote."""
    summaries = standins.active()
    if summaries is None or _settings()["mode"] != "merge":
        return
    if summaries.missing:
        shown = ", ".join(sorted(summaries.missing)[:10])
        raise standins.MergeError(
            f"{len(summaries.missing)} article(s) are in no shard ({shown}); run make shards "
            "(the plan is made from content/), then merge again"
        )
    output = Path(pelican.output_path)
    folder: Path = _STATE["folder"]
    pages: dict = _STATE.get("pages", {})
    written = sorted(
        os.path.relpath(path, output)
        for path in _STATE["written"]
        if path.startswith(os.path.join(str(output.resolve()), ""))
        or path.startswith(os.path.join(str(output), ""))
    )
    previous = search.read_state(folder, output)
    stale = (set(previous.get("pages", {})) | set(previous.get("written", []))) - (
        set(pages) | set(written)
    )
    for name in sorted(stale):
        target = output / name
        if target.is_file():
            target.unlink()
            _remove_empty_parents(target.parent, output)
    search.write_json(
        folder / "merge-state.json",
        {"pages": pages, "written": written, "output": str(output)},
    )
    logger.info(
        "shards: merge done, %d stale file(s) removed, %.2f s since the summaries were read",
        len(stale),
        time.perf_counter() - _STATE["started"],
    )
    standins.activate(None)


def _remove_empty_parents(folder: Path, root: Path) -> None:
    while folder != root and folder.is_dir() and root in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


def register() -> None:
    signals.initialized.connect(configure)
    signals.readers_init.connect(use_standin_reader)
    signals.content_object_init.connect(give_static_links)
    signals.generator_init.connect(restrict_files)
    signals.article_generator_init.connect(adapt_generator)
    signals.all_generators_finalized.connect(export_summary)
    signals.article_writer_finalized.connect(copy_article_pages)
    signals.content_written.connect(note_written)
    signals.feed_written.connect(note_written)
    signals.finalized.connect(finish_merge)
