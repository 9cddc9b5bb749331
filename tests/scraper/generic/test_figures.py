"""scraper/generic/figures.py: photos and their captions as figures."""

from __future__ import annotations

import lxml.html
import pytest

from scraper.generic.figures import normalize_figures

IMG = '<img src="https://x.vn/a.jpg"{size}>'
PHOTO = IMG.format(size="")
ICON = IMG.format(size=' width="16"')


def figures_of(html: str) -> list[str]:
    body = lxml.html.fragment_fromstring(f"<div>{html}</div>")
    normalize_figures(body)
    return [
        " ".join(c.text_content().split())
        for f in body.iter("figure")
        for c in f.iter("figcaption")
    ]


@pytest.mark.parametrize(
    ("html", "captions"),
    [
        # a line printed after the photo in its own paragraph (a school CMS's captions)
        (
            f'<p style="text-align:justify"><span>{PHOTO}</span>'
            "<span>Dạy trẻ về ranh giới cá nhân.</span></p>",
            ["Dạy trẻ về ranh giới cá nhân."],
        ),
        # text before the photo: a paragraph of the body with a picture in it, not a caption
        (
            f"<p>Đoạn văn của bài viết {PHOTO} tiếp tục ở đây.</p>",
            [],
        ),
        # an icon at the start of a line of text is no photo
        (f"<p>{ICON} Tải tệp đính kèm về máy.</p>", []),
        # a long paragraph after the photo is running text
        (f"<p>{PHOTO}" + "Câu văn dài của thân bài. " * 12 + "</p>", []),
        # the credit line makes a caption whatever its length
        (
            f"<p>{PHOTO}Quang cảnh hội nghị. Ảnh: Anh Huy</p>",
            ["Quang cảnh hội nghị. Ảnh: Anh Huy"],
        ),
    ],
)
def test_image_and_caption_in_one_paragraph(html: str, captions: list[str]) -> None:
    assert figures_of(html) == captions


def test_an_italic_line_under_a_photo_is_its_caption_even_inside_spans() -> None:
    html = (
        f"<p>{PHOTO}</p>"
        '<p style="text-align:justify"><span><span><em><span>Học trò mặc áo cử nhân.</span>'
        "</em></span></span></p><p>Đoạn văn tiếp theo của bài viết, không in nghiêng.</p>"
    )
    assert figures_of(html) == ["Học trò mặc áo cử nhân."]


def test_a_partly_italic_paragraph_after_a_photo_is_body_text() -> None:
    html = f"<p>{PHOTO}</p><p>Cô nói: <em>“Cảm ơn các em”</em>, rồi bước ra sân trường.</p>"
    body = lxml.html.fragment_fromstring(f"<div>{html}</div>")
    normalize_figures(body)
    assert not list(body.iter("figcaption"))
    assert "rồi bước ra sân trường" in body.text_content()
