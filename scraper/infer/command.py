"""`python -m scraper profile infer NAME SOURCE...`: read or fetch the samples, infer the draft,
write it, print the report. All of `scraper.infer`'s I/O is here and in `fetch`.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
from pathlib import Path

from scraper.infer import MAX_SAMPLES, MIN_SAMPLES, Draft, Sample, SampleError, infer_profile
from scraper.infer.fetch import Fetcher, FetchError, polite_delay
from scraper.profiles import ProfileError, load_profile, profile_dirs
from scraper.settings import PolitenessError

_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_GIVEN_URL = re.compile(r"=(https?://)")
_CANONICAL = (
    re.compile(rb"<link\b[^>]*\brel=[\"']?canonical[\"']?[^>]*>", re.I),
    re.compile(rb"<meta\b[^>]*\bproperty=[\"']?og:url[\"']?[^>]*>", re.I),
)
_HREF = re.compile(rb"\b(?:href|content)=[\"']([^\"']+)[\"']", re.I)


class InferError(Exception):
    """A user-facing error (exit code 2)."""


def declared_address(html: bytes) -> str | None:
    """The address a saved page declares (canonical link, og:url), if an http(s) one."""
    for tag in _CANONICAL:
        for match in tag.finditer(html[:200_000]):
            href = _HREF.search(match.group(0))
            if href:
                url = href.group(1).decode("utf-8", "replace").strip()
                if url.startswith(("http://", "https://")):
                    return url
    return None


def read_source(source: str, fetcher: Fetcher) -> Sample:
    """A sample from `URL`, `FILE` (its canonical address) or `FILE=URL`."""
    if source.startswith(("http://", "https://")):
        try:
            body, charset = fetcher.fetch(source)
        except FetchError as exc:
            raise SampleError(source, exc.reason) from None
        return Sample(source, source, body, charset)
    path_text, url = source, None
    match = _GIVEN_URL.search(source)
    if match and not Path(source).exists():
        path_text, url = source[: match.start()], source[match.start() + 1 :]
    path = Path(path_text)
    try:
        body = path.read_bytes()
    except FileNotFoundError:
        raise SampleError(
            source, "no such file, and not an http(s) address (give a URL, FILE or FILE=URL)"
        ) from None
    except OSError as exc:
        raise SampleError(source, f"cannot read: {exc.strerror}") from None
    url = url or declared_address(body)
    if not url:
        raise SampleError(
            source,
            "the saved page does not say its address (no canonical link or og:url):"
            f" give it as {path_text}=https://portal.example.vn/...",
        )
    return Sample(str(path), url, body)


def write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        load_profile(tmp)  # the written file must load and validate
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def run(args: argparse.Namespace) -> int:
    name = args.name
    if not _NAME.match(name):
        raise InferError(f"profile name {name!r}: lower-case letters, digits, '-' or '_' only")
    count = len(args.sources)
    if not MIN_SAMPLES <= count <= MAX_SAMPLES:
        raise InferError(
            f"{count} article page{'s' if count != 1 else ''} given: give {MIN_SAMPLES} to"
            f" {MAX_SAMPLES} (URLs or saved HTML files), of different sections if you can"
        )
    out = Path(args.out) if args.out else profile_dirs()[0] / f"{name}.toml"
    if out.exists() and not args.force:
        raise InferError(
            f"{out} exists and is not overwritten (it may hold your edits): give --out for"
            " another file, or --force to replace it"
        )
    urls = [s for s in [*args.sources, args.listing or ""] if s.startswith("http")]
    try:
        delay = polite_delay(args.delay, urls)
    except PolitenessError as exc:
        raise InferError(str(exc)) from None
    fetcher = Fetcher(delay=delay, contact=args.contact)
    try:
        samples = [read_source(s, fetcher) for s in args.sources]
        listing = read_source(args.listing, fetcher) if args.listing else None
        draft: Draft = infer_profile(name, samples, listing, path=out)
    except SampleError as exc:
        raise InferError(f"{exc.source}: {exc.reason}") from None
    except (ValueError, ProfileError) as exc:
        raise InferError(str(exc)) from None
    write_atomically(out, draft.toml())
    sys.stdout.write(f"Wrote {out} (a draft from {count} article pages)\n")
    sys.stdout.write(draft.report())
    sys.stdout.write(
        f"Crawl with it: python -m scraper crawl {name}"
        + ("" if out.parent == profile_dirs()[0] else f"  (or: crawl {out})")
        + "\n"
    )
    return 0


def add_parser(sub, handler) -> None:
    """`profile infer` under the main parser's subcommands, run by `handler`."""
    profile = sub.add_parser(
        "profile",
        help="work with portal profiles (infer a draft from a few pages)",
        description="Portal profiles: `profile infer` writes a draft from article pages.",
    )
    actions = profile.add_subparsers(dest="profile_command", required=True, metavar="ACTION")
    infer = actions.add_parser(
        "infer",
        help="write a draft profile from 3-10 article pages",
        description="Read 3 to 10 article pages of one portal (URLs, fetched politely, or saved"
        " HTML files) and optionally one listing page, find where the generic extractor finds"
        " each field, generalise that to the selectors every page shares, and write a draft"
        " profile (profiles/NAME.toml). Every page is then extracted again with the draft and"
        " the fields where the draft and the generic extractor disagree are listed.",
    )
    infer.add_argument("name", metavar="NAME", help="the profile's name, e.g. tanlap")
    infer.add_argument(
        "sources",
        nargs="+",
        metavar="SOURCE",
        help="an article page: an http(s) URL, a saved HTML file (its canonical address is"
        " read from it) or FILE=URL",
    )
    infer.add_argument("--listing", metavar="URL_OR_FILE", help="one listing (category) page")
    infer.add_argument("--out", metavar="FILE", help="where to write (default: profiles/NAME.toml)")
    infer.add_argument("--force", action="store_true", help="replace the output file if it exists")
    infer.add_argument(
        "--delay",
        type=float,
        help="seconds between two requests to a host (default 1; below 1 only for loopback)",
    )
    infer.add_argument("--contact", metavar="URL", help="contact URL in the User-Agent")
    infer.set_defaults(handler=handler)
