"""fast_build.urls: URL settings formatted field by field give Pelican's own answers."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from pelican.contents import Article, Content, Page
from pelican.settings import DEFAULT_CONFIG
from pelican.urlwrappers import Author, Category
from pelican.utils import SafeDatetime

from plugins.fast_build import urls

FORMATS = [
    "{date:%Y}/{date:%m}/{slug}/",
    "{date:%Y}/{date:%m}/{slug}/index.html",
    "{category}/{slug}.html",
    "{author}/{date:%Y-%m-%d}-{slug}-{lang}.html",
    "{path}",
    "bai/{portal}/{slug}/",  # a metadata field
    "{date.year}/{date.month:02d}/{slug!r}/",  # attribute, conversion
    "{missing}/{slug}/",  # KeyError, as Pelican gives
    "{}/{slug}/",  # positional: Pelican's path (IndexError)
    "{0}/",
    "{date:{fmt}}/{slug}/",  # nested spec: Pelican's path (KeyError: fmt)
    "{date:%Y}/{date:%m}/{date:%d}/{slug}/",  # year, month and day without strftime
    "{date:%Y%m%d}-{slug}",  # any other directive: strftime
    "{date:%b}/{slug}/",  # locale-dependent: strftime
    "{date!s}/{date}/{slug}/",
    "{slug",  # malformed: Pelican's ValueError
    "static/",
]


def make(kind: type[Content], fmt: str, tmp_path: Path, **metadata) -> Content:
    settings = dict(DEFAULT_CONFIG, PATH=str(tmp_path))
    settings.update(ARTICLE_URL=fmt, PAGE_URL=fmt, DRAFT_URL=fmt)
    meta = {
        "title": "Bài viết",
        "date": dt.datetime(2025, 5, 28, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=7))),
        "category": Category("Kinh tế - Xã hội", settings),
        "author": Author("Ban Biên tập", settings),
        "portal": "dongthap",
        **metadata,
    }
    return kind(
        "<p>x</p>",
        metadata=meta,
        settings=settings,
        source_path=str(tmp_path / "2025" / "bai-viet.md"),
    )


def outcome(content: Content) -> tuple[str, object]:
    try:
        return "ok", content._expand_settings("url")
    except Exception as error:  # noqa: BLE001 - the error itself is compared
        return type(error).__name__, str(error)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("kind", [Article, Page])
@pytest.mark.parametrize(
    "extra",
    [
        {},
        {"slug": "bai-viet-x", "lang": "vi"},
        {"path": "a/b.md"},
        {"date": SafeDatetime(2024, 1, 1, 7, 5)},  # what Pelican's reader gives; padding
        {"date": SafeDatetime(999, 12, 31)},  # a year of three digits
    ],
)
def test_field_by_field_formatting_equals_pelican(fmt, kind, extra, tmp_path: Path) -> None:
    content = make(kind, fmt, tmp_path, **extra)
    try:
        urls.install_formatting(False)
        expected = outcome(content)
        urls.install_formatting(True)
        assert outcome(content) == expected
    finally:
        urls.install_formatting(False)


def test_a_class_with_its_own_url_format_keeps_it(tmp_path: Path) -> None:
    class Special(Article):
        @property
        def url_format(self):
            return {**super().url_format, "slug": "rieng"}

    content = make(Special, "{slug}/", tmp_path)
    try:
        urls.install_formatting(True)
        assert content._expand_settings("url") == "rieng/"
    finally:
        urls.install_formatting(False)


def test_only_the_fields_a_setting_names_are_read() -> None:
    assert urls.url_fields("{date:%Y}/{date:%m}/{slug}/") == {"date", "slug"}
    assert urls.url_fields("{date.year}/{a[0]}") == {"date", "a"}
    assert urls.url_fields("{}/x") is None and urls.url_fields("{d:{f}}") is None


@pytest.mark.parametrize(
    "source",
    [
        "{content}/2025/05/bai-viet.md",
        "{content}/bai-viet.md",
        "{content}/a/../bai-viet.md",  # not normalised: Pelican's code
        "{content}//2025/bai-viet.md",
        "{content}-khac/bai-viet.md",  # a sibling folder sharing the prefix
        "{content}/../ngoai/bai-viet.md",  # outside the content folder
        "2025/bai-viet.md",  # relative
        "{content}",
    ],
)
@pytest.mark.parametrize("content_setting", ["{tmp}/noi dung", "{tmp}/noi dung/", "."])
def test_relative_source_path_equals_pelican(source, content_setting, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = content_setting.format(tmp=tmp_path)
    content = os.path.abspath(folder)
    settings = dict(DEFAULT_CONFIG, PATH=folder)
    path = source.format(content=content)
    page = Page("<p>x</p>", metadata={"title": "x"}, settings=settings, source_path=path)
    expected = urls._original_relative_source_path(page, path)
    urls.thaw()
    assert urls._get_relative_source_path(page, path) == expected


def test_urls_worked_out_ahead_are_those_asked_for_later(tmp_path: Path) -> None:
    """remember_urls keeps each object's url and save_as (a fork then inherits them); an object
    whose setting is wrong raises nothing there, and Pelican's error when it is asked for."""
    good = make(Article, "{date:%Y}/{date:%m}/{slug}/", tmp_path, slug="tot")
    bad = make(Article, "{missing}/{slug}/", tmp_path, slug="hong")
    expected = good.url, good.save_as
    urls.install()  # what registering the plugin does (unfrozen, Pelican's own answers)
    try:
        urls.install_formatting(True)
        urls.freeze()
        urls.remember_urls([good, bad])
        assert good.__dict__["_fast_build_urls"] == {"url": expected[0], "save_as": expected[1]}
        assert "_fast_build_urls" not in bad.__dict__ or not bad.__dict__["_fast_build_urls"]
        with pytest.raises(KeyError, match="missing"):
            bad.url  # noqa: B018
    finally:
        urls.thaw()
        urls.install_formatting(False)
