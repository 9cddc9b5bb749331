"""The CMS's save check (tools/check_entry.py behind tools/cms_server.js): every problem kind
`make check` knows (the cases of test_check_content.py) is refused by decap-server's save
request with the very lines `make check` prints, and nothing is written."""

from __future__ import annotations

import ast
import json
import re
import shutil
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.plugins.decap_admin.cms_support import free_port, start_cms_server, wait_for
from tests.support.paths import PROJECT_ROOT
from tests.tools.test_check_content import CASES, SETTINGS, write
from tools.check_content import check_content

# The CMS sends text (JSON strings), which decap-server writes as UTF-8: never undecodable bytes.
NOT_REACHABLE_FROM_THE_CMS = {"not-utf8"}
SETTINGS_FILE = f"""
KNOWN_CATEGORIES = {list(SETTINGS.known_categories)!r}
DEFAULT_CATEGORY = {SETTINGS.default_category!r}
STATIC_PATHS = {list(SETTINGS.static_paths)!r}
ARTICLE_EXCLUDES = {list(SETTINGS.article_excludes)!r}
PAGE_PATHS = {list(SETTINGS.page_paths)!r}
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("check-entry")
    repo = tmp / "repo"
    (repo / "content").mkdir(parents=True)
    settings = tmp / "settings.py"
    settings.write_text(SETTINGS_FILE, encoding="utf-8")
    port = free_port()
    process = start_cms_server(
        repo, port, "http://127.0.0.1:1", tmp / "server.log", settings=settings
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/")
        yield repo, f"http://127.0.0.1:{port}/api/v1"
    finally:
        process.terminate()
        process.wait(timeout=10)


def persist(api: str, path: str, raw: str) -> tuple[int, dict]:
    body = {
        "branch": "main",
        "action": "persistEntry",
        "params": {
            "branch": "main",
            "dataFiles": [{"path": path, "slug": Path(path).stem, "raw": raw}],
            "assets": [],
            "options": {"commitMessage": "test", "useWorkflow": False, "status": "draft"},
        },
    }
    request = urllib.request.Request(
        api, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def make_check_lines(repo: Path, monkeypatch) -> list[str]:
    """What `make check` prints for the content folder, run from the working copy."""
    monkeypatch.chdir(repo)
    problems, _count = check_content((repo / "content").resolve(), SETTINGS)
    return [str(p) for p in problems]


HEADER = "Title: Bài một\nDate: 2025-05-28T08:52:00+07:00\nCategory: Thông báo\n"
# Two kinds test_check_content.py's table does not reach.
MORE_CASES = [
    (
        "source-not-http",
        {"a.md": HEADER + "Source: ftp://portal.example/tin/1.html\n\nText.\n"},
        [("a.md", 4, "is not an http(s) URL", "full address")],
    ),
    (
        "image-outside-the-content-folder",
        {"../ngoai.png": b"\x89PNG", "a.md": HEADER + "\n![Ảnh]({static}/../ngoai.png)\n"},
        [("a.md", 5, "points outside the content folder", "copy the file")],
    ),
]
CMS_CASES = [c for c in CASES if c[0] not in NOT_REACHABLE_FROM_THE_CMS] + MORE_CASES


@pytest.mark.parametrize(
    ("files", "expected"), [c[1:] for c in CMS_CASES], ids=[c[0] for c in CMS_CASES]
)
def test_every_problem_make_check_reports_refuses_the_save_with_its_message(
    server, monkeypatch, files, expected
):  # fmt: skip
    repo, api = server
    content = repo / "content"
    shutil.rmtree(content)
    content.mkdir()
    target = expected[0][0]
    write(content, files)
    wanted = make_check_lines(repo, monkeypatch)
    assert wanted and all(line.startswith(f"content/{target}:") for line in wanted), wanted
    raw = (content / target).read_text(encoding="utf-8")
    (content / target).unlink()

    status, answer = persist(api, f"content/{target}", raw)

    assert status == 422, answer
    assert answer["error"].split("\n") == wanted
    assert not (content / target).exists(), "a refused save wrote the file"


def test_a_good_article_is_saved(server):
    repo, api = server
    raw = "Title: Hội nghị\nDate: 2025-05-28T08:52:00+07:00\nCategory: Thông báo\n\nNội dung.\n"
    status, answer = persist(api, "content/tin/2025/hoi-nghi.md", raw)
    assert (status, answer) == (200, {"message": "entry persisted"})
    assert (repo / "content/tin/2025/hoi-nghi.md").read_text(encoding="utf-8") == raw


def _what_templates(path: Path) -> list[str]:
    """The "what" part of every problem the module can report, as a regular expression."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []

    def regex(node: ast.AST) -> str | None:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return re.escape(node.value)
        if isinstance(node, ast.JoinedStr):
            return "".join(
                re.escape(part.value) if isinstance(part, ast.Constant) else ".*"
                for part in node.values
            )
        return None

    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Problem":
            if len(node.args) >= 3:  # Problem(path, line, what, fix); `*problem`: a tuple below
                found.append(regex(node.args[2]))
            continue
        # content_body: `yield (what, fix)` and `problems.append((line, what, fix))`
        if (
            isinstance(node, ast.Yield)
            and isinstance(node.value, ast.Tuple)
            and isinstance(node.value.elts[1], ast.Constant | ast.JoinedStr)
        ):
            found.append(regex(node.value.elts[0]))
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", None) == "append"
            and node.args
            and isinstance(node.args[0], ast.Tuple)
            and len(node.args[0].elts) == 3
        ):
            found.append(regex(node.args[0].elts[1]))
    return [t for t in found if t]


def test_the_cases_cover_every_problem_kind_make_check_knows(tmp_path, monkeypatch):
    messages = []
    for _name, files, _expected in CMS_CASES:
        folder = tmp_path / _name
        write(folder, files)
        monkeypatch.chdir(folder)
        messages += [str(p).split(": ", 1)[1] for p in check_content(folder, SETTINGS)[0]]
    templates = _what_templates(PROJECT_ROOT / "tools" / "check_content.py")
    templates += _what_templates(PROJECT_ROOT / "tools" / "content_body.py")
    templates += _what_templates(PROJECT_ROOT / "tools" / "content_capture.py")
    assert len(templates) >= 20
    uncovered = [t for t in templates if not any(re.match(t, m) for m in messages)]
    assert uncovered == ["the\\ file\\ is\\ not\\ UTF\\-8\\ text"]  # NOT_REACHABLE_FROM_THE_CMS
