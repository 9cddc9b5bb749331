"""fast_build.bytecode: compiled templates kept between builds never show a stale template."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader

from plugins.fast_build.bytecode import use_bytecode_cache

SOURCE = "{% for x in items %}\n{{ x }}\n{% endfor %}"


def render(templates: Path, cache: Path, jinja_environment: dict) -> str:
    """A new environment per call, as each build makes its own."""
    env = Environment(loader=FileSystemLoader(templates), **jinja_environment)
    use_bytecode_cache(env, str(cache), {"JINJA_ENVIRONMENT": jinja_environment})
    return env.get_template("list.html").render(items=[1, 2])


def test_a_kept_template_renders_as_a_fresh_compile(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "list.html").write_text(SOURCE, encoding="utf-8")
    first = render(templates, tmp_path / "cache", {})
    assert list((tmp_path / "cache").rglob("*.cache"))  # the compiled template was kept
    assert render(templates, tmp_path / "cache", {}) == first == "\n1\n\n2\n"


def test_an_edited_template_is_compiled_again(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "list.html").write_text(SOURCE, encoding="utf-8")
    render(templates, tmp_path / "cache", {})
    (templates / "list.html").write_text("{{ items|join(',') }}", encoding="utf-8")
    assert render(templates, tmp_path / "cache", {}) == "1,2"


def test_changed_syntax_options_do_not_reuse_what_was_compiled_under_others(
    tmp_path: Path,
) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "list.html").write_text(SOURCE, encoding="utf-8")
    assert render(templates, tmp_path / "cache", {}) == "\n1\n\n2\n"
    trimmed = {"trim_blocks": True, "lstrip_blocks": True}
    assert render(templates, tmp_path / "cache", trimmed) == "1\n2\n"
