"""Two templates on one portal: a list of selectors, each right where it gives a value and
silent elsewhere, so that the list (tried in order) gives every sample its value."""

from __future__ import annotations

import lxml.html

from scraper.dom import select_first
from scraper.infer.cover import cover
from scraper.infer.selectors import Target
from scraper.profiles import Selector

NEW = '<div class="sidebar"><h1 class="title-detail" data-t>{}</h1></div><h1>Menu</h1>'
OLD = '<div class="title_news"><h1 data-t>{}</h1></div><div class="x"><h1>Other</h1></div>'


def _samples(pages: list[str]) -> tuple[list[Target], list[str]]:
    targets, wanted = [], []
    for i, template in enumerate(pages):
        doc = lxml.html.document_fromstring(template.format(f"Headline {i}"))
        targets.append(Target(doc, tuple(doc.xpath("//*[@data-t]"))))
        wanted.append(f"Headline {i}")
    return targets, wanted


def _first(doc, selectors: list[str]) -> str:
    return select_first(doc, tuple(Selector.parse(s) for s in selectors))


def _judge(targets, wanted):
    def judge(i: int, sel: str):
        got = _first(targets[i].doc, [sel])
        return True if got == wanted[i] else (None if not got else False)

    return judge


def test_one_template_one_selector() -> None:
    targets, wanted = _samples([NEW, NEW, NEW])
    assert cover(targets, _judge(targets, wanted)) == ["div.sidebar h1.title-detail"]


def test_two_templates_a_list_that_gives_every_sample_its_value() -> None:
    targets, wanted = _samples([NEW, OLD, NEW, OLD, NEW])
    found = cover(targets, _judge(targets, wanted))
    assert len(found) == 2
    for target, want in zip(targets, wanted, strict=True):
        assert _first(target.doc, found) == want


def test_samples_no_selector_can_tell_apart_give_nothing() -> None:
    pages = ["<h1 data-t>{}</h1><h1>x</h1>", "<h1>x</h1><h1 data-t>{}</h1>"]
    targets, wanted = _samples(pages)
    assert cover(targets, _judge(targets, wanted)) == []
