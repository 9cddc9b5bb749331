"""Listing-page fingerprints: stable from run to run and across worker counts."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from jinja2 import DictLoader, Environment

from plugins.fast_build.fingerprint import describe
from plugins.fast_build.listing import length_only_names, theme_attributes
from tests.support.paths import PROJECT_ROOT
from tests.support.site import build_site


def test_theme_attributes_come_from_expressions_and_attribute_arguments() -> None:
    env = Environment(
        loader=DictLoader(
            {
                "a.html": "{{ article.title }}"
                "{% for g in dates|groupby('date.year') %}{% endfor %}",
                "b.html": "{{ page.object_list|map(attribute='locale_date')|list }}",
            }
        )
    )
    found = theme_attributes(env)
    assert {"title", "date", "year", "object_list", "locale_date"} <= set(found)
    assert "content" not in found  # covered by the source file's digest


@pytest.mark.parametrize("method", ["{date}/".format, "x".upper, len])
def test_bound_and_builtin_methods_are_described_without_memory_addresses(method) -> None:
    assert " at 0x" not in repr(describe(method, 1))
    assert describe(method, 1) == describe(method, 1)


def _fingerprints(content: Path, output: Path, cache: Path, workers: int) -> dict[str, str]:
    build_site(content, output, extra={"FAST_BUILD": {"workers": workers, "cache_dir": str(cache)}})
    found: dict[str, str] = {}
    for part in sorted(cache.glob("pages-*.json")):
        found.update(json.loads(part.read_text(encoding="utf-8")))
    return found


def test_page_fingerprints_do_not_depend_on_the_run_or_the_worker_count(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(PROJECT_ROOT / "content", content)
    first = _fingerprints(content, tmp_path / "out", tmp_path / "cache", 2)
    assert any(name.startswith("luu-tru/") for name in first)  # listing pages are fingerprinted
    again = _fingerprints(content, tmp_path / "out", tmp_path / "cache", 2)
    single = _fingerprints(content, tmp_path / "out", tmp_path / "cache", 1)
    assert first == again == single


def test_values_only_measured_with_length_are_told_apart_from_values_shown() -> None:
    env = Environment(
        loader=DictLoader(
            {
                "tag.html": "{% extends 'base.html' %}{{ articles|length }}{{ dates|count }}",
                "base.html": "{% for d in dates %}{{ d.title }}{% endfor %}{{ tags|length }}",
            }
        )
    )
    assert length_only_names(env, "tag.html") == {"articles", "tags"}
