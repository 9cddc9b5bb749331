"""`python -m scraper`: crawl, crawl-cluster, cluster-worker, extract, import-text, replay,
import-warc, package, verify-captures, profile infer.

Exit codes: 0 success; 1 the input could not become an article (reason on stderr) or some pages
failed; 2 bad usage, bad profile or unreadable input.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlsplit

log = logging.getLogger(__name__)

DEFAULT_OUTPUT = Path("content")
MAX_FETCH = 20 * 1024 * 1024


class CliError(Exception):
    """A user-facing error: printed as `error: ...` with exit code `code`."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code


# ---------------------------------------------------------------------------------------------
# crawl / replay (delegated to the crawl helper's modules)


def cmd_crawl(args: argparse.Namespace) -> int:
    from scraper.crawl import crawl_here

    options = {
        "start_url": args.start_url,
        "base_url": args.base_url,
        "contact": args.contact,
        "captures": args.captures,
        "images": args.images,
        "delay": args.delay,
        "timeout": args.timeout,
        "max_size": args.max_size,
        "retries": args.retries,
        "only_new": args.only_new,
        "progress": args.progress,
        "log_level": args.log_level or ("INFO" if args.verbose else None),
        "name": args.name,
    }
    options = {k: v for k, v in options.items() if v is not None}
    return crawl_here(args.profile, args.output, **options)


def cmd_crawl_cluster(args: argparse.Namespace) -> int:
    from scraper.cluster.coordinator import crawl_cluster

    options = {
        "start_url": args.start_url,
        "base_url": args.base_url,
        "contact": args.contact,
        "images": args.images,
        "delay": args.delay,
        "timeout": args.timeout,
        "max_size": args.max_size,
        "retries": args.retries,
        "only_new": args.only_new,
        "name": args.name,
    }
    options = {k: v for k, v in options.items() if v is not None}
    return crawl_cluster(
        args.targets,
        args.output,
        workers=args.workers,
        redis_url=args.redis,
        redis_dir=args.redis_dir,
        prefix=args.prefix,
        captures=args.captures,
        lease=args.lease,
        fresh=args.fresh,
        progress=args.progress is not False,
        log_level=args.log_level or ("INFO" if args.verbose else "WARNING"),
        **options,
    )


def cmd_cluster_worker(args: argparse.Namespace) -> int:
    import os
    import re

    from scraper.cluster.worker import run_worker

    url = args.redis or os.environ.get("REDIS_URL")
    if not url:
        raise CliError("cluster-worker: give the Redis address with --redis URL or REDIS_URL")
    if args.worker_id is not None and not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}",
                                                      args.worker_id):  # fmt: skip
        raise CliError(
            f"--worker-id {args.worker_id!r}: letters, digits, '.', '_' and '-' only (it is"
            " part of the WARC file names), at most 64"
        )
    return run_worker(
        url,
        prefix=args.prefix,
        captures=args.captures,
        worker_id=args.worker_id,
        wait=args.wait,
        log_level=args.log_level or ("INFO" if args.verbose else "WARNING"),
    )


def cmd_replay(args: argparse.Namespace) -> int:
    from scraper.captures import replay_captures

    options = {"profile_name": args.profile, "images": args.images}
    options = {k: v for k, v in options.items() if v is not None}
    return replay_captures(args.captures, args.output, **options)


def cmd_package(args: argparse.Namespace) -> int:
    from scraper.packages.commands import package_command

    return package_command(args)


def cmd_verify_captures(args: argparse.Namespace) -> int:
    from scraper.packages.commands import verify_command

    return verify_command(args)


def cmd_import_warc(args: argparse.Namespace) -> int:
    from scraper.warcs.importer import import_warcs

    return import_warcs(
        args.files,
        args.output,
        profile_name=args.profile,
        name=args.name,
        images=args.images is not False,
        verbose=bool(args.verbose or args.verbose_here),
    )


def cmd_profile_infer(args: argparse.Namespace) -> int:
    from scraper.infer.command import InferError, run

    try:
        return run(args)
    except InferError as exc:
        raise CliError(str(exc)) from None


# ---------------------------------------------------------------------------------------------
# extract


