"""Body checks for `tools.check_content`: local files that must exist, and HTML the site forbids.

Looks at Markdown links and images (inline and reference definitions) and at raw HTML tags
(`src`, `href`, `srcset`, `poster`), skipping fenced code blocks. A local reference is either
Pelican's `{static}`/`{attach}`/`{filename}` form (resolved like Pelican: a leading `/` is the
content folder, otherwise the file's own folder) or a plain path to a file.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
# Markdown links and images; a backslash-escaped bracket (`\[`) is text, not a link.
_INLINE = re.compile(
    r"(?<!\\)!?\[(?:\\.|[^\[\]\\]|\[(?:\\.|[^\]\\])*\])*(?<!\\)\]"
    r"\(\s*<?([^)\s>]*)>?(?:\s+[\"'(][^)]*)?\)"
)
_REFERENCE = re.compile(r"^\s{0,3}\[(?:\\.|[^\]\\])+\]:\s*<?(\S+?)>?(?:\s.*)?$")
_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9:-]*)(\s[^<>]*)?/?>")
_ATTRIBUTE = re.compile(r"([^\s\"'=<>/]+)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+))?")
_URL_ATTRIBUTES = {"src", "href", "poster", "action", "formaction", "background", "data", "cite"}
_PELICAN_LINK = re.compile(r"^(?:\{(\w+)\}|\|(\w+)\|)(.*)$")
_FORBIDDEN_TAGS = {"script", "iframe", "object", "embed", "base", "meta", "frame", "frameset"}
_UNSAFE_SCHEMES = ("javascript:", "vbscript:", "data:")
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")
_PAGE_SUFFIXES = {"", ".html", ".htm"}
_BLOCK_START = re.compile(r"^<([a-zA-Z][a-zA-Z0-9]*)[\s>/]")
_BLOCK_LEVEL = frozenset(
    "address article aside blockquote details dialog div dl fieldset figcaption figure footer "
    "form h1 h2 h3 h4 h5 h6 header hgroup hr main nav ol p pre section table ul".split()
)


def _body_lines(lines: list[str], start: int) -> Iterator[tuple[int, str, bool]]:
    """(line number, text, inside a raw HTML block) of the body, outside fenced code blocks.

    Python-Markdown does not read Markdown inside a block-level HTML element that starts a
    block (e.g. the `<figure>` blocks), so link syntax there is text, not a link.
    """
    fence: str | None = None
    html_block: str | None = None
    depth = 0
    previous_blank = True
    for index in range(start - 1, len(lines)):
        line = lines[index]
        match = _FENCE.match(line)
        if match and html_block is None:
            marker = match.group(1)[0]
            if fence is None:
                fence = marker
                continue
            if marker == fence:
                fence = None
                continue
        if fence is not None:
            continue
        if html_block is None and previous_blank:
            opening = _BLOCK_START.match(line)
            if opening and opening.group(1).lower() in _BLOCK_LEVEL:
                html_block, depth = opening.group(1).lower(), 0
        inside = html_block is not None
        if html_block is not None:
            depth += len(re.findall(rf"(?i)<{html_block}[\s>/]", line))
            depth -= len(re.findall(rf"(?i)</{html_block}\s*>", line))
            if depth <= 0:
                html_block = None
        previous_blank = not line.strip()
        yield index + 1, line, inside


def _urls(line: str, *, markdown: bool = True) -> Iterator[tuple[str, str]]:
    """(kind, url) for every reference on a line; kind is 'markdown' or the HTML attribute."""
    if markdown:
        for match in _INLINE.finditer(line):
            yield "markdown", match.group(1)
        match = _REFERENCE.match(line)
        if match:
            yield "markdown", match.group(1)
    for tag in _TAG.finditer(line):
        for name, value in _ATTRIBUTE.findall(tag.group(2) or ""):
            name = name.lower()
            value = html.unescape(value.strip("\"'")) if value else ""
            if name in _URL_ATTRIBUTES:
                yield name, value
            elif name == "srcset":
                for candidate in value.split(","):
                    if candidate.strip():
                        yield name, candidate.split()[0]


def _scheme(url: str) -> str:
    """The lower-cased scheme as a browser sees it: entities decoded, controls and spaces gone."""
    cleaned = _CONTROL.sub("", html.unescape(html.unescape(url))).lower()
    match = re.match(r"^([a-z][a-z0-9+.-]*):", cleaned)
    return match.group(1) + ":" if match else ""


def _unsafe(line: str) -> Iterator[tuple[str, str]]:
    """(what, fix) for HTML on this line that would run script or break the CSP."""
    for tag in _TAG.finditer(line):
        name = tag.group(1).lower()
        if name in _FORBIDDEN_TAGS:
            yield (
                f"<{name}> element in the text",
                "remove it: the archive shows no scripts, frames or embedded objects",
            )
        for attribute, _value in _ATTRIBUTE.findall(tag.group(2) or ""):
            attribute = attribute.lower()
            if attribute.startswith("on"):
                yield (
                    f"event handler attribute '{attribute}' on <{name}>",
                    "remove it: the site runs no script from articles",
                )
            elif attribute == "style":
                yield (
                    f"inline style attribute on <{name}>",
                    "remove it: the site's Content-Security-Policy blocks inline styles "
                    "(use the theme's CSS)",
                )


def _resolve(url: str, source: Path, content: Path) -> tuple[str, Path] | None:
    """(form, file) a local reference must exist as, or None when it is not a local file."""
    link = _PELICAN_LINK.match(url)
    if link:
        form = link.group(1) or link.group(2)
        if form not in ("static", "attach", "filename"):
            return None
        target = unquote(urlsplit(link.group(3)).path)
        if not target:
            return None
        base = content if target.startswith("/") else source.parent
        return "{" + form + "}", base / target.lstrip("/")
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    path = unquote(parts.path)
    if path.endswith("/") or PurePosixPath(path).suffix.lower() in _PAGE_SUFFIXES:
        return None  # a link to a page of the site, checked on the built output
    if path.startswith("/"):
        return "/", content / path.lstrip("/")
    return "relative", source.parent / path


def _inside(target: Path, content: Path) -> str | None:
    """`target` relative to the content folder (POSIX), or None when it lies outside."""
    try:
        return target.resolve().relative_to(content.resolve()).as_posix()
    except ValueError:
        return None


def check_body(
    lines: list[str],
    body_start: int,
    source: Path,
    content: Path,
    static_paths: Iterable[str],
    pending: Iterable[Path] = (),
) -> list[tuple[int, str, str]]:
    """(line, what is wrong, how to fix it) for the body of one Markdown file.

    `pending`: files about to be written with this one (the CMS saves an article and its new
    images together), counted as existing."""
    waiting = {path.resolve() for path in pending}
    problems: list[tuple[int, str, str]] = []
    static = tuple(static_paths)
    for number, line, in_html in _body_lines(lines, body_start):
        for what, fix in _unsafe(line):
            problems.append((number, what, fix))
        for kind, url in _urls(line, markdown=not in_html):
            scheme = _scheme(url)
            if scheme in _UNSAFE_SCHEMES:
                problems.append(
                    (
                        number,
                        f"{scheme} URL in the text ({kind})",
                        "link to an http(s) address or a file in content/ instead",
                    )
                )
                continue
            resolved = _resolve(url.strip(), source, content)
            if resolved is None:
                continue
            form, target = resolved
            if not target.is_file() and target.resolve() not in waiting:
                problems.append(
                    (
                        number,
                        f"'{url}' points to a file that does not exist ({target})",
                        "put the file there (images go in content/images/) or correct the path",
                    )
                )
                continue
            relative = _inside(target, content)
            if relative is None:
                problems.append(
                    (
                        number,
                        f"'{url}' points outside the content folder ({target})",
                        "copy the file into content/images/ (or content/files/) and link it there",
                    )
                )
            elif form == "relative":
                problems.append(
                    (
                        number,
                        f"'{url}' is a relative path: it breaks at the article's URL",
                        f"write it as {{static}}/{relative}",
                    )
                )
            elif form == "/":
                if not any(relative.startswith(f.rstrip("/") + "/") for f in static):
                    problems.append(
                        (
                            number,
                            f"'{url}' is not in a static folder, so it is not copied to the site",
                            f"write it as {{static}}/{relative}",
                        )
                    )
    return problems
