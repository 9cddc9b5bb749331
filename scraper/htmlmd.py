"""Sanitised article HTML (BeautifulSoup) -> Markdown body text. Pure and deterministic.

Everything that comes from a portal is escaped so that it stays text: it cannot become Markdown
link/image syntax, raw HTML, Pelican `{static}` links or Jinja-looking `{{ }}`; the only HTML in
the output is the `<figure>` blocks (shape documented in notes/site-figures.md) and sanitised
tables, whose text is HTML-escaped.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from urllib.parse import quote

from bs4 import NavigableString, Tag

from archive_core.text import collapse_whitespace
from scraper.models import Image

BLOCKS = frozenset(
    "p div section article blockquote ul ol li h1 h2 h3 h4 h5 h6 figure table pre hr dl dt dd "
    "figcaption caption thead tbody tfoot tr".split()
)
HEADING_LEVEL = {"h1": 2, "h2": 2, "h3": 3, "h4": 4, "h5": 4, "h6": 4}

_INLINE_ESCAPE = re.compile(r"([\\`*_\[\]{}|])")
_LINE_START = re.compile(r"^(\s*)([-+#>]|\d+(?=[.)]))")


def escape_inline(text: str) -> str:
    """Escape Markdown/HTML-significant characters in portal text (one line)."""
    # Every "&": browsers read "&#0", "&copy" as references even without ";".
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _INLINE_ESCAPE.sub(r"\\\1", text)
    return text


def escape_block_start(text: str) -> str:
    """Escape what would start a list, heading, quote or definition at the start of a block."""
    if text.startswith(":"):
        return "&#58;" + text[1:]
    match = _LINE_START.match(text)
    if not match:
        return text
    if match.group(2).isdigit():
        end = match.end(2)
        return text[:end] + "\\" + text[end:]
    return text[: match.start(2)] + "\\" + text[match.start(2) :]


def escape_url(url: str) -> str:
    """Percent-encode characters that would end or confuse a Markdown link destination."""
    return quote(url, safe=":/?#@!$&'*+,;=%-._~")


def figure_block(src: str | None, caption: str, alt: str = "") -> str:
    """The figure block of notes/site-figures.md. Remote `src` -> caption-only figure with link."""
    esc = lambda s: html.escape(s, quote=True)  # noqa: E731
    lines: list[str]
    if src and src.startswith("{static}"):
        lines = ["<figure>", f'<img src="{esc(src)}" alt="{esc(alt)}">']
        if caption:
            lines.append(f"<figcaption>{esc(caption)}</figcaption>")
    else:
        if not caption and not src:
            return ""
        lines = ['<figure class="no-image">']
        text = esc(caption)
        if src:
            link = f'<a href="{esc(src)}">Ảnh gốc</a>'
            text = f"{text} ({link})" if text else link
        lines.append(f"<figcaption>{text}</figcaption>")
    lines.append("</figure>")
    return "\n".join(lines)


@dataclass
class Body:
    blocks: list[str] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    paragraphs: int = 0

    @property
    def markdown(self) -> str:
        return "\n\n".join(b for b in self.blocks if b) + ("\n" if self.blocks else "")


class _Converter:
    def __init__(self) -> None:
        self.body = Body()

    # -- inline -------------------------------------------------------------------------------
    def inline(self, node: Tag | NavigableString) -> str:
        if isinstance(node, NavigableString):
            return escape_inline(collapse_inline(str(node)))
        name = node.name
        if name == "br":
            return "\n"
        if name == "img":
            return ""
        inner = "".join(self.inline(c) for c in node.children)
        if name in ("strong", "b"):
            return _wrap(inner, "**")
        if name in ("em", "i", "cite"):
            return _wrap(inner, "*")
        if name in ("sub", "sup"):
            text = inner.strip()
            return f"<{name}>{text}</{name}>" if text else ""
        if name == "code":
            return _wrap(inner, "`") if "`" not in inner else inner
        if name == "a":
            href = node.get("href")
            text = inner.strip()
            if href and text and not str(href).startswith("#"):
                return _spaced(inner, f"[{text}]({escape_url(str(href))})")
            return inner
        return inner

    # -- blocks -------------------------------------------------------------------------------
    def paragraph_text(self, node: Tag) -> str:
        text = "".join(self.inline(c) for c in node.children)
        lines = [" ".join(part.split()) for part in text.split("\n")]
        lines = [line for line in lines if line]
        return "  \n".join(lines)

    def add_paragraph(self, text: str, *, count: bool = True) -> None:
        if text:
            self.body.blocks.append(escape_block_start(text))
            if count:
                self.body.paragraphs += 1

    def figure(self, node: Tag) -> None:
        img = node if node.name == "img" else node.find("img")
        src = str(img.get("src", "")) if img is not None else ""
        alt = collapse_whitespace(str(img.get("alt", ""))) if img is not None else ""
        cap_el = node.find("figcaption") if node.name != "img" else None
        caption = collapse_whitespace(cap_el.get_text(" ")) if cap_el is not None else ""
        if not src and not caption:
            return
        self.body.images.append(Image(src=src, caption=caption, alt=alt))
        self.body.blocks.append(figure_block(src or None, caption, alt))

    def block(self, node: Tag) -> None:
        name = node.name
        if name in HEADING_LEVEL:
            text = escape_inline(collapse_whitespace(node.get_text(" ")))
            if text:
                self.body.blocks.append("#" * HEADING_LEVEL[name] + " " + text)
            return
        if name == "figure" or name == "img":
            self.figure(node)
            return
        if name in ("ul", "ol"):
            self.list_block(node)
            return
        if name == "blockquote":
            sub = _Converter()
            sub.container(node)
            self.body.images.extend(sub.body.images)
            self.body.paragraphs += sub.body.paragraphs
            quoted = "\n>\n".join(
                "\n".join("> " + line if line else ">" for line in b.split("\n"))
                for b in sub.body.blocks
                if b
            )
            if quoted:
                self.body.blocks.append(quoted)
            return
        if name == "table":
            self.table(node)
            return
        if name == "hr":
            self.body.blocks.append("* * *")
            return
        if name == "pre":
            text = node.get_text()
            if text.strip():
                self.body.blocks.append(
                    "<pre>" + html.escape(text.strip("\n"), quote=False) + "</pre>"
                )
            return
        if name == "p" or not any(
            isinstance(c, Tag) and (c.name in BLOCKS or c.name == "img") for c in node.children
        ):
            self.paragraph_like(node)
            return
        self.container(node)

    def paragraph_like(self, node: Tag) -> None:
        # Images inside a paragraph become figures after it.
        imgs = node.find_all("img")
        text = self.paragraph_text(node)
        if text and _is_bold_heading(node, text):
            plain = escape_inline(collapse_whitespace(node.get_text(" ")))
            self.body.blocks.append("### " + plain)
        else:
            self.add_paragraph(text)
        for img in imgs:
            self.figure(img)

    def container(self, node: Tag) -> None:
        run: list[Tag | NavigableString] = []

        def flush() -> None:
            if not run:
                return
            text = "".join(self.inline(c) for c in run)
            lines = [" ".join(part.split()) for part in text.split("\n")]
            self.add_paragraph("  \n".join(line for line in lines if line))
            run.clear()

        for child in node.children:
            if isinstance(child, Tag) and (child.name in BLOCKS or child.name == "img"):
                flush()
                self.block(child)
            elif isinstance(child, Tag) and child.find(["img", *BLOCKS]) is not None:
                flush()
                self.container(child)
            else:
                run.append(child)
        flush()

    def list_block(self, node: Tag) -> None:
        ordered = node.name == "ol"
        items = []
        for i, li in enumerate(node.find_all("li", recursive=False), start=1):
            text = " ".join(self.paragraph_text(li).split())
            if text:
                items.append((f"{i}. " if ordered else "- ") + text)
        if items:
            self.body.blocks.append("\n".join(items))
            self.body.paragraphs += len(items)

    def table(self, node: Tag) -> None:
        rows = []
        for tr in node.find_all("tr"):
            cells = []
            for cell in tr.find_all(["td", "th"], recursive=False):
                attrs = "".join(
                    f' {k}="{html.escape(str(cell.get(k)))}"'
                    for k in ("colspan", "rowspan")
                    if str(cell.get(k, "")).isdigit()
                )
                text = html.escape(collapse_whitespace(cell.get_text(" ")), quote=False)
                cells.append(f"<{cell.name}{attrs}>{text}</{cell.name}>")
            if cells:
                rows.append("<tr>" + "".join(cells) + "</tr>")
        if rows:
            self.body.blocks.append("<table>\n" + "\n".join(rows) + "\n</table>")


def _wrap(inner: str, mark: str) -> str:
    text = inner.strip()
    if not text:
        return inner
    return _spaced(inner, f"{mark}{text}{mark}")


def _spaced(inner: str, core: str) -> str:
    lead = " " if inner[:1].isspace() else ""
    trail = " " if inner[-1:].isspace() else ""
    return f"{lead}{core}{trail}"


def _is_bold_heading(node: Tag, text: str) -> bool:
    """A short paragraph that is bold as a whole and does not end a sentence: a subheading."""
    if node.name != "p" or len(text) > 200 or text.rstrip("*").rstrip().endswith((".", ":")):
        return False
    strong = [c for c in node.children if not (isinstance(c, NavigableString) and not c.strip())]
    return len(strong) == 1 and isinstance(strong[0], Tag) and strong[0].name in ("strong", "b")


def collapse_inline(text: str) -> str:
    """NFC etc. but keep a single leading/trailing space (word boundaries between inline tags)."""
    if not text:
        return ""
    core = collapse_whitespace(text)
    if not core:
        return " " if text[:1].isspace() or text[-1:].isspace() else ""
    lead = " " if text[:1].isspace() else ""
    trail = " " if text[-1:].isspace() else ""
    return f"{lead}{core}{trail}"


def html_to_markdown(root: Tag) -> Body:
    """Convert a sanitised body element to Markdown blocks, images and a paragraph count."""
    conv = _Converter()
    conv.container(root)
    return conv.body
