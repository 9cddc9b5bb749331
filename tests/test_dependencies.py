"""Dependencies are pinned: every direct pin in pyproject.toml is in requirements.lock, which
`make` installs as it is (the whole resolved set, `pip install --no-deps`, then `pip check`)."""

from __future__ import annotations

import re
import tomllib

from tests.support.paths import PROJECT_ROOT

_PIN = re.compile(r"^([A-Za-z0-9_.-]+)(?:\[[^\]]*\])?==([^\s;]+)$")


def _name(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def lock_pins() -> dict[str, str]:
    pins: dict[str, str] = {}
    for line in (PROJECT_ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        match = _PIN.match(line)
        assert match, f"requirements.lock: {line!r} is not an exact pin (name==version)"
        name = _name(match.group(1))
        assert name not in pins, f"requirements.lock pins {name} twice"
        pins[name] = match.group(2)
    return pins


def project_pins() -> dict[str, str]:
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    wanted = list(project["project"]["dependencies"])
    for extra in project["project"].get("optional-dependencies", {}).values():
        wanted.extend(extra)
    pins = {}
    for requirement in wanted:
        match = _PIN.match(requirement.strip())
        assert match, f"pyproject.toml: {requirement!r} is not pinned with =="
        pins[_name(match.group(1))] = match.group(2)
    return pins


def test_every_direct_pin_is_in_the_lock_with_the_same_version() -> None:
    lock = lock_pins()
    wrong = {
        name: (version, lock.get(name))
        for name, version in project_pins().items()
        if lock.get(name) != version
    }
    assert wrong == {}, f"pyproject.toml and requirements.lock disagree (run `make lock`): {wrong}"


def test_the_lock_holds_what_lxml_html_cleaning_needs() -> None:
    """lxml 5.2+ moved lxml.html.clean into lxml_html_clean; jusText (through trafilatura)
    imports it, and the lock installs with --no-deps, so it must be pinned there itself."""
    assert "lxml-html-clean" in lock_pins()
