"""Validate every Markdown article in a content folder before it is built or published.

`python -m tools.check_content CONTENT_DIR [--settings pelicanconf.py]` (run by `make check`,
which `make test` and `make publish` depend on) prints one line per problem,

    content/x.md:2: Date '28/05/2025' is not an ISO 8601 date — write it as Date: 2025-05-28T00:00…

then a summary, and exits 1 when it found any problem (0 when none, 2 on a usage error).

Checks: required metadata (Title, Date), ISO 8601 dates with a time zone (Date, Modified,
Captured), capture keys in their form (tools/content_capture.py), a known category
(KNOWN_CATEGORIES in the settings), unique slugs and Source URLs,
`Other_news` lines that parse, local images and attachments that exist, Unicode NFC, and no
script or inline style in the body (the site's Content-Security-Policy would block them).
"""

from __future__ import annotations

import argparse
import difflib
import fnmatch
import os
import re
import runpy
import sys
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

from archive_core.listing import UnparseableLine, parse_listing_line
from plugins.vietnamese.formatting import vn_slugify
from tools import content_body
from tools.content_capture import CAPTURE_KEYS, capture_problems
from tools.content_header import Header, parse_header

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mkd", ".mdown")
PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SETTINGS = PROJECT_ROOT / "pelicanconf.py"
# Keys Pelican reads as one value: a second definition or an indented continuation is a mistake.
SINGLE_VALUED = (
    "title", "date", "modified", "slug", "category", "status", "lang", "source", *CAPTURE_KEYS
)  # fmt: skip
DATE_KEYS = ("date", "modified", "captured")
STATUSES = ("published", "draft", "hidden")
EXAMPLE_DATE = "2025-05-28T08:00:00+07:00"
ICT = timezone(timedelta(hours=7))  # Asia/Ho_Chi_Minh has no DST
_SAFE_SLUG = re.compile(r"[a-z0-9][a-z0-9._-]*")
# The store's conflict copies (`<slug>.md.scraped`, see scraper/store.py) do not end in a
# Markdown suffix, so Pelican and this check skip them.


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    what: str
    fix: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.what} — {self.fix}"


@dataclass
class Settings:
    """The few Pelican settings the check needs (read from pelicanconf.py, with defaults)."""

    known_categories: tuple[str, ...] | None = None  # None: category check off
    default_category: str = "misc"
    static_paths: tuple[str, ...] = ("images",)
    article_excludes: tuple[str, ...] = ()
    page_paths: tuple[str, ...] = ("pages",)
    ignore_files: tuple[str, ...] = (".#*",)


@dataclass
class _Seen:
    """What earlier files used, to find duplicates across the folder."""

    slugs: dict[tuple[str, str], tuple[str, int]] = field(default_factory=dict)
    sources: dict[str, tuple[str, int]] = field(default_factory=dict)


def load_settings(path: Path | None) -> Settings:
    """Read the settings the check needs from a Pelican settings file (missing file: defaults)."""
    if path is None or not Path(path).is_file():
        return Settings()
    values = runpy.run_path(str(path))
    known = values.get("KNOWN_CATEGORIES")
    return Settings(
        known_categories=None if known is None else tuple(known),
        default_category=values.get("DEFAULT_CATEGORY", "misc"),
        static_paths=tuple(values.get("STATIC_PATHS", ("images",))),
        article_excludes=tuple(values.get("ARTICLE_EXCLUDES", ())),
        page_paths=tuple(values.get("PAGE_PATHS", ("pages",))),
        ignore_files=tuple(values.get("IGNORE_FILES", (".#*",))),
    )


def _under(relative: str, folders: Iterable[str]) -> bool:
    return any(relative == f or relative.startswith(f.rstrip("/") + "/") for f in folders if f)


def markdown_files(content: Path, settings: Settings) -> list[tuple[Path, bool]]:
    """(file, is_page) for every Markdown source Pelican would read, sorted by path."""
    found: list[tuple[Path, bool]] = []
    for path in sorted(content.rglob("*")):
        if not path.is_file() or not path.name.lower().endswith(MARKDOWN_SUFFIXES):
            continue
        relative = path.relative_to(content).as_posix()
        parts = relative.split("/")
        if any(
            fnmatch.fnmatch(part, pattern) for part in parts for pattern in settings.ignore_files
        ):
            continue
        if any(part.startswith(".") for part in parts):
            continue
        is_page = _under(relative, settings.page_paths)
        if not is_page and _under(relative, settings.article_excludes):
            continue  # a static folder (images/, files/): copied, not read as an article
        found.append((path, is_page))
    return found


# --- other-news lines -------------------------------------------------------------------------


def other_news_error(line: str) -> str | None:
    """Why the other_news plugin's parser rejects a listing line, or None when it parses."""
    try:
        parse_listing_line(line)
    except UnparseableLine as error:
        return error.reason
    return None


# --- metadata ---------------------------------------------------------------------------------


