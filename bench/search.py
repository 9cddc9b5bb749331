"""Measure search in a real browser: bytes transferred and time from query to rendered results.

`measure_search(site_dir, queries)` serves a built site on 127.0.0.1, opens its search page
(/tim-kiem/, over our own index in search/, plugin search_index) in headless Debian Chromium
with a cold cache for every query, submits the query through the search box and waits until the
results are rendered. It returns, per query, the bytes transferred (page + assets + index files)
and the milliseconds from submitting the query to rendered results, plus medians.

`mode="plain"` measures plain Pagefind over the same kind of site (no search page of ours): a tiny
harness page imports /pagefind/pagefind.js, runs the raw query and loads the data of the first
five results, which is what the default Pagefind UI does before it shows anything.

    python -m bench.search SITE_DIR "giải ngân" "dau tu cong" [--mode plain]
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import os
import re
import statistics
import sys
from pathlib import Path
from urllib.parse import quote

from tests.support.browser import launch_browser, new_logged_page
from tests.support.server import serve_directory

SEARCH_PATH = "/tim-kiem/"
HARNESS_PATH = "/__bench_plain_pagefind__.html"
# The plain harness: the same work the default Pagefind UI does for a query (init, search, load
# the first five results' data). Served by a Playwright route, so it adds no bytes of its own.
_HARNESS = """<!doctype html><html><head><meta charset="utf-8"></head><body>
<input id="q"><div id="out"></div>
<script type="module" src="/__bench_plain_pagefind__.js"></script></body></html>"""
_HARNESS_JS = """
const pagefind = await import("/pagefind/pagefind.js");
await pagefind.init();
window.runQuery = async (q) => {
  const t0 = performance.now();
  const search = await pagefind.search(q);
  const data = await Promise.all(search.results.slice(0, 5).map((r) => r.data()));
  document.getElementById("out").textContent = data.map((d) => d.meta.title).join("\\n");
  return { ms: performance.now() - t0, count: search.results.length };
};
window.harnessReady = true;
"""
_TEXT_TYPES = ("text/", "application/javascript", "application/json")


def _transfer_size(body: bytes, content_type: str) -> int:
    """Bytes a static host sends: text assets gzip-compressed, the rest as they are."""
    if content_type.startswith(_TEXT_TYPES):
        return len(gzip.compress(body, compresslevel=6, mtime=0))
    return len(body)


def _record_responses(page) -> list:
    """Every response of the page; their bodies are read after the query (`_sizes`), so reading
    them over the DevTools protocol does not slow the query being timed."""
    responses: list = []
    page.on("response", lambda response: responses.append(response))
    return responses


def _sizes(responses: list) -> list[dict]:
    records = []
    for response in responses:
        try:
            body = response.body()
        except Exception:  # redirects and aborted requests have no body
            continue
        content_type = response.headers.get("content-type", "")
        records.append(
            {"url": response.url, "raw": len(body), "transfer": _transfer_size(body, content_type)}
        )
    return records


# Timed inside the page with its own clock (like the plain harness): from the submit event to the
# moment the search page marks the results as rendered (data-state="done" for this query).
_START_CLOCK = """q => {
  const app = document.getElementById("search-app");
  window.__benchStart = null;
  window.__benchDone = null;
  document.getElementById("search-form").addEventListener(
    "submit", () => { window.__benchStart = performance.now(); }, { capture: true, once: true });
  new MutationObserver((_, observer) => {
    if (window.__benchStart !== null && app.dataset.state === "done" && app.dataset.query === q) {
      window.__benchDone = performance.now();
      observer.disconnect();
    }
  }).observe(app, { attributes: true, attributeFilter: ["data-state", "data-query"] });
}"""


def _measure_ours(page, base: str, query: str, timeout_ms: int) -> dict:
    page.goto(f"{base}{SEARCH_PATH}", wait_until="load")
    page.wait_for_selector("#search-app[data-ready='true']", timeout=timeout_ms)
    box = page.locator("#search-input")
    box.fill(query)
    page.evaluate(_START_CLOCK, query)
    box.press("Enter")
    page.wait_for_function("() => window.__benchDone !== null", timeout=timeout_ms)
    elapsed = page.evaluate("() => window.__benchDone - window.__benchStart")
    count = page.locator("#search-results > li").count()
    status = page.locator("#search-status").inner_text()
    found = re.match(r"Tìm thấy (\d+) kết quả", status)
    return {"ms": elapsed, "shown": count, "matches": int(found.group(1)) if found else 0}


def _measure_plain(page, base: str, query: str, timeout_ms: int) -> dict:
    page.route(
        f"{base}{HARNESS_PATH}",
        lambda route: route.fulfill(body=_HARNESS, content_type="text/html"),
    )
    page.route(
        f"{base}/__bench_plain_pagefind__.js",
        lambda route: route.fulfill(body=_HARNESS_JS, content_type="text/javascript"),
    )
    page.goto(f"{base}{HARNESS_PATH}", wait_until="load")
    page.wait_for_function("() => window.harnessReady === true", timeout=timeout_ms)
    result = page.evaluate("q => window.runQuery(q)", query)
    return {"ms": result["ms"], "shown": min(5, result["count"]), "matches": result["count"]}


def measure_search(
    site_dir: Path,
    queries: list[str],
    *,
    mode: str = "ours",
    timeout_ms: int = 60_000,
    browser=None,
) -> dict:
    """Serve `site_dir`, run each query with a cold cache, return bytes and latency per query.

    Result: {"mode", "queries": [{"query", "bytes", "raw_bytes", "ms", "shown", "requests",
    "external_requests", "files"}], "median_bytes", "median_ms", "max_bytes"}. `bytes` counts
    text assets as a gzip-compressing host would send them (our index files are JSON, so
    gzip-compressed too; Pagefind's index files are already compressed). Pass `browser` to
    reuse a running Playwright browser (tests do).
    """
    if mode not in ("ours", "plain"):
        raise ValueError(f"mode must be 'ours' or 'plain', not {mode!r}")
    site_dir = Path(site_dir)
    needed = "pagefind/pagefind.js" if mode == "plain" else "tim-kiem/index.html"
    if not (site_dir / needed).is_file():
        raise FileNotFoundError(f"{site_dir}/{needed} is missing: build the site first")
    measure = _measure_ours if mode == "ours" else _measure_plain
    rows = []
    with contextlib.ExitStack() as stack:
        base = stack.enter_context(serve_directory(site_dir))
        if browser is None:
            browser = stack.enter_context(launch_browser())
        for query in queries:
            page = new_logged_page(browser)
            responses = _record_responses(page)
            records: list[dict] = []
            try:
                result = measure(page, base, query, timeout_ms)
                page.wait_for_load_state("networkidle")
                records = _sizes(responses)
            finally:
                page.context.close()
                if os.environ.get("BENCH_DEBUG"):  # every response, to see where bytes go
                    for record in records:
                        print(record["transfer"], record["url"], file=sys.stderr)
            rows.append(
                {
                    "query": query,
                    "bytes": sum(r["transfer"] for r in records),
                    "raw_bytes": sum(r["raw"] for r in records),
                    "requests": len(records),
                    "files": [(r["url"].split("/", 3)[-1], r["transfer"]) for r in records],
                    "external_requests": list(page.log.external_requests),
                    **result,
                }
            )
    return {
        "mode": mode,
        "queries": rows,
        "median_bytes": statistics.median(r["bytes"] for r in rows) if rows else 0,
        "max_bytes": max((r["bytes"] for r in rows), default=0),
        "median_ms": statistics.median(r["ms"] for r in rows) if rows else 0,
    }


def build_plain_index(site_dir: Path, view_dir: Path) -> Path:
    """Plain Pagefind over the built article pages of `site_dir` (whole pages, no folding).

    Writes the bundle to `view_dir/pagefind` and returns `view_dir`, which `measure_search(...,
    mode="plain")` can serve (the plain harness needs nothing else from the site).
    """
    import asyncio
    import concurrent.futures

    from pagefind.index import IndexConfig, PagefindIndex

    view_dir = Path(view_dir)
    view_dir.mkdir(parents=True, exist_ok=True)

    async def run() -> None:
        config = IndexConfig(output_path=str((view_dir / "pagefind").resolve()))
        async with PagefindIndex(config) as index:
            await index.add_directory(
                str(Path(site_dir).resolve()), glob="20[0-9][0-9]/[01][0-9]/*/index.html"
            )

    # Callable from code that already runs an event loop (Playwright's sync API does).
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, run()).result()
    return view_dir


def search_url(base: str, query: str) -> str:
    """The shareable URL of a query on our search page."""
    return f"{base}{SEARCH_PATH}?q={quote(query)}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Measure search bytes and latency in Chromium.")
    parser.add_argument("site_dir", type=Path)
    parser.add_argument("queries", nargs="+")
    parser.add_argument("--mode", choices=("ours", "plain"), default="ours")
    args = parser.parse_args(argv)
    print(json.dumps(measure_search(args.site_dir, args.queries, mode=args.mode), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
