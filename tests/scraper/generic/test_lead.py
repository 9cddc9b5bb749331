"""scraper/generic/lead.py: the lead (sapo) as displayed."""

from __future__ import annotations

from scraper.generic import extract_generic

BODY = "".join(
    f"<p>Đoạn văn thứ {i} của bài viết kể lại buổi lễ khai giảng của nhà trường năm nay.</p>"
    for i in range(6)
)


def page(lead_html: str) -> str:
    return (
        "<html><head><title>Khai giảng năm học mới - Trường THCS</title></head><body>"
        '<h1 class="title-detail">Khai giảng năm học mới</h1>'
        '<div class="post-date">Thứ 2, 06/09/2021 | 10:42</div>'
        f'{lead_html}<div class="content-detail">{BODY}</div></body></html>'
    )


def test_a_brief_classed_block_is_the_lead_and_its_paragraphs_are_separate_words() -> None:
    html = page(
        '<div class="brief font-size-text"><p><strong>Bài 2: Niềm tự hào</strong></p>'
        "<p>Sáng 5/9, thầy và trò nhà trường dự lễ khai giảng đặc biệt.</p></div>"
    )
    article = extract_generic(html, url="https://thcs.edu.vn/tin-tuc/khai-giang.html")
    assert (
        article.summary
        == "Bài 2: Niềm tự hào Sáng 5/9, thầy và trò nhà trường dự lễ khai giảng đặc biệt."
    )
    assert "Niềm tự hào" not in article.body_markdown


def test_without_a_lead_block_the_summary_is_empty() -> None:
    article = extract_generic(page(""), url="https://thcs.edu.vn/tin-tuc/khai-giang.html")
    assert article.summary == ""


def test_a_description_cut_from_the_bodys_opening_is_no_lead() -> None:
    """The CMS fills the description with the body's first words and "...": the first
    paragraph is body text, not a lead."""
    html = page("").replace(
        "<head>",
        '<head><meta name="description" content="Đoạn văn thứ 0 của bài viết kể lại buổi lễ '
        'khai giảng ...">',
    )
    article = extract_generic(html, url="https://thcs.edu.vn/tin-tuc/khai-giang.html")
    assert article.summary == ""
    assert article.body_markdown.startswith("Đoạn văn thứ 0")


def test_a_description_that_prints_a_lead_still_finds_it() -> None:
    html = page('<p class="x">Sáng 5/9, thầy và trò nhà trường dự lễ khai giảng đặc biệt.</p>')
    html = html.replace(
        "<head>",
        '<head><meta name="description" content="Sáng 5/9, thầy và trò nhà trường dự lễ '
        'khai giảng đặc biệt.">',
    )
    article = extract_generic(html, url="https://thcs.edu.vn/tin-tuc/khai-giang.html")
    assert article.summary == "Sáng 5/9, thầy và trò nhà trường dự lễ khai giảng đặc biệt."
