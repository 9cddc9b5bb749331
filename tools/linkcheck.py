"""Find broken internal links and missing assets in a built site. Pure over a folder.

`python -m tools.linkcheck OUTPUT` prints `page: broken reference` lines and exits 1 when any.
"""

from __future__ import annotations

import argparse
import posixpath
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

URL_ATTRIBUTES = {
    ("a", "href"),
    ("link", "href"),
    ("script", "src"),
    ("img", "src"),
    ("source", "src"),
    ("video", "src"),
    ("audio", "src"),
    ("iframe", "src"),
    ("form", "action"),
}


@dataclass(frozen=True)
class BrokenLink:
    page: str  # path of the page inside the output, POSIX style
    reference: str  # the URL as written in the page
    reason: str

    def __str__(self) -> str:
        return f"{self.page}: {self.reference} ({self.reason})"


class _References(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id":
                self.ids.add(value)
            elif (tag, name) in URL_ATTRIBUTES:
                self.urls.append(value.strip())
            elif name == "srcset":
                self.urls.extend(
                    part.strip().split(" ")[0] for part in value.split(",") if part.strip()
                )


def page_references(html: str) -> tuple[list[str], set[str]]:
    """URLs referenced by a page and the ids it defines."""
    parser = _References()
    parser.feed(html)
    return parser.urls, parser.ids


def _resolve(output: Path, page: str, url: str, site_prefixes: tuple[str, ...]) -> str | None:
    """The output-relative file a URL points to, or None when it is not internal."""
    for prefix in site_prefixes:
        if prefix and url.startswith(prefix):
            url = "/" + url[len(prefix) :].lstrip("/")
            break
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or url.startswith(("mailto:", "tel:", "data:")):
        return None
    path = unquote(parts.path)
    if not path:
        return page  # fragment-only or query-only: the page itself
    if path.startswith("/"):
        target = path.lstrip("/")
    else:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
    if target.startswith(".."):
        return "\0outside"
    if target in ("", "."):
        target = "index.html"
    elif path.endswith("/") or (output / target).is_dir():
        target = posixpath.join(target, "index.html")
    return target


def find_broken_links(output: Path, *, site_url: str = "") -> list[BrokenLink]:
    """Every internal link, asset and #fragment in the site's HTML pages that does not resolve."""
    output = Path(output)
    prefixes = tuple(p for p in (site_url.rstrip("/") + "/" if site_url else "",) if p)
    pages = sorted(p.relative_to(output).as_posix() for p in output.rglob("*.html"))
    ids_cache: dict[str, set[str]] = {}
    refs_cache: dict[str, list[str]] = {}
    for page in pages:
        html = (output / page).read_text(encoding="utf-8", errors="replace")
        refs_cache[page], ids_cache[page] = page_references(html)
    broken: list[BrokenLink] = []
    for page in pages:
        for url in refs_cache[page]:
            target = _resolve(output, page, url, prefixes)
            if target is None:
                continue
            if target == "\0outside" or not (output / target).is_file():
                broken.append(BrokenLink(page, url, "no such file in the output"))
                continue
            fragment = urlsplit(url).fragment
            if fragment and target.endswith(".html"):
                ids = ids_cache.get(target)
                if ids is None:
                    ids = page_references((output / target).read_text(encoding="utf-8"))[1]
                    ids_cache[target] = ids
                if unquote(fragment) not in ids and fragment != "top":
                    broken.append(BrokenLink(page, url, f"no id '{fragment}' in {target}"))
    return broken


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path, help="built site folder, e.g. output/")
    parser.add_argument("--site-url", default="", help="absolute SITEURL the pages were built with")
    args = parser.parse_args(argv)
    broken = find_broken_links(args.output, site_url=args.site_url)
    for item in broken:
        print(item)
    print(f"{len(broken)} broken link(s) in {args.output}", file=sys.stderr)
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