def _parse_iso(value: str) -> datetime | None:
    try:
        return datetime.fromisoformat(
            value.replace("Z", "+00:00") if value.endswith("Z") else value
        )
    except ValueError:
        return None


def _suggest_iso(value: str) -> str:
    """A corrected ISO 8601 value for common editor mistakes, else the example."""
    parsed = _parse_iso(value)
    if parsed is None:
        match = re.fullmatch(
            r"\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ ,T-]+(\d{1,2})[:hg](\d{2}))?\s*", value
        )
        if match:
            day, month, year, hour, minute = match.groups()
            try:
                parsed = datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0))
            except ValueError:
                parsed = None
    if parsed is None:
        return EXAMPLE_DATE
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=ICT)
    return parsed.isoformat()


def _check_dates(header: Header, problems: list[Problem], path: str, is_page: bool) -> None:
    date = header.first("date")
    if date is None and not is_page:
        problems.append(
            Problem(
                path,
                1,
                "Date is missing",
                f"add a line 'Date: {EXAMPLE_DATE}' to the header at the top "
                "(ISO 8601 with the time zone +07:00)",
            )
        )
    for key in DATE_KEYS:
        found = header.first(key)
        if found is None:
            continue
        value = found.value
        name = found.key
        parsed = _parse_iso(value)
        if not value:
            problems.append(
                Problem(path, found.line, f"{name} is empty", f"write it as {name}: {EXAMPLE_DATE}")
            )
        elif parsed is None:
            problems.append(
                Problem(
                    path,
                    found.line,
                    f"{name} '{value}' is not an ISO 8601 date",
                    f"write it as {name}: {_suggest_iso(value)} (year-month-day, 24-hour time, "
                    "time zone)",
                )
            )
        elif parsed.tzinfo is None:
            problems.append(
                Problem(
                    path,
                    found.line,
                    f"{name} '{value}' has no time zone",
                    f"add the offset: {name}: {_suggest_iso(value)}",
                )
            )


def _check_category(
    header: Header, settings: Settings, problems: list[Problem], path: str, is_page: bool
) -> None:
    found = header.first("category")
    if found is None or is_page or settings.known_categories is None:
        return
    name = unicodedata.normalize("NFC", found.value)
    known = set(settings.known_categories) | {settings.default_category}
    if name in known:
        return
    close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.6)
    hint = f"did you mean '{close[0]}'? " if close else ""
    choices = ", ".join(f"'{k}'" for k in sorted(known))
    problems.append(
        Problem(
            path,
            found.line,
            f"Category '{found.value}' is not a known category",
            f"{hint}use one of {choices}, or add it to KNOWN_CATEGORIES in pelicanconf.py",
        )
    )


def _slug_of(header: Header) -> tuple[str, int] | None:
    slug = header.first("slug")
    if slug is not None and slug.value:
        return slug.value, slug.line
    title = header.first("title")
    if title is not None and title.value:
        return vn_slugify(title.value), title.line
    return None


def _check_unique(
    header: Header, seen: _Seen, problems: list[Problem], path: str, is_page: bool
) -> None:
    slug = _slug_of(header)
    if slug is not None:
        value, line = slug
        if header.first("slug") is not None and not _SAFE_SLUG.fullmatch(value):
            problems.append(
                Problem(
                    path,
                    line,
                    f"Slug '{value}' is not a URL-safe ASCII slug",
                    "use lower-case ASCII letters, digits and hyphens (or remove the Slug line: "
                    "the title's slug is used)",
                )
            )
        key = ("page" if is_page else "article", value)
        if key in seen.slugs:
            other, other_line = seen.slugs[key]
            problems.append(
                Problem(
                    path,
                    line,
                    f"slug '{value}' is already used by {other}:{other_line}",
                    "give one of them a different 'Slug:' (Pelican would keep only one of them)",
                )
            )
        else:
            seen.slugs[key] = (path, line)
    source = header.first("source")
    if source is not None and source.value:
        url = source.value.strip()
        if not url.lower().startswith(("http://", "https://")):
            problems.append(
                Problem(
                    path,
                    source.line,
                    f"Source '{url}' is not an http(s) URL",
                    "write the original article's full address, e.g. Source: https://...",
                )
            )
        if url in seen.sources:
            other, other_line = seen.sources[url]
            problems.append(
                Problem(
                    path,
                    source.line,
                    f"Source '{url}' is already the source of {other}:{other_line}",
                    "keep one file per original article: merge the two, or correct the Source",
                )
            )
        else:
            seen.sources[url] = (path, source.line)


