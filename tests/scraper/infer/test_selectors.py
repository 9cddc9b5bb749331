"""Generalising the elements found on several pages to one selector: table-driven cases."""

from __future__ import annotations

import lxml.html
import pytest

from scraper.dom import css_select
from scraper.infer.selectors import Target, candidates, generalise, simple_selectors


def _targets(pages: list[str]) -> list[Target]:
    """Each page marks its target element(s) with data-t (an attribute no selector uses)."""
    out = []
    for html in pages:
        doc = lxml.html.document_fromstring(html)
        out.append(Target(doc, tuple(doc.xpath("//*[@data-t]"))))
    return out


def _exactly_the_targets(targets: list[Target]):
    def check(sel: str) -> bool:
        return all(css_select(t.doc, sel) == list(t.elements) for t in targets)

    return check


CASES = [
    pytest.param(
        [
            '<div class="menu"><h1 class="news-title">x</h1></div>'
            '<article class="news-detail"><h1 class="news-title" data-t>A</h1></article>',
            '<article class="news-detail wide"><h1 class="news-title big" data-t>B</h1></article>',
        ],
        "article.news-detail h1.news-title",
        id="shared class, qualified by the shared ancestor that tells it from the menu's",
    ),
    pytest.param(
        [
            '<div id="post-12345" class="detail"><span class="TieuDe" data-t>A</span></div>',
            '<div id="post-67890" class="detail"><span class="TieuDe" data-t>B</span></div>',
        ],
        "div.detail span.TieuDe",
        id="a numbered id names one page: never used",
    ),
    pytest.param(
        [
            '<div class="NoiDung"><div style="font-weight:bold" data-t>lead</div><p>x</p></div>',
            '<div class="NoiDung"><p data-t><strong>lead</strong></p><p>x</p></div>',
        ],
        "div.NoiDung > *:first-child",
        id="different tags in the same place: positional, only then",
    ),
    pytest.param(
        [
            '<ol class="crumbs"><li>Home</li><li>Sec</li><li data-t>Cat</li></ol>',
            '<ol class="crumbs"><li>Home</li><li data-t>Cat</li></ol>',
        ],
        "ol.crumbs > li:last-child",
        id="the last item of a list of varying length",
    ),
    pytest.param(
        [
            '<div class="box"><h1 class="t1" data-t>A</h1><h2>x</h2></div>',
            '<div class="box"><h1 class="t2" data-t>B</h1><h2>y</h2></div>',
        ],
        "div.box h1",
        id="classes differ: the tag in the shared context",
    ),
    pytest.param(
        [
            '<div itemprop="articleBody" data-t><p>x</p></div>',
            '<section><div itemprop="articleBody" data-t><p>y</p></div></section>',
        ],
        'div[itemprop="articleBody"]',
        id="a telling attribute",
    ),
    pytest.param(
        [
            '<div class="a"><p data-t>x</p><p>y</p></div>',
            '<div class="b"><span>z</span><p>y</p><p data-t>x</p></div>',
        ],
        None,
        id="nothing shared: no selector rather than a wrong one",
    ),
]


@pytest.mark.parametrize(("pages", "expected"), CASES)
def test_generalise(pages: list[str], expected: str | None) -> None:
    targets = _targets(pages)
    assert generalise(targets, _exactly_the_targets(targets)) == expected


def test_a_candidate_the_check_refuses_is_never_returned() -> None:
    targets = _targets(['<div class="x"><p class="c" data-t>a</p></div>'] * 2)
    refused = {"div.x p.c", "p.c"}
    found = generalise(targets, lambda sel: sel not in refused)
    assert found not in refused and found is not None
    assert candidates(targets).index(found) == min(
        i for i, c in enumerate(candidates(targets)) if c not in refused
    )


@pytest.mark.parametrize(
    ("html", "with_tag", "expected"),
    [
        ('<p class="a b" id="main">x</p>', True, ["p.a", "p.b", "p#main", "p"]),
        ('<p class="a b" id="main">x</p>', False, [".a", ".b", "#main", "*"]),
        ('<div class="item-123456 ok">x</div>', True, ["div.ok", "div"]),
        ('<div class="1bad has:colon">x</div>', True, ["div"]),
        ('<h2 data-role="sapo">x</h2>', True, ['h2[data-role="sapo"]', "h2"]),
    ],
)
def test_simple_selectors(html: str, with_tag: bool, expected: list[str]) -> None:
    el = lxml.html.fragment_fromstring(html)
    assert simple_selectors(el, with_tag=with_tag) == expected
