"""`python -m scraper crawl PROFILE`: run the profile's crawl in-process with Scrapy, show
progress, print the summary, return the exit code.

Crash safety comes from the store, not from a job folder: every file is written atomically and an
article is identified by its Source URL, so after a kill (even SIGKILL) a plain re-run re-fetches
the listings, finds every article again, leaves the ones already stored untouched ("unchanged")
and writes the missing ones: the same content/ as an uninterrupted run.

Exit codes: 0 every page fine; 1 some pages failed (listed in the summary); 2 nothing could be
done (bad profile or options, or no listing page could be fetched).
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from scraper.profiles import Profile, ProfileError, generic_profile, load_profile
from scraper.progress import Progress
from scraper.report import Report
from scraper.settings import PolitenessError, build_settings, effective_delay, hosts_of
from scraper.store import Store

log = logging.getLogger(__name__)


def rebase(urls: tuple[str, ...] | list[str], base_url: str) -> list[str]:
    """Move URLs onto another origin: http://127.0.0.1:8000/a/ + http://127.0.0.1:5123 ->
    http://127.0.0.1:5123/a/ (the demo portal's port varies)."""
    base = urlsplit(base_url)
    if not base.scheme or not base.netloc:
        raise ValueError(f"--base-url {base_url!r}: expected an origin like http://127.0.0.1:8000")
    rebased = []
    for url in urls:
        parts = urlsplit(url)
        rebased.append(urlunsplit((base.scheme, base.netloc, parts.path, parts.query, "")))
    return rebased


def _connect_progress(crawler, enabled: bool) -> Progress:
    from scraper.spider import page_done, page_queued

    progress = Progress(enabled)
    crawler.signals.connect(progress.queued, signal=page_queued)
    crawler.signals.connect(progress.done, signal=page_done)
    return progress


def _configure_logging(level: str) -> None:
    """Show records of `level` and above only. The handlers get the level too: Scrapy sets its
    own loggers to DEBUG when it starts (and logs its banner and settings at INFO), and a
    record that a logger lets through reaches the root's handlers whatever the root's level."""
    root = logging.getLogger()
    if not root.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
    root.setLevel(level)
    for handler in root.handlers:
        handler.setLevel(level)
    for name in ("scrapy", "twisted", "py.warnings"):
        logging.getLogger(name).setLevel(level)


def crawl_here(
    profile_name: str,
    output: Path,
    *,
    start_url: list[str] | str | None = None,
    base_url: str | None = None,
    captures: Path | None = None,
    images: bool = True,
    delay: float | None = None,
    timeout: float | None = None,
    max_size: int | None = None,
    retries: int | None = None,
    only_new: bool = False,
    contact: str | None = None,
    progress: bool = True,
    log_level: str = "WARNING",
    name: str | None = None,
) -> int:
    """Crawl a portal into `output` in this process; returns the exit code (module docstring).

    `profile_name` is a profile's name or file, or the portal's address (`https://...`): then
    there is no profile, the generic extractor reads every page and `name` (default: from the
    host) names the portal.

    Scrapy's Twisted reactor runs once per process and cannot share its thread with another
    running event loop: this is for `python -m scraper crawl` itself. Library callers (make demo,
    tests) use `run_crawl`, which runs the same command in a fresh interpreter."""
    try:
        if profile_name.startswith(("http://", "https://")):
            profile: Profile = generic_profile(profile_name, name)
        else:
            profile = load_profile(profile_name)
    except ProfileError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    from scraper.fetching import unusable_url

    starts = list(profile.start_urls)
    try:
        if base_url:
            starts = rebase(starts, base_url)
        if start_url:
            starts = [start_url] if isinstance(start_url, str) else list(start_url)
        for url in starts:
            problem = unusable_url(url)
            if problem:
                raise ValueError(
                    f"start URL {url!r}: {problem}; give a full http(s) URL such as"
                    " http://127.0.0.1:8000/chuyen-muc/tin-hoat-dong/"
                )
        delay_s = effective_delay(delay, profile, hosts_of(starts))
    except (PolitenessError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2

    from scrapy.crawler import CrawlerProcess

    settings = build_settings(
        profile,
        delay=delay_s,
        timeout=timeout,
        max_size=max_size,
        retries=retries,
        contact=contact,
        log_level=log_level,
    )
    settings["CAPTURES_DIR"] = str(captures or Path("captures"))
    settings["PORTAL"] = profile.name
    output = Path(output)
    store = Store(output)
    report = Report()
    settings["LOG_INSTALL_ROOT_HANDLER"] = False
    _configure_logging(log_level)  # before Scrapy starts: its banner is logged at INFO
    process = CrawlerProcess(settings)
    _configure_logging(log_level)  # Scrapy's own loggers were reset to DEBUG
    from scraper.spider import PortalSpider

    crawler = process.create_crawler(PortalSpider)
    bar = _connect_progress(crawler, progress)
    how = "by its address (no profile: generic extraction)" if profile.generic else "profile"
    print(
        f"Crawling {profile.name} ({how}) from {len(starts)} start page(s), {delay_s:g} s"
        f" between requests, into {output}",
        file=sys.stderr,
    )
    process.crawl(
        crawler,
        profile=profile,
        start_urls=starts,
        report=report,
        store=store,
        only_new=only_new,
        images=images,
    )
    process.start()
    bar.close()
    print(report.summary(output))
    print(
        f"Pages done: {bar.done_count} of {bar.queued_count} queued;"
        f" captures in {settings['CAPTURES_DIR']}/{profile.name}/"
    )
    if report.listings == 0:
        print(
            "error: no listing page could be fetched and read; nothing was crawled",
            file=sys.stderr,
        )
        return 2
    return report.exit_code()


_FLAGS = {
    "base_url": "--base-url",
    "captures": "--captures",
    "delay": "--delay",
    "timeout": "--timeout",
    "max_size": "--max-size",
    "retries": "--retries",
    "contact": "--contact",
    "log_level": "--log-level",
    "name": "--name",
}


def crawl_command(profile_name: str, output: Path, **options) -> list[str]:
    """The `python -m scraper crawl ...` command line for these options."""
    command = [sys.executable, "-m", "scraper", "crawl", profile_name, "--output", str(output)]
    unknown = set(options) - set(_FLAGS) - {"start_url", "images", "only_new", "progress"}
    if unknown:
        raise TypeError(f"run_crawl: unknown option(s) {', '.join(sorted(unknown))}")
    start_url = options.get("start_url")
    for url in [start_url] if isinstance(start_url, str) else start_url or []:
        command += ["--start-url", url]
    for key, flag in _FLAGS.items():
        if options.get(key) is not None:
            command += [flag, str(options[key])]
    if options.get("images") is False:
        command.append("--no-images")
    if options.get("only_new"):
        command.append("--only-new")
    if options.get("progress") is False:
        command.append("--no-progress")
    return command


def run_crawl(profile_name: str, output: Path, **options) -> int:
    """Crawl a portal into `output` in a fresh Python process; returns its exit code.

    Takes the keyword options of `crawl_here`. Output (progress bar, summary) goes to this
    process's standard streams.
    """
    import subprocess

    command = crawl_command(profile_name, Path(output), **options)
    root = Path(__file__).resolve().parents[1]
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(root), env.get("PYTHONPATH")]))
    sys.stdout.flush()
    sys.stderr.flush()
    return subprocess.run(command, env=env, check=False).returncode
