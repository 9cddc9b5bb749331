"""Is a page the generic extractor could read an article, or a listing? Pure.

Without a profile nothing says which captured pages are articles, and the generic extractor
reads almost any page with a heading, a date and some text: a section page comes out as an
"article" titled "Kinh tế" whose text is its teasers. Such a page is not written. A page is not
an article when:

- its text is empty once the page's frame and link lists are taken away;
- its text is a list of dated items: two or more paragraphs that are a date (and time), alone
  or beside a short label or a link to another page (not to a document such as a PDF), as
  listing pages print one per teaser;
- its headline is the text of an entry in the site's menu (`<nav>`, or a class or id naming a
  menu): the headline of a section page, never of a bulletin (checked on short headlines).

Articles are kept whatever else the page holds (related teasers, a body that quotes dates).
"""

from __future__ import annotations

import re

from lxml import etree

from archive_core.text import fold_key
from scraper.dom import element_text, parse_document
from scraper.models import Article

_DATE = re.compile(
    r"\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b(?:\s*[-,|·]?\s*\d{1,2}[:h]\d{2}(?::\d{2})?)?"
    r"|\b\d{1,2}:\d{2}\b"
)
_LINK = re.compile(r"!?\[([^\]]*)\]\(([^)\s]*)[^)]*\)")
_DOCUMENT = re.compile(r"\.(?:pdf|docx?|xlsx?|pptx?|odt|ods|zip|rar|7z)(?:$|[?#])", re.I)
_MARKUP = re.compile(r"<[^>]+>|[*_#>`]")
_WORD = re.compile(r"\w+")
_MENU = re.compile(r"menu|\bnav|navigation", re.I)
STAMP_MAX = 80  # characters: a date line, perhaps with a section label; not a sentence
LABEL_WORDS = 3  # words beside the date in such a line
SECTION_WORDS = 8  # a headline this short may be a section's name


def date_stamps(body_markdown: str) -> int:
    """Paragraphs that are a teaser's stamp: a date (and time), alone or with a short label
    (a section's name) or with one link to another page (its title)."""
    count = 0
    for paragraph in re.split(r"\n\s*\n", body_markdown):
        links = _LINK.findall(paragraph)
        labelled = _MARKUP.sub(" ", _LINK.sub(r"\1", paragraph)).strip()
        bare = _MARKUP.sub(" ", _LINK.sub(" ", paragraph)).strip()
        if len(links) == 1 and not _DOCUMENT.search(links[0][1]):
            text = bare  # a title link and its date
        elif len(labelled) <= STAMP_MAX:
            text = labelled  # a date and perhaps a label
        else:
            continue
        if _DATE.search(text) and len(_WORD.findall(_DATE.sub(" ", text))) <= LABEL_WORDS:
            count += 1
    return count


def _in_menu(el: etree._Element) -> bool:
    for ancestor in el.iterancestors():
        if (
            ancestor.tag == "nav"
            or ancestor.get("role") == "navigation"
            or _MENU.search(f"{ancestor.get('class') or ''} {ancestor.get('id') or ''}")
        ):
            return True
    return False


def menu_entries(html: bytes | str, encoding: str | None = None) -> set[str]:
    """The folded texts of the links in the page's menus."""
    try:
        doc = parse_document(html, encoding)
    except (ValueError, etree.ParserError):
        return set()
    return {fold_key(element_text(a)) for a in doc.iter("a") if _in_menu(a)} - {""}


def not_an_article(article: Article, html: bytes | str, encoding: str | None = None) -> str | None:
    """Why the page `article` was read from is not an article (a reason a person
    understands), or None when it is one."""
    text = _MARKUP.sub(" ", _LINK.sub(r"\1", article.body_markdown))
    if not _WORD.search(text):
        return "no running text (the page's text is its frame and link lists)"
    stamps = date_stamps(article.body_markdown)
    if stamps >= 2:
        return f"a list of {stamps} dated items (a listing page)"
    title = fold_key(article.title)
    if len(title.split()) <= SECTION_WORDS and title in menu_entries(html, encoding):
        return f"its headline {article.title!r} is an entry of the site's menu (a section page)"
    return None
