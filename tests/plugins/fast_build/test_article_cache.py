"""fast_build.article_cache: articles kept between builds come back exactly as they were read."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
import sys
from pathlib import Path

from pelican.contents import Article
from pelican.settings import DEFAULT_CONFIG
from pelican.urlwrappers import Tag

from bench.corpus import generate_corpus
from plugins.fast_build.article_cache import ArticleCache, code_digest
from tests.support.site import build_site


def settings_for(tmp_path: Path, **changes) -> dict:
    settings = dict(DEFAULT_CONFIG)
    settings.update(PATH=str(tmp_path / "content"), PLUGIN_PATHS=[], **changes)
    return settings


def article(settings: dict, context: dict, index: int = 0) -> Article:
    path = str(Path(settings["PATH"]) / f"bai-{index}.md")
    made = Article(
        f"<p>Nội dung {index}</p>",
        metadata={
            "title": f"Bài {index}",
            "date": dt.datetime(2025, 5, 28, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=7))),
            "tags": [Tag("Đầu tư công", settings)],
        },
        settings=settings,
        source_path=path,
        context=context,
    )
    made.slug = f"bai-{index}"  # what a content_object_init plugin sets
    return made


def test_a_stored_article_comes_back_with_the_running_builds_settings(tmp_path: Path) -> None:
    settings, context = settings_for(tmp_path), {"generated_content": {}}
    original = article(settings, context)
    cache = ArticleCache(tmp_path / "cache", settings, context)
    cache.store(original.source_path, "key-1", original)
    cache.save()

    settings2, context2 = settings_for(tmp_path), {"generated_content": {}}
    again = ArticleCache(tmp_path / "cache", settings2, context2)
    restored = again.load(original.source_path, "key-1")
    assert restored is not None
    assert restored.settings is settings2 and restored._context is context2
    assert restored.tags[0].settings is settings2
    assert restored.title == original.title and restored.slug == "bai-0"
    assert restored.date == original.date and restored.content == original.content
    assert restored.url == original.url
    assert set(vars(restored)) == set(vars(original))


def test_an_entry_is_used_only_for_the_same_file_and_settings(tmp_path: Path) -> None:
    settings, context = settings_for(tmp_path), {}
    original = article(settings, context)
    cache = ArticleCache(tmp_path / "cache", settings, context)
    cache.store(original.source_path, "key-1", original)
    cache.save()

    assert (
        ArticleCache(tmp_path / "cache", settings, context).load(original.source_path, "key-2")
        is None
    )
    changed = settings_for(tmp_path, DEFAULT_DATE_FORMAT="%Y")
    assert (
        ArticleCache(tmp_path / "cache", changed, context).load(original.source_path, "key-1")
        is None
    )


def test_entries_of_files_no_longer_read_are_dropped(tmp_path: Path) -> None:
    settings, context = settings_for(tmp_path), {}
    first, second = article(settings, context, 0), article(settings, context, 1)
    cache = ArticleCache(tmp_path / "cache", settings, context)
    cache.store(first.source_path, "k0", first)
    cache.store(second.source_path, "k1", second)
    cache.save()
    cache = ArticleCache(tmp_path / "cache", settings, context)
    assert cache.load(first.source_path, "k0") is not None  # the second file is gone
    cache.save()
    rows = sqlite3.connect(tmp_path / "cache" / "articles.sqlite").execute(
        "SELECT path FROM articles"
    )
    assert [row[0] for row in rows] == [first.source_path]


def test_a_damaged_cache_file_only_costs_time(tmp_path: Path, caplog) -> None:
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "articles.sqlite").write_bytes(b"not a database" * 100)
    settings, context = settings_for(tmp_path), {}
    cache = ArticleCache(tmp_path / "cache", settings, context)
    original = article(settings, context)
    assert cache.load(original.source_path, "k") is None
    cache.store(original.source_path, "k", original)
    cache.save()
    assert "unreadable" in caplog.text
    assert ArticleCache(tmp_path / "cache", settings, context).load(original.source_path, "k")


def test_code_digest_follows_the_plugins_source(tmp_path: Path) -> None:
    plugins = tmp_path / "plugins" / "mine"
    plugins.mkdir(parents=True)
    (plugins / "__init__.py").write_text("X = 1\n", encoding="utf-8")
    settings = {"PLUGIN_PATHS": [str(tmp_path / "plugins")]}
    before = code_digest(settings)
    assert code_digest(settings) == before
    (plugins / "__init__.py").write_text("X = 2\n", encoding="utf-8")
    assert code_digest(settings) != before


def test_a_warm_build_reuses_every_unchanged_article(tmp_path: Path) -> None:
    content = tmp_path / "content"
    generate_corpus(12, content)
    extra = {
        "FAST_BUILD": {"workers": 1, "cache_dir": str(tmp_path / "cache"), "reuse_articles": True}
    }
    build_site(content, tmp_path / "out", extra=extra, options=("-v",))
    first = sorted(content.rglob("*.md"))[0]
    first.write_text(first.read_text(encoding="utf-8") + "\nĐoạn mới.\n", encoding="utf-8")
    result = build_site(content, tmp_path / "out", extra=extra, options=("-v",))
    assert "11 articles reused from the last build" in result.stdout
    shutil.rmtree(tmp_path / "cache")
    assert (
        "0 articles reused"
        in build_site(content, tmp_path / "o2", extra=extra, options=("-v",)).stdout
    )


def test_storing_an_article_leaves_its_texts_as_they_were(tmp_path: Path) -> None:
    """Pickle keeps a UTF-8 copy inside every non-ASCII str it writes; the cache must not
    (10,000 stored articles would keep a second copy of their text alive in the build)."""
    settings, context = settings_for(tmp_path), {"generated_content": {}}
    original = article(settings, context)
    original._content = "<p>Nội dung " + "dài " * 2000 + "</p>"
    sizes = {name: sys.getsizeof(getattr(original, name)) for name in ("_content", "title")}
    cache = ArticleCache(tmp_path / "cache", settings, context)
    cache.store(original.source_path, "key-1", original)
    cache.save()
    assert {name: sys.getsizeof(getattr(original, name)) for name in sizes} == sizes

    restored = ArticleCache(tmp_path / "cache", settings, context).load(
        original.source_path, "key-1"
    )
    assert restored._content == original._content and restored.title == original.title
    # a text the article holds twice comes back as one object, as it was stored
    assert restored.metadata["title"] is restored.title
