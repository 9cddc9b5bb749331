"""The Hugo reference: the same corpus converted to Hugo front matter, with a minimal layout.

Hugo is what a user would switch to for speed; we build the same articles with it and time it.
"""

from __future__ import annotations

import json
from pathlib import Path

LAYOUT_BASE = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body>{{ block "main" . }}{{ end }}</body></html>
"""
LAYOUT_SINGLE = """{{ define "main" }}<article><h1>{{ .Title }}</h1>
<p>{{ .Date.Format "02/01/2006" }}</p>{{ .Content }}</article>{{ end }}
"""
LAYOUT_LIST = """{{ define "main" }}<h1>{{ .Title }}</h1><ul>
{{ range .Paginator.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}
</ul>{{ end }}
"""
CONFIG = """baseURL = "/"
languageCode = "vi"
title = "Hugo reference"
paginate = 12
disableKinds = ["RSS"]
[taxonomies]
category = "categories"
tag = "tags"
author = "authors"
[permalinks]
posts = "/:year/:month/:slug/"
"""


def _parse_pelican(text: str) -> tuple[dict[str, str], list[str], str]:
    header, _, body = text.partition("\n\n")
    meta: dict[str, str] = {}
    other: list[str] = []
    key = ""
    for line in header.splitlines():
        if line.startswith("    ") and key == "other_news":
            other.append(line.strip())
            continue
        key, _, value = line.partition(":")
        key = key.strip().lower()
        meta[key] = value.strip()
        if key == "other_news":
            other.append(value.strip())
    return meta, other, body


def convert_article(text: str) -> str:
    """A Pelican Markdown article as a Hugo page with TOML-compatible JSON front matter."""
    meta, other, body = _parse_pelican(text)
    front = {
        "title": meta["title"],
        "date": meta["date"],
        "slug": meta.get("slug", ""),
        "summary": meta.get("summary", ""),
        "categories": [meta.get("category", "")],
        "tags": [t.strip() for t in meta.get("tags", "").split(",") if t.strip()],
        "authors": [meta.get("authors", "")],
        "source": meta.get("source", ""),
        "other_news": other,
    }
    return json.dumps(front, ensure_ascii=False, indent=1) + "\n\n" + body


def make_hugo_site(corpus: Path, site: Path) -> Path:
    """Write a Hugo site for the corpus into `site`; returns it."""
    (site / "layouts" / "_default").mkdir(parents=True, exist_ok=True)
    (site / "content" / "posts").mkdir(parents=True, exist_ok=True)
    (site / "config.toml").write_text(CONFIG, encoding="utf-8")
    layouts = site / "layouts" / "_default"
    (layouts / "baseof.html").write_text(LAYOUT_BASE, encoding="utf-8")
    (layouts / "single.html").write_text(LAYOUT_SINGLE, encoding="utf-8")
    (layouts / "list.html").write_text(LAYOUT_LIST, encoding="utf-8")
    for path in sorted(corpus.rglob("*.md")):
        target = site / "content" / "posts" / path.name
        target.write_text(convert_article(path.read_text(encoding="utf-8")), encoding="utf-8")
    return site
