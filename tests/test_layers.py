"""Who may import whom: the site plugins never depend on the crawler, the shared core depends on
neither, and no package's modules import each other in a circle."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.support.paths import PROJECT_ROOT

PACKAGES = ("archive_core", "scraper", "plugins", "tools")
# package -> top-level packages of ours it must not import
FORBIDDEN = {
    "archive_core": {"scraper", "plugins", "tools"},
    "plugins": {"scraper", "tools"},
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PROJECT_ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def import_groups(path: Path) -> list[tuple[str, list[str]]]:
    """What a file imports, as (module, [module.name, ...]) pairs with absolute names: for
    `from m import n` the import is of the submodule `m.n` when there is one, else of `m`."""
    package = module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    groups: list[tuple[str, list[str]]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            groups.extend((alias.name, []) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            prefix = ".".join([*base, node.module] if node.module else base)
            groups.append((prefix, [f"{prefix}.{alias.name}" for alias in node.names]))
    return groups


def imports_of(path: Path) -> set[str]:
    """Every name a file imports, modules and their members alike."""
    return {name for module, names in import_groups(path) for name in (module, *names)}


def python_files(package: str) -> list[Path]:
    return sorted((PROJECT_ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_forbidden_imports(package: str) -> None:
    bad = {
        module_name(path): sorted(n for n in imports_of(path) if n.split(".")[0] in banned)
        for path in python_files(package)
        if (banned := FORBIDDEN[package])
    }
    bad = {module: names for module, names in bad.items() if names}
    assert bad == {}, f"{package} imports what it must not: {bad}"


def _graph(package: str) -> dict[str, set[str]]:
    modules = {module_name(p): p for p in python_files(package)}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        edges: set[str] = set()
        for module, names in import_groups(path):
            submodules = [n for n in names if n in modules]
            edges.update(submodules or ([module] if module in modules else []))
        graph[name] = edges - {name}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle (as a path that returns to its start), or [] when there is none."""
    state: dict[str, int] = {}  # 1 visiting, 2 done
    stack: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt) :] + [nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        stack.pop()
        state[node] = 2
        return []

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return []


@pytest.mark.parametrize("package", PACKAGES)
def test_no_import_cycles(package: str) -> None:
    assert find_cycle(_graph(package)) == []


def test_cycle_finder_finds_a_cycle() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) == []