def _fetch(url: str) -> tuple[bytes, str | None]:
    """One polite GET for `extract URL` (the only network use outside the crawler)."""
    import urllib.request

    request = urllib.request.Request(
        url, headers={"User-Agent": "bulletin-archive-scraper (+extract command)"}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (http only)
            body = response.read(MAX_FETCH + 1)
            charset = response.headers.get_content_charset()
    except Exception as exc:
        raise CliError(f"{url}: cannot fetch: {exc}") from None
    if len(body) > MAX_FETCH:
        raise CliError(f"{url}: page larger than {MAX_FETCH} bytes; not extracted")
    return body, charset


def _profile_for(name: str | None, url: str):
    from scraper.profiles import ProfileError, available_profiles, load_profile

    try:
        if name:
            return load_profile(name)
        host = urlsplit(url).hostname or ""
        for candidate in available_profiles():
            profile = load_profile(candidate)
            if any(host == d or host.endswith("." + d) for d in profile.allowed_domains):
                log.info("using profile %s for %s", candidate, host)
                return profile
    except ProfileError as exc:
        raise CliError(str(exc)) from None
    return None


def cmd_extract(args: argparse.Namespace) -> int:
    from scraper.extract import ExtractionError, extract_article
    from scraper.markdown import render_json, render_markdown

    source = args.source
    if source.startswith(("http://", "https://")):
        body, charset = _fetch(source)
        url = args.url or source
    else:
        path = Path(source)
        try:
            body = path.read_bytes()
        except OSError as exc:
            raise CliError(f"{path}: cannot read: {exc.strerror}") from None
        charset = None
        url = args.url or path.resolve().as_uri()
    profile = (
        _profile_for(args.profile, url)
        if args.profile or args.url or source.startswith("http")
        else None
    )
    try:
        article = extract_article(body, profile, url=url, encoding=args.encoding or charset)
    except ExtractionError as exc:
        print(f"error: {source}: not an article: {exc.reason}", file=sys.stderr)
        return 1
    text = render_json(article) if args.format == "json" else render_markdown(article)
    sys.stdout.write(text)
    return 0


# ---------------------------------------------------------------------------------------------
# import-text


def cmd_import_text(args: argparse.Namespace) -> int:
    from archive_core.dates import format_vn_date, parse_vn_date
    from scraper.textdump import TextDumpError, newest_listing_date, parse_text_bulletin

    path = Path(args.file)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CliError(f"{path}: cannot read: {exc.strerror}") from None
    from scraper.charset import decode_html

    text, _ = decode_html(raw)
    if not args.date:
        newest = newest_listing_date(text)
        hint = (
            f"; the newest date in its 'Các tin khác' listing is {format_vn_date(newest)}"
            f" (e.g. --date {format_vn_date(newest)})"
            if newest
            else ""
        )
        raise CliError(
            f"{path}: the text has no publication date and none is guessed: give it with"
            f" --date DATE (dd/mm/yyyy [hh:mm] or ISO 8601){hint}"
        )
    date = parse_vn_date(args.date)
    if date is None:
        raise CliError(
            f"--date {args.date!r} is not a date: use dd/mm/yyyy, 'dd/mm/yyyy hh:mm' or ISO 8601"
        )
    tags = [t.strip() for t in (args.tags or "").split(",") if t.strip()]
    try:
        article = parse_text_bulletin(
            text,
            date=date,
            source_url=args.source_url,
            portal=args.portal or "",
            category=args.category or "",
            tags=tags,
        )
    except TextDumpError as exc:
        print(f"error: {path}: {exc}", file=sys.stderr)
        return 1
    from scraper.store import write_article

    result = write_article(article, args.output)
    print(f"{result.status}: {result.path}")
    if result.status == "conflict":
        print(
            f"warning: {result.path} was changed by an editor and was not overwritten; the"
            f" imported version is in {result.scraped_path}",
            file=sys.stderr,
        )
    return 0


# ---------------------------------------------------------------------------------------------
# parser


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m scraper",
        description="Crawl a portal, keep raw captures, extract and normalise articles.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress details")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    crawl = sub.add_parser(
        "crawl",
        help="crawl a portal into a content folder",
        description="Crawl a portal politely, by its profile (profiles/NAME.toml or"
        " scraper/profiles/NAME.toml) or by its address alone, and write its articles as"
        " Markdown; raw responses are kept as WARC captures.",
    )
    crawl.add_argument(
        "profile",
        metavar="PROFILE_OR_ADDRESS",
        help="a profile name (demo, baochinhphu, or yours in profiles/), or a portal's address"
        " such as https://portal.example.vn/ to crawl it with no profile",
    )
    crawl.add_argument(
        "--name",
        help="the portal's name for Portal: and its folders (address crawls; default: from"
        " the host, e.g. longan-dcs-vn)",
    )
    crawl.add_argument(
        "--output",
        type=Path,
        default=DEFAULT_OUTPUT,
        metavar="DIR",
        help="content folder to write into (default: ./content)",
    )
    crawl.add_argument(
        "--start-url",
        action="append",
        metavar="URL",
        help="start here instead of the profile's start_urls (repeatable)",
    )
    crawl.add_argument(
        "--base-url",
        metavar="ORIGIN",
        help="move the profile's start URLs to this origin, e.g."
        " http://127.0.0.1:8123 (the demo portal's port varies)",
    )
    crawl.add_argument(
        "--contact",
        metavar="URL",
        help="contact URL in the User-Agent (default: $SCRAPER_CONTACT_URL)",
    )
    crawl.add_argument(
        "--captures",
        type=Path,
        metavar="DIR",
        help="WARC folder; files go to DIR/<portal>/ (default: ./captures)",
    )
    crawl.add_argument(
        "--no-images",
        dest="images",
        action="store_false",
        default=None,
        help="link to the original images instead of downloading them",
    )
    crawl.add_argument(
        "--delay",
        type=float,
        help="seconds between requests to a host (default: the profile's, >= 1;"
        " below 1 only when every host is a loopback address, i.e. a local"
        " test portal)",
    )
    crawl.add_argument("--timeout", type=float, help="connect/read time-out in seconds")
    crawl.add_argument("--max-size", type=int, metavar="BYTES", help="maximum response size")
    crawl.add_argument("--retries", type=int, help="retries on 5xx/429")
    crawl.add_argument(
        "--only-new", action="store_true", default=None, help="skip articles already stored"
    )
    crawl.add_argument(
        "--no-progress",
        dest="progress",
        action="store_false",
        default=None,
        help="no progress (default: a bar on a terminal, a line every 10 s in a log)",
    )
    crawl.add_argument(
        "--log-level",
        help="DEBUG, INFO, WARNING (default), ERROR; -v is INFO (Scrapy's banner and settings)",
    )
    crawl.set_defaults(handler=cmd_crawl)
    _cluster_parsers(sub)

    extract = sub.add_parser(
        "extract",
        help="extract one page to stdout",
        description="Extract one article page (a file or an http(s) URL) and print it as JSON"
        " or as the Pelican Markdown file the crawler would write.",
    )
    extract.add_argument("source", metavar="FILE_OR_URL")
    extract.add_argument(
        "--profile",
        metavar="NAME",
        help="profile to use (default: by the URL's domain, else generic)",
    )
    extract.add_argument(
        "--format",
        choices=("json", "markdown"),
        default="markdown",
        help="markdown: the file the crawler would write (default); json: every field",
    )
    extract.add_argument("--url", help="the page's original URL (for a saved file)")
    extract.add_argument("--encoding", help="charset to assume (default: detect)")
    extract.set_defaults(handler=cmd_extract)

    imp = sub.add_parser(
        "import-text",
        help="import a plain-text bulletin like the seed",
        description="Turn a plain-text bulletin (headline, lead, body, byline, 'Các tin khác'"
        " listing) into an article in the content folder.",
    )
    imp.add_argument("file", metavar="FILE")
    imp.add_argument("--date", help="publication date (required): dd/mm/yyyy [hh:mm] or ISO 8601")
    imp.add_argument("--source-url", help="the article's original URL")
    imp.add_argument("--portal", help="portal (profile) name, e.g. longan")
    imp.add_argument("--category", help="category (portal section), e.g. 'Tin hoạt động'")
    imp.add_argument("--tags", help="comma-separated tags")
    imp.add_argument(
        "--output",
        type=Path,
        default=DEFAULT_OUTPUT,
        metavar="DIR",
        help="content folder to write into (default: ./content)",
    )
    imp.set_defaults(handler=cmd_import_text)

    replay = sub.add_parser(
        "replay",
        help="re-extract articles from raw captures (no network)",
        description="Re-extract every article in the WARC captures and write the same content"
        " a crawl would write, without any network access.",
    )
    replay.add_argument(
        "captures", type=Path, metavar="CAPTURES", help="WARC file or folder (e.g. captures/demo)"
    )
    replay.add_argument(
        "--output",
        type=Path,
        default=DEFAULT_OUTPUT,
        metavar="DIR",
        help="content folder to write into (default: ./content)",
    )
    replay.add_argument("--profile", help="profile name (default: from the captures)")
    replay.add_argument(
        "--no-images",
        dest="images",
        action="store_false",
        default=None,
        help="link to the original images instead of using captured ones",
    )
    replay.set_defaults(handler=cmd_replay)

    package = sub.add_parser(
        "package",
        help="make each portal's WACZ package from its WARC captures",
        description="Make captures/packages/<portal>.wacz from every WARC file in"
        " captures/<portal>/ with the wacz library: CDXJ index, pages.jsonl listing the"
        " archived articles of the content folder, datapackage.json digests; signed when"
        " ARCHIVE_WACZ_SIGNING_URL is set. An unchanged package is left as it is.",
    )
    package.add_argument("portals", nargs="*", metavar="PORTAL", help="default: every portal")
    package.add_argument(
        "--captures",
        type=Path,
        default=Path("captures"),
        metavar="DIR",
        help="captures folder (default: ./captures)",
    )
    package.add_argument(
        "--content",
        type=Path,
        default=DEFAULT_OUTPUT,
        metavar="DIR",
        help="content folder whose articles pages.jsonl lists (default: ./content)",
    )
    package.add_argument(
        "--force", action="store_true", help="make the package again even when up to date"
    )
    package.set_defaults(handler=cmd_package)

    verify = sub.add_parser(
        "verify-captures",
        help="verify the WACZ packages, the kept WARC files and the articles' captures",
        description="Check every package in captures/packages/: the wacz validator, the"
        " datapackage digests and signature, every CDXJ entry against its record, every"
        " record's digests, pages.jsonl and the content folder's articles against their"
        " records, and captures/<portal>/ against the packaged WARC files. Reports records,"
        " articles and mismatches per portal; exit 1 on any mismatch.",
    )
    verify.add_argument("portals", nargs="*", metavar="PORTAL", help="default: every portal")
    verify.add_argument(
        "--captures",
        type=Path,
        default=Path("captures"),
        metavar="DIR",
        help="captures folder (default: ./captures)",
    )
    verify.add_argument(
        "--content",
        type=Path,
        default=DEFAULT_OUTPUT,
        metavar="DIR",
        help="content folder whose articles are checked (default: ./content)",
    )
    verify.add_argument(
        "--no-content", action="store_true", help="check the packages and captures only"
    )
    verify.set_defaults(handler=cmd_verify_captures)

    warc = sub.add_parser(
        "import-warc",
        help="import the articles of web archives made by other tools (no network)",
        description="Read WARC, WARC.gz (wget --warc-file, Heritrix, Browsertrix) and WACZ"
        " files and write their articles as a crawl would, images from the captures. Without"
        " --profile the generic extractor reads the HTML pages of the host most pages are on.",
    )
    warc.add_argument(
        "files",
        type=Path,
        nargs="+",
        metavar="FILE",
        help="WARC, WARC.gz or WACZ file, or a folder",
    )
    chosen = warc.add_mutually_exclusive_group()
    chosen.add_argument("--profile", metavar="NAME", help="the portal's profile (its selectors)")
    chosen.add_argument(
        "--name",
        metavar="PORTAL",
        help="name of the portal without a profile (default: from the captured host)",
    )
    warc.add_argument(
        "--output",
        type=Path,
        default=DEFAULT_OUTPUT,
        metavar="DIR",
        help="content folder to write into (default: ./content)",
    )
    warc.add_argument(
        "--no-images",
        dest="images",
        action="store_false",
        default=None,
        help="link to the original images instead of using captured ones",
    )
    warc.add_argument(
        "-v",
        "--verbose",
        dest="verbose_here",
        action="store_true",
        help="list the pages that are not articles and the capture of every article",
    )
    warc.set_defaults(handler=cmd_import_warc)

    from scraper.infer.command import add_parser as add_profile_parser

    add_profile_parser(sub, cmd_profile_infer)
    return parser


