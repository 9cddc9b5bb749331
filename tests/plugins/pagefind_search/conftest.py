"""A search test site built once per session, served on 127.0.0.1 with the strict CSP."""

from __future__ import annotations

from http.server import SimpleHTTPRequestHandler

import pytest

from tests.support.server import _QuietHandler, serve_directory
from tests.support.site import build_site

from .corpus import write_corpus

CSP = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self' blob:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'"
)


class CspHandler(_QuietHandler):
    """Sends the Content-Security-Policy header the README documents."""

    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", CSP)
        SimpleHTTPRequestHandler.end_headers(self)


@pytest.fixture(scope="session")
def search_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("search-site")
    content = write_corpus(root, demo=True)
    output = root / "output"
    build_site(content, output)
    return output


@pytest.fixture(scope="module")
def base_url(search_site):
    with serve_directory(search_site, handler=CspHandler) as url:
        yield url
