"""The project reads nothing outside its own tree: a fresh clone anywhere passes `make test`.

Two guards: at run time the audit hook of tests/support/confinement.py refuses any read beside the
repository while the tests run; here, a scan of every tracked file finds paths that leave the
repository root before anything runs them (tools and benchmarks that tests start as processes).
"""

from __future__ import annotations

import ast
import re
import subprocess
from pathlib import Path

import pytest

from tests.support import confinement
from tests.support.paths import PROJECT_ROOT

# Sibling folders our own machines have beside the checkout, named anywhere in a path.
_SIBLING_PATH = re.compile(r"\.\./+shared\b|[\"']shared[\"']\s*/|/\s*[\"']shared[\"']")
_TEXT_SUFFIXES = {".py", ".toml", ".cfg", ".ini", ".sh", ".mk", ".json", ".md", ".txt", ".js"}
_EXTRA_FILES = {"Makefile", ".ci/run", ".gitignore"}


def tracked_files() -> list[Path]:
    try:
        out = subprocess.run(
            ["git", "ls-files", "-z"], cwd=PROJECT_ROOT, capture_output=True, check=True
        ).stdout
        names = [n for n in out.decode().split("\0") if n]
    except (OSError, subprocess.CalledProcessError):  # an export without .git
        names = [
            str(p.relative_to(PROJECT_ROOT))
            for p in PROJECT_ROOT.rglob("*")
            if p.is_file() and not {".git", ".venv", "node_modules"} & set(p.parts)
        ]
    return [PROJECT_ROOT / n for n in names if (PROJECT_ROOT / n).is_file()]


def _code_files() -> list[Path]:
    return [
        p
        for p in tracked_files()
        if (p.suffix in _TEXT_SUFFIXES or str(p.relative_to(PROJECT_ROOT)) in _EXTRA_FILES)
        and "fixtures" not in p.relative_to(PROJECT_ROOT).parts
    ]


def sibling_references(text: str) -> list[str]:
    return [m.group(0) for m in _SIBLING_PATH.finditer(text)]


def escaping_parents(source: str, file: Path) -> list[str]:
    """`Path(__file__)...parents[n]` (or a chain of `.parent`) that climbs above the root."""
    depth = len(file.relative_to(PROJECT_ROOT).parts) - 1  # folders between root and the file
    problems = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute)):
            continue
        if node.value.attr != "parents" or "__file__" not in ast.unparse(node.value):
            continue
        if isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, int):
            if node.slice.value > depth:
                problems.append(f"line {node.lineno}: {ast.unparse(node)}")
    return problems


def dotdot_joins(source: str) -> list[str]:
    """`something / ".."` path joins (climbing out of a folder by name)."""
    problems = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
            right = node.right
            if isinstance(right, ast.Constant) and right.value in ("..", "../"):
                problems.append(f"line {node.lineno}: {ast.unparse(node)}")
    return problems


def test_no_tracked_file_names_a_folder_beside_the_repository() -> None:
    found = {
        str(p.relative_to(PROJECT_ROOT)): refs
        for p in _code_files()
        if p.name not in ("CHANGELOG.md", "test_self_contained.py")
        if (refs := sibling_references(p.read_text(encoding="utf-8", errors="replace")))
    }
    assert found == {}, f"paths to a folder beside the repository: {found}"


def test_no_python_file_climbs_above_the_repository_root() -> None:
    found = {}
    for path in _code_files():
        if path.suffix != ".py":
            continue
        source = path.read_text(encoding="utf-8")
        problems = escaping_parents(source, path) + dotdot_joins(source)
        if problems:
            found[str(path.relative_to(PROJECT_ROOT))] = problems
    assert found == {}, f"paths that leave the repository root: {found}"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('ROOT / ".." / "shared" / "fixtures"', ['/ "shared"']),
        ("see ../shared/fixtures/README.md", ["../shared"]),
        ("tests/fixtures/real-pages/", []),
        ("a shared helper", []),
    ],
)
def test_sibling_reference_scan(text: str, expected: list[str]) -> None:
    assert sibling_references(text) == expected


def test_parent_scan_knows_the_depth_of_each_file() -> None:
    inside = PROJECT_ROOT / "tests" / "support" / "paths.py"
    assert escaping_parents("Path(__file__).resolve().parents[2]", inside) == []
    assert escaping_parents("Path(__file__).resolve().parents[3]", inside) == [
        "line 1: Path(__file__).resolve().parents[3]"
    ]
    assert dotdot_joins('ROOT / ".." / "x"') == ["line 1: ROOT / '..'"]


def test_reads_beside_the_repository_are_refused(tmp_path: Path) -> None:
    root = PROJECT_ROOT
    parent = confinement.watched_parent(root)
    assert parent is not None  # our checkouts and CI's are not at the file system's root
    assert confinement.is_outside(Path(parent) / "shared" / "fixtures" / "x.html")
    assert confinement.is_outside(Path(parent) / "other-checkout" / "README.md")
    assert not confinement.is_outside(root / "tests" / "fixtures" / "real-pages")
    assert not confinement.is_outside(tmp_path / "file.txt")
    assert not confinement.is_outside(Path(parent) / ".cache" / "pip" / "x")
    # A file really opened there fails the test that opens it, with what to do.
    with pytest.raises(confinement.OutsideRepository, match="tests/fixtures/"):
        open(Path(parent) / "no-such-sibling" / "x.txt")  # noqa: SIM115


def test_a_repository_at_the_top_of_the_file_system_watches_nothing() -> None:
    assert confinement.watched_parent(Path("/srv")) is None
    assert not confinement.is_outside("/usr/lib/python3/x.py", Path("/srv"))
