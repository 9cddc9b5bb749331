"""`make demo`: the main job on the bundled default, fully offline.

1. serve the bundled demo portal (tests/fixtures/demo_portal/, fictional) on a free 127.0.0.1 port;
2. crawl it with the project's scraper (`scraper.crawl.run_crawl`, profile `demo`) into a fresh
   `demo-content/` folder (git-ignored; rebuilt on every run, because the portal's port — part of
   every Source URL — changes from run to run); then the second demo portal
   (tests/fixtures/demo_portal_tanphuoc/, profile `demo-tanphuoc`: a district portal that
   portals.toml records as closed on 01/07/2025 and merged into the first), its report cut to its
   summary line, so the site has two portals and /cong-thong-tin/ shows a closed-portal notice;
3. build the site with Pelican into `output/`;
4. serve it on http://127.0.0.1:8000 until Ctrl-C (`--serve=0` builds and exits).

The crawl uses a short delay between requests: allowed only because the demo portal is on a
loopback address (real portals always get at least one second, see scraper/settings.py).
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import os
import shutil
import signal
import subprocess
import sys
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from tools.pelican_command import pelican_command

ROOT = Path(__file__).resolve().parents[1]
DEMO_DELAY = 0.02  # seconds; loopback only
SECOND_PORTAL = "demo-tanphuoc"  # profile and portals.toml key of the second demo portal


def crawl_demo(
    content: Path, captures: Path, *, progress: bool = True, second: bool = False
) -> int:
    """Serve the demo portal and crawl it into `content` (emptied first); with `second`, the
    second demo portal too. Returns the exit code (the worse of the crawls)."""
    from scraper.crawl import run_crawl
    from tools.demo_portal import serve

    for folder in (content, captures):
        if folder.exists():
            shutil.rmtree(folder)
    with serve() as (base_url, _state):
        print(f"Demo portal on {base_url}/", flush=True)
        code = run_crawl(
            "demo",
            content,
            base_url=base_url,
            captures=captures,
            delay=DEMO_DELAY,
            progress=progress,
        )
    if code == 2 or not second:
        return code
    return max(code, crawl_second_portal(content, captures))


def crawl_second_portal(content: Path, captures: Path) -> int:
    """Crawl the second demo portal into `content`; print one line (its summary), or its whole
    report when the crawl fails."""
    from scraper.crawl import crawl_command
    from tools.demo_portal import PORTALS, serve

    root, origin = PORTALS[SECOND_PORTAL]
    with serve(root, origin=origin) as (base_url, _state):
        command = crawl_command(
            SECOND_PORTAL,
            content,
            base_url=base_url,
            captures=captures,
            delay=DEMO_DELAY,
            progress=False,
        )
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    report = result.stdout + result.stderr
    summary = next((line for line in report.splitlines() if line.startswith("Summary:")), "")
    if result.returncode == 2 or not summary:
        print(report, end="", file=sys.stderr, flush=True)
        return result.returncode or 2
    print(
        f"Second demo portal (closed 01/07/2025, merged into the first) on {base_url}/: "
        f"{summary.removeprefix('Summary: ')}",
        flush=True,
    )
    return result.returncode


def build_site(content: Path, output: Path, settings: Path = ROOT / "pelicanconf.py") -> int:
    command = pelican_command(content, output, settings)
    print(f"Building the site with Pelican into {output}/ ...", flush=True)
    # Pelican's summary is printed by rich, which wraps at 80 columns when not on a terminal:
    # a wide console keeps it on one line in a log.
    env = dict(os.environ, COLUMNS=os.environ.get("COLUMNS", "160"))
    return subprocess.run(command, cwd=ROOT, env=env).returncode


def count_articles(content: Path) -> int:
    return sum(1 for path in content.rglob("*.md"))


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:  # noqa: A002 - stdlib signature
        pass


def _stop(signum, frame) -> None:
    raise KeyboardInterrupt


def serve_site(output: Path, bind: str, port: int) -> None:
    # the crawl (Scrapy) left its own SIGINT/SIGTERM handlers installed: put Ctrl-C back
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _stop)
    handler = functools.partial(_Quiet, directory=str(output))
    with ThreadingHTTPServer((bind, port), handler) as server:
        print(f"Serving the demo site on http://{bind}:{port}/ (Ctrl-C to stop)", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            server.serve_forever()
    print("Stopped.", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.demo",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--serve",
        type=int,
        choices=(0, 1),
        default=1,
        help="1: serve the site after building (default); 0: build and exit",
    )
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--bind", default="127.0.0.1")
    parser.add_argument(
        "--content",
        type=Path,
        default=ROOT / "demo-content",
        help="where the crawled demo articles go (default: demo-content/)",
    )
    parser.add_argument(
        "--captures",
        type=Path,
        default=None,
        help="WARC folder (default: <content>/../captures-demo)",
    )
    parser.add_argument(
        "--output", type=Path, default=ROOT / "output", help="site output folder (default: output/)"
    )
    parser.add_argument("--no-progress", dest="progress", action="store_false")
    args = parser.parse_args(argv)
    content = args.content.resolve()
    captures = (args.captures or content.parent / "captures" / "demo-run").resolve()

    code = crawl_demo(content, captures, progress=args.progress, second=True)
    if code == 2 or count_articles(content) == 0:
        print("error: the demo crawl produced no articles; see the messages above", file=sys.stderr)
        return 1
    if build_site(content, args.output.resolve()) != 0:
        print("error: the Pelican build failed; see the messages above", file=sys.stderr)
        return 1
    print(
        f"Demo site: {count_articles(content)} articles from the two demo portals, built in"
        f" {args.output}/ (open {args.output}/index.html)",
        flush=True,
    )
    if args.serve:
        serve_site(args.output.resolve(), args.bind, args.port)
    return 0


if __name__ == "__main__":
    sys.exit(main())
