"""plugins/shards/tail.py: the part of an article page that shows other articles."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plugins.shards.tail import TailError, page_suffix, patch_page, replace_tail, tail_template
from tests.support.paths import PROJECT_ROOT


def test_the_themes_article_template_gives_its_other_news_and_prev_next_part():
    source = (PROJECT_ROOT / "theme" / "templates" / "article.html").read_text(encoding="utf-8")
    part = tail_template(source)
    assert "partials/other_news.html" in part and "partials/prev_next.html" in part
    assert "</article>" not in part and "endblock" not in part


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("{% block content %}<div></div>{% endblock %}", "no '</article>' line"),
        ("<article></article>\n{% include 'x' %}", "no '{% endblock %}'"),
    ],
)
def test_a_template_of_another_shape_is_refused_by_name(source, message):
    with pytest.raises(TailError, match=message):
        tail_template(source, name="mine.html")


PAGE = "<main><article>a</article>\n<nav>old</nav>\n</main><footer>f</footer>"


def test_patch_replaces_the_part_after_the_last_article_end():
    assert patch_page(PAGE, "<nav>old</nav>\n", "<nav>new</nav>\n", where="p") == (
        "<main><article>a</article>\n<nav>new</nav>\n</main><footer>f</footer>"
    )


def test_an_empty_part_is_found_by_its_place():
    page = "<article>a</article>\n\n</main>"
    assert patch_page(page, "\n", "<nav>n</nav>\n", where="p") == (
        "<article>a</article>\n<nav>n</nav>\n</main>"
    )


def test_a_page_without_the_shards_part_is_an_error_naming_it():
    with pytest.raises(TailError, match="shards/x/output/a.html"):
        patch_page(PAGE, "<nav>other</nav>\n", "<nav>new</nav>\n", where="shards/x/output/a.html")


text = st.text(alphabet="ab<>/\n", max_size=30)


@given(head=text, old=text, new=text, foot=text)
def test_patching_there_and_back_gives_the_page_again(head, old, new, foot):
    page = f"{head}<article>x</article>\n{old}</main>{foot}"
    patched = patch_page(page, old, new, where="p")
    assert patch_page(patched, new, old, where="p") == page
    assert patched.endswith(f"{new}</main>{foot}")


def test_the_suffix_learnt_on_one_page_finds_the_tail_of_another():
    suffix = page_suffix(PAGE, "<nav>old</nav>\n")
    assert suffix == "</main><footer>f</footer>"
    other = "<main><article>b</article>\n<nav>x</nav>\n<ul>y</ul>\n</main><footer>f</footer>"
    assert replace_tail(other, suffix, "<nav>z</nav>\n") == (
        "<main><article>b</article>\n<nav>z</nav>\n</main><footer>f</footer>"
    )
    assert replace_tail("<main>other footer</main>", suffix, "x") is None
    assert page_suffix(PAGE, "<nav>missing</nav>\n") is None
