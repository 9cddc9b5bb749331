"""Serve the bundled demo portals on 127.0.0.1, with fault modes.

    python -m tools.demo_portal [--portal demo|demo-tanphuoc|gov] [--port 0]
                                [--fault PATH=MODE ...] [--disallow PREFIX ...]

Portals: ``demo`` (tests/fixtures/demo_portal/, the default), ``demo-tanphuoc`` (tests/fixtures/
demo_portal_tanphuoc/, a smaller district portal made by the same generator) and ``gov``
(tests/fixtures/gov_portal/, an older ASP.NET-style district portal; see tools/make_gov_portal.py).

Query strings: a request for ``PATH?QUERY`` is answered with the file ``PATH@QUERY`` when it
exists (the name ``wget --restrict-file-names=windows`` gives it), else with ``PATH`` as before.
The content type comes from ``PATH`` (``.aspx`` is HTML, ``.ashx`` JSON, ``.rss`` RSS).

Origin: a portal whose files carry absolute URLs names its own address (``origin``); the server
writes its base URL in its place in every text answer and inside ``.gz`` files, so sitemaps, feeds
and robots.txt point back to the server on whatever port it has.

Fault modes (per URL path, for the crawler's tests):

- ``500-once`` / ``500-always``: HTTP 500 on the first / every request, then the page.
- ``429-once``: HTTP 429 with ``Retry-After: 1`` on the first request, then the page.
- ``slow``: the answer starts after ``slow_seconds`` (longer than the crawler's time-out).
- ``truncated``: ``Content-Length`` announces the whole page, half of it is sent, then the
  connection is closed.
- ``redirect-loop``: 302 to ``PATH?r=1``, which redirects back to ``PATH`` (forever).
- ``huge``: a 20 MB page.
- ``latin1-header``: the UTF-8 bytes are sent with ``Content-Type: text/html; charset=iso-8859-1``.
- ``cp1258``: the page is re-encoded in Windows-1258 (tone marks as combining characters, as old
  Vietnamese sites did), declared as such in the header and the meta tag.
- ``no-date``: the article's date line is removed.
- ``hostile-head``: ``<base href="javascript:...">`` and a meta refresh to ``javascript:`` in the
  ``<head>`` (as hostile or hacked portals have).
- ``refresh-page``: a meta refresh (0 s) to the home page ``/`` in the ``<head>``.
- ``refresh-in-body``: a meta refresh to ``javascript:`` inside the article's text.
- ``redirect-javascript``: 302 with ``Location: javascript:...``.
- ``odd-headers``: the page with headers real servers send badly: raw UTF-8 in a file name and
  in a cookie and another header, control characters.
- ``hostile-links``: a listing page gets extra items and a next-page link pointing to
  ``javascript:``, ``data:``, another host (``evil.example``) and no URL at all
  (``http://[::1/...``).

``disallow`` prefixes are added to robots.txt (``Disallow:`` lines for every user agent).
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import functools
import gzip
import re
import sys
import threading
import time
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures"
DEMO_ROOT = FIXTURES / "demo_portal"
TANPHUOC_ROOT = FIXTURES / "demo_portal_tanphuoc"  # the second demo portal (make demo)
GOV_ROOT = FIXTURES / "gov_portal"
GOV_ORIGIN = "http://tanlap.anhoa.example"  # fictional; written in the gov portal's files
# portal name -> (folder, the origin its files carry or None)
PORTALS: dict[str, tuple[Path, str | None]] = {
    "demo": (DEMO_ROOT, None),
    "demo-tanphuoc": (TANPHUOC_ROOT, None),
    "gov": (GOV_ROOT, GOV_ORIGIN),
}
QUERY_MARK = "@"  # PATH?QUERY is stored as the file PATH@QUERY
EXTRA_TYPES = {".aspx": "text/html", ".ashx": "application/json", ".rss": "application/rss+xml"}
CHARSET_TYPES = ("application/json", "application/rss+xml", "application/xml")
FAULT_MODES = (
    "500-once",
    "500-always",
    "429-once",
    "slow",
    "truncated",
    "redirect-loop",
    "huge",
    "latin1-header",
    "cp1258",
    "no-date",
    "hostile-head",
    "refresh-page",
    "refresh-in-body",
    "redirect-javascript",
    "hostile-links",
    "odd-headers",
)
# raw bytes in headers (sent as latin-1 text, i.e. byte for byte)
ODD_HEADERS = (
    ("Content-Disposition", 'inline; filename="Thông báo số 1.html"'.encode().decode("latin-1")),
    ("Set-Cookie", "phien=1; path=/tin-tức; HttpOnly; ghi chú".encode().decode("latin-1")),
    ("X-Powered-By", "Cổng TTĐT; phiên bản 2".encode().decode("latin-1")),
    ("X-Control", "a\x1bb\x00c"),
)
HOSTILE_HEAD = (
    b"<base href=\"javascript:alert('base')//\">\n"
    b'<meta http-equiv="refresh" content="0;url=javascript:alert(\'refresh\')">\n'
)
REFRESH_PAGE = b'<meta http-equiv="refresh" content="0;url=/">\n'
REFRESH_IN_BODY = b'<meta http-equiv="refresh" content="0;url=javascript:alert(\'body\')">\n'
HOSTILE_LINKS = (
    b'<div class="news-item"><h3><a href="javascript:alert(1)//tin-tuc/a-9101.html">A</a></h3>'
    b"</div>\n"
    b'<div class="news-item"><h3><a href="data:text/html,/tin-tuc/b-9102.html">B</a></h3></div>\n'
    b'<div class="news-item"><h3><a href="http://evil.example/tin-tuc/c-9103.html">C</a></h3>'
    b"</div>\n"
    b'<div class="news-item"><h3><a href="//evil.example/tin-tuc/d-9104.html">D</a></h3></div>\n'
    b'<div class="news-item"><h3><a href="http://[::1/tin-tuc/e-9105.html">E</a></h3></div>\n'
)
HOSTILE_NEXT = (
    b'<a href="javascript:alert(2)//chuyen-muc/x/trang-9.html">9</a> '
    b'<a href="http://evil.example/chuyen-muc/x/trang-10.html">10</a> '
)
HUGE_SIZE = 20 * 1024 * 1024
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # the marks cp1258 has as combining


def to_cp1258(text: str) -> bytes:
    """Encode Vietnamese text as Windows-1258: vowels precomposed, tone marks combining."""
    out = []
    for char in unicodedata.normalize("NFC", text):
        try:
            out.append(char.encode("cp1258"))
            continue
        except UnicodeEncodeError:
            pass
        marks = unicodedata.normalize("NFD", char)
        tones = "".join(m for m in marks if m in _TONES)
        base = unicodedata.normalize("NFC", "".join(m for m in marks if m not in _TONES))
        out.append((base + tones).encode("cp1258", errors="xmlcharrefreplace"))
    return b"".join(out)


class PortalState:
    """Shared by the handler threads: faults, robots additions, hit counts and times."""

    def __init__(
        self,
        faults: Mapping[str, str] | None = None,
        disallow: Sequence[str] = (),
        slow_seconds: float = 5.0,
        origin: str | None = None,
    ) -> None:
        unknown = sorted(set((faults or {}).values()) - set(FAULT_MODES))
        if unknown:
            raise ValueError(f"unknown fault mode(s) {unknown}; known: {', '.join(FAULT_MODES)}")
        self.faults = dict(faults or {})
        self.disallow = list(disallow)
        self.slow_seconds = slow_seconds
        self.origin = origin
        self.base_url = ""  # set by serve() once the port is known
        self.hits: collections.Counter[str] = collections.Counter()
        self.times: dict[str, list[float]] = collections.defaultdict(list)
        self.user_agents: set[str] = set()
        self.lock = threading.Lock()
        self.stopping = threading.Event()

    def record(self, path: str, user_agent: str = "") -> int:
        with self.lock:
            self.user_agents.add(user_agent)
            self.hits[path] += 1
            self.times[path].append(time.monotonic())
            return self.hits[path]


class DemoPortalHandler(SimpleHTTPRequestHandler):
    state: PortalState  # set by serve()
    protocol_version = "HTTP/1.1"
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, **EXTRA_TYPES}

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - stdlib signature
        pass

    def _send(self, status: int, body: bytes, content_type: str, extra=()) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in extra:
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        parts = urlsplit(self.path)
        path = parts.path
        count = self.state.record(self.path, self.headers.get("User-Agent", ""))
        mode = self.state.faults.get(path)
        if path == "/robots.txt":
            return self._robots()
        if mode == "500-always" or (mode == "500-once" and count == 1):
            return self._send(500, b"<h1>500 Internal Server Error</h1>", "text/html")
        if mode == "429-once" and count == 1:
            return self._send(429, b"Too Many Requests", "text/plain", [("Retry-After", "1")])
        if mode == "redirect-javascript":
            self.send_response(302)
            self.send_header("Location", "javascript:alert('redirect')")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        if mode == "redirect-loop":
            target = path if parts.query else f"{path}?r=1"
            self.send_response(302)
            self.send_header("Location", target)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        if mode == "huge":
            return self._huge()
        if mode == "slow":
            self.state.stopping.wait(self.state.slow_seconds)
        file = self._file(path, parts.query)
        if file is None:
            return self._send(404, "<h1>404 Không tìm thấy trang</h1>".encode(), "text/html")
        data = file.read_bytes()
        ctype = self.guess_type(str(file.with_name(file.name.partition(QUERY_MARK)[0])))
        if ctype.startswith("text/") or ctype in CHARSET_TYPES:
            ctype += "; charset=utf-8"
        data = self._rebase(data, ctype)
        if mode == "no-date":
            data = re.sub(rb'<div class="news-date">.*?</div>\n?', b"", data)
        elif mode in ("hostile-head", "refresh-page"):
            head = HOSTILE_HEAD if mode == "hostile-head" else REFRESH_PAGE
            data = data.replace(b"<head>\n", b"<head>\n" + head, 1)
        elif mode == "refresh-in-body":
            marker = b'<div class="news-content">\n'
            data = data.replace(marker, marker + REFRESH_IN_BODY, 1)
        elif mode == "hostile-links":
            data = data.replace(
                b'<div class="list-news">\n', b'<div class="list-news">\n' + HOSTILE_LINKS, 1
            )
            data = data.replace(
                b'<div class="pagination">', b'<div class="pagination">' + HOSTILE_NEXT, 1
            )
        elif mode == "latin1-header":
            ctype = "text/html; charset=iso-8859-1"
        elif mode == "cp1258":
            text = data.decode("utf-8").replace('charset="utf-8"', 'charset="windows-1258"')
            text = text.replace('<meta charset="utf-8">', '<meta charset="windows-1258">')
            data = to_cp1258(text)
            ctype = "text/html; charset=windows-1258"
        if mode == "truncated":
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data[: len(data) // 2])
            self.wfile.flush()
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(2)
            return None
        return self._send(200, data, ctype, ODD_HEADERS if mode == "odd-headers" else ())

    def do_HEAD(self) -> None:  # noqa: N802 - stdlib name
        self.do_GET()

    def _file(self, path: str, query: str = "") -> Path | None:
        local = Path(self.translate_path(path))
        if query and "/" not in query and "\\" not in query and not local.is_dir():
            variant = local.with_name(local.name + QUERY_MARK + query)
            inside = variant.parent.resolve().is_relative_to(Path(self.directory).resolve())
            if inside and variant.is_file():
                return variant
        if local.is_dir():
            local = local / "index.html"
        return local if local.is_file() else None

    def _robots(self) -> None:
        base = (Path(self.directory) / "robots.txt").read_text(encoding="utf-8")
        extra = "".join(f"Disallow: {prefix}\n" for prefix in self.state.disallow)
        body = base.replace("User-agent: *\n", "User-agent: *\n" + extra, 1).encode()
        self._send(200, self._rebase(body, "text/plain"), "text/plain; charset=utf-8")

    def _rebase(self, data: bytes, ctype: str) -> bytes:
        """The portal's own origin replaced by the server's base URL (text and .gz files)."""
        origin = self.state.origin
        if not origin:
            return data
        old, new = origin.encode(), self.state.base_url.encode()
        if ctype == "application/gzip":
            return gzip.compress(gzip.decompress(data).replace(old, new), mtime=0)
        if ctype.startswith("text/") or ctype.split(";")[0] in CHARSET_TYPES:
            return data.replace(old, new)
        return data

    def _huge(self) -> None:
        head = "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Trang lớn</title>".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(HUGE_SIZE))
        self.end_headers()
        filler = b"<p>" + b"x" * 1020 + b"</p>"
        sent = 0
        with contextlib.suppress(OSError):
            self.wfile.write(head)
            sent = len(head)
            while sent < HUGE_SIZE and not self.state.stopping.is_set():
                chunk = filler[: HUGE_SIZE - sent]
                self.wfile.write(chunk)
                sent += len(chunk)
        self.close_connection = True


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False


@contextlib.contextmanager
def serve(
    root: Path = DEMO_ROOT,
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    faults: Mapping[str, str] | None = None,
    disallow: Sequence[str] = (),
    slow_seconds: float = 5.0,
    origin: str | None = None,
) -> Iterator[tuple[str, PortalState]]:
    """Serve `root` on http://host:port (0 = a free port); yields (base URL, state).

    `origin`: the address the portal's files carry (PORTALS), replaced by the base URL."""
    state = PortalState(faults, disallow, slow_seconds, origin)
    handler = type("Handler", (DemoPortalHandler,), {"state": state})
    server = _Server((host, port), functools.partial(handler, directory=str(root)))
    state.base_url = f"http://{host}:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, name="demo-portal", daemon=True)
    thread.start()
    try:
        yield state.base_url, state
    finally:
        state.stopping.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def _fault(text: str) -> tuple[str, str]:
    path, sep, mode = text.partition("=")
    if not sep or mode not in FAULT_MODES:
        known = ", ".join(FAULT_MODES)
        raise argparse.ArgumentTypeError(f"expected PATH=MODE with MODE in {known}")
    return path, mode


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.demo_portal",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (0 = a free one)")
    parser.add_argument("--portal", choices=sorted(PORTALS), default="demo", help="which portal")
    parser.add_argument("--root", type=Path, help="folder to serve (default: the portal's)")
    parser.add_argument("--fault", type=_fault, action="append", default=[], metavar="PATH=MODE")
    parser.add_argument(
        "--disallow",
        action="append",
        default=[],
        metavar="PREFIX",
        help="add a robots.txt Disallow line",
    )
    args = parser.parse_args(argv)
    root, origin = PORTALS[args.portal]
    options = {"faults": dict(args.fault), "disallow": args.disallow, "origin": origin}
    with serve(args.root or root, port=args.port, **options) as (url, _):
        print(f"Demo portal ({args.portal}) on {url}/ (Ctrl-C to stop)", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            while True:
                time.sleep(3600)
    return 0


if __name__ == "__main__":
    sys.exit(main())