def _check_header(
    header: Header,
    settings: Settings,
    seen: _Seen,
    path: str,
    is_page: bool,
) -> list[Problem]:
    problems: list[Problem] = []
    title = header.first("title")
    if title is None:
        problems.append(
            Problem(
                path,
                1,
                "Title is missing",
                "start the file with a line 'Title: <headline>', then 'Date: ...', then a blank "
                "line before the text",
            )
        )
    elif not title.value:
        problems.append(
            Problem(path, title.line, "Title is empty", "write the headline after 'Title: '")
        )
    for key in SINGLE_VALUED:
        occurrences = header.fields.get(key, [])
        if len(occurrences) > 1:
            first = occurrences[0]
            for extra in occurrences[1:]:
                problems.append(
                    Problem(
                        path,
                        extra.line,
                        f"{extra.key} is given again (first on line {first.line})",
                        "keep only one line; Pelican ignores the second",
                    )
                )
        for occurrence in occurrences:
            if len(occurrence.values) > 1:
                line = occurrence.values[1][0]
                problems.append(
                    Problem(
                        path,
                        line,
                        f"{occurrence.key} continues on an indented line",
                        f"put the whole {occurrence.key} on line {occurrence.line}, or un-indent "
                        f"line {line} if it is the body (leave a blank line after the header)",
                    )
                )
    status = header.first("status")
    if status is not None and status.value.lower() not in STATUSES:
        problems.append(
            Problem(
                path,
                status.line,
                f"Status '{status.value}' is not known",
                "use one of " + ", ".join(STATUSES) + " (or remove the line)",
            )
        )
    _check_dates(header, problems, path, is_page)
    problems.extend(Problem(path, *problem) for problem in capture_problems(header))
    _check_category(header, settings, problems, path, is_page)
    _check_unique(header, seen, problems, path, is_page)
    for occurrence in header.fields.get("other_news", []):
        for line, text in occurrence.values:
            if not text:
                continue
            error = other_news_error(text)
            if error:
                problems.append(
                    Problem(
                        path,
                        line,
                        f"Other_news item does not parse: {error}",
                        "write each item as 'Title (dd/mm/yyyy) <https://...>' on its own "
                        "line, continuation lines indented by 4 spaces",
                    )
                )
    return problems


# --- files ------------------------------------------------------------------------------------


def _display(path: Path) -> str:
    """The path as the editor typed it: relative to the current folder when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def check_file(
    path: Path,
    content: Path,
    settings: Settings,
    seen: _Seen,
    *,
    is_page: bool = False,
    shown: str | None = None,
) -> list[Problem]:
    """Every problem in one Markdown file (`seen` carries slugs and sources across files)."""
    shown = shown or _display(path)
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return [
            Problem(
                shown,
                line,
                "the file is not UTF-8 text",
                "save it with the UTF-8 encoding (your editor's 'Save with encoding' menu)",
            )
        ]
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.splitlines()
    problems: list[Problem] = []
    for number, line in enumerate(lines, start=1):
        if not unicodedata.is_normalized("NFC", line):
            problems.append(
                Problem(
                    shown,
                    number,
                    "text is not in Unicode NFC (decomposed Vietnamese diacritics)",
                    f"run: python -m tools.check_content --fix-nfc {shown}",
                )
            )
    header = parse_header(lines)
    problems += _check_header(header, settings, seen, shown, is_page)
    for line, what, fix in content_body.check_body(
        lines, header.body_start, path, content, settings.static_paths
    ):
        problems.append(Problem(shown, line, what, fix))
    return problems


def check_content(content: Path, settings: Settings) -> tuple[list[Problem], int]:
    """(problems, number of files checked) for a whole content folder."""
    seen = _Seen()
    problems: list[Problem] = []
    files = markdown_files(content, settings)
    for path, is_page in files:
        problems += check_file(path, content, settings, seen, is_page=is_page)
    return problems, len(files)


def fix_nfc(paths: Iterable[Path]) -> list[Path]:
    """Rewrite (atomically) the given files whose text is not NFC; returns those changed."""
    changed = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        fixed = unicodedata.normalize("NFC", text)
        if fixed != text:
            temporary = path.with_name(f".{path.name}.nfc-tmp")
            temporary.write_text(fixed, encoding="utf-8", newline="")
            os.replace(temporary, path)
            changed.append(path)
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("content", type=Path, nargs="+", help="content folder (or files)")
    parser.add_argument(
        "--settings", type=Path, default=DEFAULT_SETTINGS, help="Pelican settings file"
    )
    parser.add_argument(
        "--fix-nfc", action="store_true", help="rewrite the given files in Unicode NFC and exit"
    )
    args = parser.parse_args(argv)
    if args.fix_nfc:
        files = [p for p in args.content if p.is_file()]
        for path in fix_nfc(files):
            print(f"{path}: rewritten in Unicode NFC")
        return 0
    content = args.content[0]
    if not content.is_dir():
        print(
            f"check_content: {content} is not a folder — give the content folder", file=sys.stderr
        )
        return 2
    settings = load_settings(args.settings)
    problems, count = check_content(content, settings)
    for problem in problems:
        print(problem)
    files_with = len({p.path for p in problems})
    if problems:
        print(
            f"check_content: {len(problems)} problem(s) in {files_with} of {count} file(s) "
            f"in {content}",
            file=sys.stderr,
        )
        return 1
    print(f"check_content: {count} file(s) in {content}, no problems", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
