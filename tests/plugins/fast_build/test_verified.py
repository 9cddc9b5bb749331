"""fast_build.verified: fast_build runs only on the dependency versions it was verified with."""

from __future__ import annotations

import logging

import pytest

import plugins.fast_build as fast_build
from plugins.fast_build import internals, verified
from tests.support.fast_build_probe import fast_build_receivers
from tests.support.paths import PROJECT_ROOT
from tests.test_dependencies import project_pins

README = PROJECT_ROOT / "plugins" / "fast_build" / "README.md"
UPGRADING = (
    'the section "Upgrading Pelican, Jinja2 or Python-Markdown" of plugins/fast_build/README.md'
)


def fake_versions(monkeypatch, **versions: str | None) -> None:
    """The version lookup fast_build uses finds `versions` (None: not installed)."""
    real = verified.installed_version
    monkeypatch.setattr(
        verified,
        "installed_version",
        lambda package: versions[package] if package in versions else real(package),
    )


def test_verified_versions_are_the_pins_in_pyproject() -> None:
    pins = project_pins()
    for package, version in verified.VERIFIED.items():
        assert pins.get(package) == version, (
            f"pyproject.toml pins {package}=={pins.get(package)} but fast_build was verified with "
            f"{version} (VERIFIED in plugins/fast_build/verified.py). Verify the new version "
            f"before raising its pin, as {UPGRADING} describes; the pin and VERIFIED change "
            "together."
        )


def test_the_installed_versions_are_the_verified_ones() -> None:
    """Otherwise fast_build is off in every build of this environment (and its tests compare
    Pelican with itself)."""
    found = verified.mismatches()
    assert not found, (
        f"{'; '.join(map(str, found))}: install the pinned set (`make`, from requirements.lock)"
    )


def test_a_different_pelican_is_named_with_the_verified_version(monkeypatch, caplog) -> None:
    fake_versions(monkeypatch, pelican="4.13.0")
    with caplog.at_level(logging.WARNING):
        assert verified.check() is False
    assert [record.getMessage() for record in caplog.records] == [
        "fast_build: Pelican 4.13.0 is not the verified 4.12.0; building without it "
        "(same pages, slower; see plugins/fast_build/README.md)"
    ]


def test_every_package_that_differs_is_named_in_one_warning(monkeypatch, caplog) -> None:
    fake_versions(monkeypatch, pelican=None, jinja2="3.2.0", markdown="3.12")
    with caplog.at_level(logging.WARNING):
        assert verified.check() is False
    (record,) = caplog.records
    assert record.levelno == logging.WARNING
    assert record.getMessage().startswith(
        "fast_build: Pelican (not installed) is not the verified 4.12.0, "
        "Jinja2 3.2.0 is not the verified 3.1.6, "
        "Python-Markdown 3.12 is not the verified 3.11.3; building without it"
    )


def test_the_verified_versions_pass_without_a_word(caplog) -> None:
    with caplog.at_level(logging.DEBUG, logger="plugins.fast_build"):
        assert verified.check() is True
    assert caplog.records == []


@pytest.mark.parametrize("package", sorted(verified.VERIFIED))
def test_register_on_an_unverified_version_changes_nothing(monkeypatch, caplog, package) -> None:
    """One warning; no Pelican internal replaced, no signal handler connected."""
    fake_versions(monkeypatch, **{package: "99.0"})
    before = internals.snapshot()
    with caplog.at_level(logging.DEBUG):
        fast_build.register()
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1
    name = verified.DISPLAY_NAMES[package]
    assert f"{name} 99.0 is not the verified {verified.VERIFIED[package]}" in (
        warnings[0].getMessage()
    )
    after = internals.snapshot()
    assert [name for name in before if after[name] is not before[name]] == []
    assert fast_build_receivers("plugins.fast_build") == []


def test_the_readme_lists_every_replaced_internal_with_its_file() -> None:
    text = README.read_text(encoding="utf-8")
    assert "## Upgrading Pelican, Jinja2 or Python-Markdown" in text
    for package, version in verified.VERIFIED.items():
        assert f"{verified.DISPLAY_NAMES[package]} {version}" in " ".join(text.split())
    lines = text.splitlines()
    for internal in internals.PATCHED:
        listed = [line for line in lines if f"`{internal.name}`" in line]
        assert listed, f"README.md does not list {internal.name}"
        assert any(f"`{internal.replaced_in}`" in line for line in listed), (
            f"README.md does not name {internal.replaced_in} next to {internal.name}"
        )


def test_every_replaced_internal_exists_on_the_verified_versions() -> None:
    for internal in internals.PATCHED:
        assert callable(internal.current()), internal.name