def _cluster_parsers(sub) -> None:
    from scraper.cluster.keys import DEFAULT_PREFIX

    cluster = sub.add_parser(
        "crawl-cluster",
        help="crawl portals with N workers sharing a frontier on Redis",
        description="Crawl one or more portals (profiles or addresses) with N worker processes"
        " that share one frontier, one duplicate filter and per-host politeness through Redis;"
        " one consumer (this process) writes content/. Without --redis / REDIS_URL a private"
        " redis-server is started on 127.0.0.1 with its data in var/redis. An unfinished crawl"
        " with the same portals and options is resumed.",
    )
    cluster.add_argument(
        "targets",
        nargs="+",
        metavar="PROFILE_OR_ADDRESS",
        help="profile names (demo, yours in profiles/) or portal addresses (https://...)",
    )
    cluster.add_argument("--workers", type=int, default=2, help="local workers (default: 2)")
    cluster.add_argument(
        "--redis",
        metavar="URL",
        help="Redis server, e.g. redis://:PASSWORD@10.0.0.5:6379/0 (default: $REDIS_URL, else"
        " a private redis-server on 127.0.0.1)",
    )
    cluster.add_argument(
        "--redis-dir",
        type=Path,
        metavar="DIR",
        help="data folder of the private redis-server (default: var/redis)",
    )
    cluster.add_argument(
        "--prefix",
        default=DEFAULT_PREFIX,
        help=f"prefix of the job's Redis keys (default: {DEFAULT_PREFIX})",
    )
    cluster.add_argument(
        "--lease",
        type=float,
        default=30.0,
        metavar="SECONDS",
        help="a dead worker's requests go back to the frontier this long after its last"
        " heartbeat (default: 30)",
    )
    cluster.add_argument(
        "--fresh", action="store_true", help="start over instead of resuming an unfinished crawl"
    )
    cluster.add_argument("--name", help="portal name (a single address crawl)")
    cluster.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, metavar="DIR")
    cluster.add_argument("--start-url", action="append", metavar="URL")
    cluster.add_argument("--base-url", metavar="ORIGIN")
    cluster.add_argument("--contact", metavar="URL")
    cluster.add_argument(
        "--captures",
        type=Path,
        metavar="DIR",
        help="WARC folder of the local workers (default: ./captures)",
    )
    cluster.add_argument("--no-images", dest="images", action="store_false", default=None)
    cluster.add_argument("--delay", type=float, help="as for crawl; holds across all workers")
    cluster.add_argument("--timeout", type=float)
    cluster.add_argument("--max-size", type=int, metavar="BYTES")
    cluster.add_argument("--retries", type=int)
    cluster.add_argument("--only-new", action="store_true", default=None)
    cluster.add_argument("--no-progress", dest="progress", action="store_false", default=None)
    cluster.add_argument("--log-level", help="of the workers (default: WARNING)")
    cluster.set_defaults(handler=cmd_crawl_cluster)

    worker = sub.add_parser(
        "cluster-worker",
        help="join a cluster crawl (this machine or another)",
        description="Work on the cluster crawl whose job is in Redis: fetch, write WARC files"
        " here, push the articles to the coordinator's store. Needs only the Redis address and"
        " this code.",
    )
    worker.add_argument("--redis", metavar="URL", help="Redis server (default: $REDIS_URL)")
    worker.add_argument("--prefix", default=DEFAULT_PREFIX, help="the job's key prefix")
    worker.add_argument(
        "--captures",
        type=Path,
        default=Path("captures"),
        metavar="DIR",
        help="WARC folder on this machine (default: ./captures)",
    )
    worker.add_argument("--worker-id", help="default: <host>-<pid> (in the WARC file names)")
    worker.add_argument(
        "--wait",
        type=float,
        default=60.0,
        metavar="SECONDS",
        help="how long to wait for a job to appear (default: 60)",
    )
    worker.add_argument("--log-level", help="DEBUG, INFO, WARNING (default), ERROR")
    worker.set_defaults(handler=cmd_cluster_worker)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    try:
        return int(args.handler(args) or 0)
    except CliError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
