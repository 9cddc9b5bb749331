"""The save check of the editors' screen: `make check`'s rules on a file the CMS is about to write.

    python -m tools.check_entry --repo REPO --content CONTENT_DIR [--settings pelicanconf.py]

reads `{"files": [{"path": "content/.../x.md", "raw": "..."}], "assets": ["content/images/..."]}`
(paths relative to REPO, as decap-server receives them) on stdin and prints
`{"problems": ["content/.../x.md:2: Date '...' is not an ISO 8601 date — write it as ..."]}`:
exactly the lines `make check` would print for that file once written (run from REPO), with the
other files of the folder known (duplicate slugs and sources) and the entry's new images counted
as present. tools/cms_server.js runs it before decap-server writes anything; exit 1 on bad input.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from tools.check_content import (
    DEFAULT_SETTINGS,
    MARKDOWN_SUFFIXES,
    Problem,
    Settings,
    _check_unique,
    _Seen,
    check_bytes,
    load_settings,
    markdown_files,
)
from tools.content_header import parse_header


def _known(content: Path, settings: Settings, skip: set[Path]) -> _Seen:
    """Slugs and sources of every other file, as `make check` records them."""
    seen = _Seen()
    for path, is_page in markdown_files(content, settings):
        if path.resolve() in skip:
            continue
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            continue  # make check reports that file itself
        _check_unique(parse_header(lines), seen, [], path.as_posix(), is_page)
    return seen


def _is_page(relative: str, settings: Settings) -> bool:
    return any(
        relative == f or relative.startswith(f.rstrip("/") + "/") for f in settings.page_paths
    )


def check_entry(
    repo: Path, content: Path, settings: Settings, files: list[dict], assets: list[str]
) -> list[Problem]:
    """Problems of the entry's Markdown files, reported with repo-relative paths."""
    repo = repo.resolve()
    content = content.resolve()
    targets = []
    for item in files:
        path = (repo / item["path"]).resolve()
        if not path.name.lower().endswith(MARKDOWN_SUFFIXES):
            continue
        try:
            relative = path.relative_to(content).as_posix()
        except ValueError:
            continue  # not content: make check does not look at it either
        targets.append((path, relative, item["raw"]))
    if not targets:
        return []
    seen = _known(content, settings, {path for path, _, _ in targets})
    # decap-server keys each shown path relative to REPO: `make check` run from REPO shows these.
    for key, (shown, line) in list(seen.slugs.items()):
        seen.slugs[key] = (_relative(shown, repo), line)
    for key, (shown, line) in list(seen.sources.items()):
        seen.sources[key] = (_relative(shown, repo), line)
    pending = [repo / asset for asset in assets]
    problems: list[Problem] = []
    for path, relative, raw in targets:
        problems += check_bytes(
            raw.encode("utf-8"),
            path,
            content,
            settings,
            seen,
            is_page=_is_page(relative, settings),
            shown=path.relative_to(repo).as_posix(),
            pending=pending,
        )
    return problems


def _relative(shown: str, repo: Path) -> str:
    try:
        return Path(shown).resolve().relative_to(repo).as_posix()
    except ValueError:
        return shown


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", type=Path, required=True, help="decap-server's folder")
    parser.add_argument("--content", type=Path, required=True, help="the content folder")
    parser.add_argument("--settings", type=Path, default=DEFAULT_SETTINGS)
    args = parser.parse_args(argv)
    try:
        request = json.load(sys.stdin)
        files = [{"path": str(f["path"]), "raw": str(f["raw"])} for f in request["files"]]
        assets = [str(a) for a in request.get("assets", [])]
    except (ValueError, KeyError, TypeError) as error:
        print(f"check_entry: the request on stdin is not {{files: [{{path, raw}}]}}: {error}",
              file=sys.stderr)  # fmt: skip
        return 1
    settings = load_settings(args.settings)
    problems = check_entry(args.repo, args.content, settings, files, assets)
    json.dump({"problems": [str(p) for p in problems]}, sys.stdout, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
