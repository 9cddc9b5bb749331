"""Template analyses kept between builds (plugins/fast_build/template_facts)."""

from __future__ import annotations

import logging
from pathlib import Path

import jinja2

from plugins.fast_build.fingerprint import template_variables
from plugins.fast_build.template_facts import TemplateFacts, facts_key

TEMPLATES = {
    "base.html": "<title>{{ SITENAME }}</title>{% block content %}{% endblock %}",
    "index.html": "{% extends 'base.html' %}{% block content %}{{ articles|length }}{% endblock %}",
}


def env_of(templates: dict[str, str]) -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.DictLoader(templates))


def analyse(facts: TemplateFacts, env: jinja2.Environment, calls: list[str]) -> dict:
    def compute() -> dict:
        calls.append("index.html")
        return template_variables(env, "index.html")

    return facts.get("variables", "index.html", compute)


def test_a_later_build_reads_the_answers_instead_of_working_them_out(tmp_path: Path):
    env, calls = env_of(TEMPLATES), []
    first = TemplateFacts()
    first.open(env, tmp_path)
    answer = analyse(first, env, calls)
    assert answer == {"SITENAME": None, "articles": None}
    first.save(rank=0)

    later = TemplateFacts()
    later.open(env_of(TEMPLATES), tmp_path)
    assert analyse(later, env, calls) == answer
    assert calls == ["index.html"]  # worked out once, by the first build
    later.save(rank=0)  # nothing new: nothing written
    assert len(list(tmp_path.glob("facts-*.marshal"))) == 1


def test_an_edited_template_is_analysed_again_and_old_answers_are_dropped(tmp_path: Path):
    calls: list[str] = []
    first = TemplateFacts()
    first.open(env_of(TEMPLATES), tmp_path)
    analyse(first, env_of(TEMPLATES), calls)
    first.save(rank=0)

    edited = dict(TEMPLATES, **{"base.html": "{{ SITEURL }}{% block content %}{% endblock %}"})
    env = env_of(edited)
    assert facts_key(env) != facts_key(env_of(TEMPLATES))
    later = TemplateFacts()
    later.open(env, tmp_path)
    assert analyse(later, env, calls) == {"SITEURL": None, "articles": None}
    assert calls == ["index.html", "index.html"]
    later.save(rank=0)
    assert [p.name for p in tmp_path.glob("facts-*.marshal")] == [
        f"facts-{facts_key(env)}-0.marshal"
    ]


def test_each_process_keeps_its_own_file_and_a_build_reads_them_all(tmp_path: Path):
    env = env_of(TEMPLATES)
    for rank, kind in enumerate(("variables", "length_only")):
        facts = TemplateFacts()
        facts.open(env, tmp_path)
        facts.get(kind, "index.html", lambda kind=kind: {kind})
        facts.save(rank=rank)
    assert len(list(tmp_path.glob("facts-*.marshal"))) == 2
    merged = TemplateFacts()
    merged.open(env, tmp_path)
    assert merged.known == {
        ("variables", "index.html"): {"variables"},
        ("length_only", "index.html"): {"length_only"},
    }


def test_a_damaged_file_is_ignored_with_a_warning(tmp_path: Path, caplog):
    env = env_of(TEMPLATES)
    (tmp_path / f"facts-{facts_key(env)}-0.marshal").write_bytes(b"\x00not marshal")
    facts = TemplateFacts()
    with caplog.at_level(logging.WARNING):
        facts.open(env, tmp_path)
    assert facts.known == {}
    assert "unreadable template analysis" in caplog.text
    assert analyse(facts, env, []) == {"SITENAME": None, "articles": None}


def test_without_a_folder_answers_are_worked_out_and_not_kept(tmp_path: Path):
    env, calls = env_of(TEMPLATES), []
    facts = TemplateFacts()
    facts.open(env, None)
    analyse(facts, env, calls)
    analyse(facts, env, calls)
    facts.save(rank=0)
    assert calls == ["index.html"]
    assert list(tmp_path.iterdir()) == []
