"""The part of an article page that shows other articles, and patching it (pure string work).

A shard renders its article pages knowing only its own articles, so two things on them can
differ from a whole build: the previous/next links (date order over the whole site) and the
"Các tin khác" links (an item links to an archived article of any portal). In the theme both
come last in the article's content block, right after `</article>`. `tail_template` takes
that part of `article.html` (from the closing tag to the block's end) as a template of its own;
rendered with the shard's values it is found in the shard's page, rendered with the site-wide
values it replaces them. Everything else on the page is the shard's, byte for byte.
"""

from __future__ import annotations

import re

MARKER = "</article>\n"
_END = re.compile(r"\{%-?\s*endblock")


class TailError(ValueError):
    """The page or the template is not shaped as the merge expects; the message says which."""


def tail_template(article_template_source: str, *, name: str = "article.html") -> str:
    """The template text between the last `</article>` line of `article.html` and the end of
    the block that holds it."""
    start = article_template_source.rfind(MARKER)
    if start < 0:
        raise TailError(
            f"{name}: no '</article>' line; the shard merge needs the article's own markup to "
            "end there, before the other-news and previous/next parts"
        )
    start += len(MARKER)
    end = _END.search(article_template_source, start)
    if end is None:
        raise TailError(f"{name}: no '{{% endblock %}}' after the last '</article>' line")
    return article_template_source[start : end.start()]


def patch_page(page: str, old_tail: str, new_tail: str, *, where: str) -> str:
    """`page` with the rendered tail `old_tail` (right after the last `</article>` line that is
    followed by it) replaced by `new_tail`. TailError naming `where` when it is not there."""
    if old_tail == new_tail:
        return page
    position = page.rfind(MARKER + old_tail)
    if position < 0:
        raise TailError(
            f"{where}: the shard's page does not hold the part it should show after "
            "'</article>' (was it edited, or built by another version of the theme?); rebuild "
            "the shard (make shard PORTAL=...) and merge again"
        )
    start = position + len(MARKER)
    return page[:start] + new_tail + page[start + len(old_tail) :]


def page_suffix(page: str, old_tail: str) -> str | None:
    """What follows the rendered tail `old_tail` in `page` (the rest of the base template; the
    same for every article page at the same depth), or None when it is not there."""
    position = page.rfind(MARKER + old_tail)
    if position < 0:
        return None
    return page[position + len(MARKER) + len(old_tail) :]


def replace_tail(page: str, suffix: str, new_tail: str) -> str | None:
    """`page` with whatever lies between its last `</article>` line and `suffix` replaced by
    `new_tail`; None when the page does not end with `suffix`. (The tail holds no newline
    after `</article>` text of its own: titles are one line, other news escaped.)"""
    if not page.endswith(suffix):
        return None
    end = len(page) - len(suffix)
    position = page.rfind(MARKER, 0, end)
    if position < 0:
        return None
    return page[: position + len(MARKER)] + new_tail + page[end:]
