"""Pelican wiring: compute every article's clean listing, write the missing-titles report."""

from __future__ import annotations

import gc
import html
import logging
import os
import time
from itertools import chain

from pelican import signals

from .linking import (
    ArchivedArticle,
    ArchiveIndex,
    forget_parsed_lines,
    prepare_listing,
    select_for_display,
)
from .report import build_missing_report, report_json, write_atomically
from .settings import resolve_settings

logger = logging.getLogger(__name__)


def _archived(article, content_prefix: str) -> ArchivedArticle:
    source = getattr(article, "source_path", "") or ""
    if source.startswith(content_prefix):  # relative to the content folder, as editors see it
        source = source[len(content_prefix) :]
    source = source.replace(os.sep, "/")
    url = article.metadata.get("source")
    title = article.title
    if "&" in title:  # the scraper writes `&amp;` in Title; the report shows plain text
        title = html.unescape(title)
    return ArchivedArticle(
        title=title,
        url=article.url,
        date=getattr(article, "date", None),
        source_url=url if isinstance(url, str) and url else None,
        source_path=source,
    )


def attach_listings(generator) -> None:
    """`article_generator_finalized`: set `article.other_news_items` on every article."""
    # This allocates many small objects while the whole site is in memory: the cyclic garbage
    # collector would walk every article again and again, for nothing (nothing here is cyclic).
    collecting = gc.isenabled()
    gc.disable()
    try:
        _attach_listings(generator)
    finally:
        forget_parsed_lines()
        if collecting:
            gc.enable()


def _attach_listings(generator) -> None:
    started, cpu_started = time.perf_counter(), time.process_time()
    settings = resolve_settings(generator.settings.get("OTHER_NEWS"))
    content_prefix = os.path.join(os.path.abspath(generator.settings.get("PATH", "")), "")
    published = list(
        chain(
            generator.articles,
            generator.translations,
            getattr(generator, "hidden_articles", []),
            getattr(generator, "hidden_translations", []),
        )
    )
    drafts = list(
        chain(getattr(generator, "drafts", []), getattr(generator, "drafts_translations", []))
    )
    archived = {id(article): _archived(article, content_prefix) for article in published + drafts}
    index = ArchiveIndex(archived[id(article)] for article in published)
    listings = []
    published_ids = {id(article) for article in published}
    for article in chain(published, drafts):
        article.other_news_items = []
        value = article.metadata.get("other_news")
        if not value:
            continue
        me = archived[id(article)]
        try:
            linked = prepare_listing(
                value,
                source=me.source_path or "<unknown>",
                self_title=me.title,
                self_url=me.source_url,
                self_page=me.url,
                index=index,
                settings=settings,
            )
        except Exception:  # a bug must not cost the whole build; it is reported with the file
            logger.exception(
                "other_news: %s: could not process Other_news; the article is shown without it",
                me.source_path,
            )
            continue
        article.other_news_items = select_for_display(linked, settings)
        if id(article) in published_ids:
            listings.append((me, linked))
    generator.other_news_settings = settings
    generator.other_news_report = build_missing_report(listings)
    generator.other_news_seconds = (
        time.perf_counter() - started,
        time.process_time() - cpu_started,
    )


# output folder -> (report, settings, seconds so far); handed from the generator to `finalized`.
_PENDING: dict[str, tuple[dict, dict, list[float]]] = {}


def write_report_page(generator, writer) -> None:
    """`article_writer_finalized`: the editors' page, through Pelican's writer (which may share
    pages out over processes: fast_build renders each page in exactly one of them)."""
    report = getattr(generator, "other_news_report", None)
    settings = getattr(generator, "other_news_settings", None)
    if report is None or settings is None:
        return
    started, cpu_started = time.perf_counter(), time.process_time()
    if settings["report_page"]:
        page = settings["report_page"]
        writer.write_file(
            page,
            generator.get_template(settings["report_template"]),
            generator.context,
            relative_urls=generator.settings.get("RELATIVE_URLS", False),
            url=page.removesuffix("index.html"),
            other_news_report=report,
            other_news_report_json=settings["report_path"],
        )
    wall, cpu = generator.other_news_seconds
    _PENDING[os.path.abspath(generator.output_path)] = (
        report,
        settings,
        [wall + time.perf_counter() - started, cpu + time.process_time() - cpu_started],
    )


def write_report_json(pelican) -> None:
    """`finalized` (one process, after every page is written): the JSON report and the count."""
    pending = _PENDING.pop(os.path.abspath(pelican.output_path), None)
    if pending is None:
        return
    report, settings, seconds = pending
    started, cpu_started = time.perf_counter(), time.process_time()
    written = []
    if settings["report_path"]:
        path = os.path.join(pelican.output_path, settings["report_path"])
        write_atomically(path, report_json(report))
        written.append(settings["report_path"])
    if settings["report_page"]:
        written.append(settings["report_page"])
    logger.info(
        "other_news: %d listed title(s) are not in the archive (%d mention(s)); report: %s; "
        "plugin time %.0f ms (CPU %.0f ms)",
        report["count"],
        report["mentions"],
        ", ".join(written) or "not written (report_path and report_page are None)",
        (seconds[0] + time.perf_counter() - started) * 1000,
        (seconds[1] + time.process_time() - cpu_started) * 1000,
    )


def register() -> None:
    signals.article_generator_finalized.connect(attach_listings)
    signals.article_writer_finalized.connect(write_report_page)
    signals.finalized.connect(write_report_json)
