"""import-warc on a big WARC: time and peak memory (RSS) of the command, against the baseline of
Python with the importer loaded, and against reading every body the way `replay` does
(`latest_pages`). The WARC is generated: `pages` article pages of the demo portal's layout
(`/tin-tuc/...-N.html`, each ~9 kB with one ~30 kB photo) and their listing pages, one gzip
member per record, as wget writes.

    .venv/bin/python -m bench.import_warc [--pages 3000] [--work bench/work]
"""

from __future__ import annotations

import argparse
import io
import json
import random
import shutil
import sys
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from .harness import PY, ROOT, run_measured

ORIGIN = "http://127.0.0.1:8000"
TEMPLATE = ROOT / "tests" / "fixtures" / "demo_portal" / "tin-tuc"
_PHOTO = b"\x89PNG\r\n\x1a\n"


def _article(template: str, number: int, rnd: random.Random) -> str:
    """The demo layout with its own headline, date, text and photo."""
    words = template.split("<p>", 2)[1].split("</p>", 1)[0].split()
    text = "".join(
        "<p>" + " ".join(rnd.choice(words) for _ in range(rnd.randint(40, 90))) + ".</p>\n"
        for _ in range(rnd.randint(6, 12))
    )
    head, rest = template.split('<div class="news-content">\n', 1)
    body_end = rest.index("</div>\n")
    head = head.replace('<h1 class="news-title">', f'<h1 class="news-title">Bài số {number}: ')
    day = 1 + number % 28
    month = 1 + number % 12
    head = _replace_date(head, f"{day:02d}/{month:02d}/{2015 + number % 10} - 08:{number % 60:02d}")
    photo = f'<figure class="image"><img src="/uploads/bench/anh-{number}.png" alt="Ảnh {number}">'
    photo += f"<figcaption>Ảnh minh họa số {number}</figcaption></figure>\n"
    return head + '<div class="news-content">\n' + text + photo + rest[body_end:]


def _replace_date(html: str, date: str) -> str:
    start = html.index('<div class="news-date">') + len('<div class="news-date">')
    end = html.index("</div>", start)
    return html[:start] + date + html[end:]


def generate_warc(path: Path, pages: int, seed: int = 19) -> Path:
    """A wget-like WARC of `pages` articles, their photos and listing pages (deterministic)."""
    rnd = random.Random(seed)
    template = sorted(TEMPLATE.glob("*.html"))[0].read_text(encoding="utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "bench"}))

        def response(url: str, body: bytes, ctype: str) -> None:
            http = StatusAndHeaders(
                "200 OK", [("Content-Type", ctype), ("Content-Length", str(len(body)))], "HTTP/1.1"
            )
            record = writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), length=len(body), http_headers=http
            )
            writer.write_record(record)

        links = []
        for number in range(1, pages + 1):
            url = f"{ORIGIN}/tin-tuc/bai-so-{number}-{100000 + number}.html"
            html = _article(template, number, rnd)
            response(url, html.encode(), "text/html; charset=utf-8")
            photo = _PHOTO + rnd.randbytes(30_000)
            response(f"{ORIGIN}/uploads/bench/anh-{number}.png", photo, "image/png")
            links.append(
                f'<div class="news-item"><h3><a href="{url}">Bài số {number}</a></h3></div>'
            )
        for start in range(0, len(links), 20):
            listing = "<html><body><div class='list-news'>" + "".join(links[start : start + 20])
            page = f"{ORIGIN}/chuyen-muc/bench/trang-{start // 20 + 1}.html"
            response(page, (listing + "</div></body></html>").encode(), "text/html; charset=utf-8")
    return path


def _python(code: str, work: Path, name: str):
    return run_measured([PY, "-c", code], ROOT, work / "logs" / f"{name}.log")


def measure(pages: int = 3000, work: Path = ROOT / "bench" / "work") -> dict:
    """Generate the WARC (once per size), import it with and without a profile; RSS in MB."""
    warc = work / "import-warc" / f"bench-{pages}.warc.gz"
    if not warc.is_file():
        generate_warc(warc, pages)
    (work / "logs").mkdir(parents=True, exist_ok=True)
    result: dict = {"pages": pages, "warc_mb": round(warc.stat().st_size / 1e6, 1)}
    baseline = _python("import scraper.warcs.importer, scraper.extract", work, "import-base")
    result["python_with_importer"] = {"max_rss_mb": round(baseline.max_rss_mb, 1)}
    for label, extra in (("profile", ["--profile", "demo"]), ("generic", [])):
        out = work / "import-warc" / f"out-{label}"
        shutil.rmtree(out, ignore_errors=True)
        command = [PY, "-m", "scraper", "import-warc", str(warc), "--output", str(out), *extra]
        run = run_measured(command, ROOT, work / "logs" / f"import-{label}.log")
        articles = sum(1 for _ in out.rglob("*.md"))
        result[f"import_{label}"] = {
            "seconds": round(run.seconds, 1),
            "max_rss_mb": round(run.max_rss_mb, 1),
            "articles": articles,
            "pages_per_second": round(articles / run.seconds, 1),
        }
    loaded = _python(
        f"from pathlib import Path; from scraper.captures import latest_pages;"
        f" print(len(latest_pages(Path({str(warc)!r}))))",
        work,
        "latest-pages",
    )
    result["every_body_loaded"] = {"max_rss_mb": round(loaded.max_rss_mb, 1)}
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=3000)
    parser.add_argument("--work", type=Path, default=ROOT / "bench" / "work")
    args = parser.parse_args(argv)
    print(json.dumps(measure(args.pages, args.work), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
