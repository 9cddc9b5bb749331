"""plugins/archive_indexes/topics.py and textmatch.py: assigning vocabulary topics to articles."""

from __future__ import annotations

import unicodedata
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive_core.text import fold_vietnamese
from plugins.archive_indexes.settings import BUNDLED_VOCABULARY
from plugins.archive_indexes.textmatch import (
    PhraseSet,
    fold_text,
    fold_words,
    match_key,
    normalize_phrase,
)
from plugins.archive_indexes.topics import (
    assign_topics,
    first_paragraph,
    html_to_text,
    leading_text,
    matcher_for,
    resolve_topic_names,
    split_metadata_list,
)
from plugins.archive_indexes.vocabulary import load_vocabulary, parse_vocabulary
from scraper.textdump import parse_text_bulletin
from tests.support.paths import SEED_TEXT

ICT = timezone(timedelta(hours=7))

# A small vocabulary so that each case says exactly what it tests.
SMALL = parse_vocabulary(
    {
        "topic": [
            {"slug": "dau-tu-cong", "name": "Đầu tư công", "keywords": ["giải ngân", "vốn"]},
            {"slug": "xay-dung-dang", "name": "Xây dựng Đảng", "keywords": ["đảng viên", "chi bộ"]},
            {"slug": "giao-thong", "name": "Giao thông", "keywords": ["quốc lộ", "cầu"]},
            {"slug": "y-te", "name": "Y tế", "keywords": ["bệnh viện"]},
            {
                "slug": "thong-bao",
                "name": "Thông báo",
                "keywords": ["nghỉ lễ"],
                "fields": ["tags", "category", "title"],
            },
        ]
    }
)


@pytest.fixture(scope="module")
def vocabulary():
    return load_vocabulary(BUNDLED_VOCABULARY)


@pytest.mark.parametrize(
    ("title", "summary", "body", "expected"),
    [
        # accents, case and đ are ignored
        ("Đẩy nhanh giải ngân", "", "", ["dau-tu-cong"]),
        ("DAY NHANH GIAI NGAN", "", "", ["dau-tu-cong"]),
        ("day nhanh giai ngan", "", "", ["dau-tu-cong"]),
        ("Phát triển đảng viên mới", "", "", ["xay-dung-dang"]),
        ("Phat trien dang vien moi", "", "", ["xay-dung-dang"]),
        # punctuation between the words of a phrase does not matter
        ("Nâng cấp Quốc-lộ 62", "", "", ["giao-thong"]),
        # whole words only
        ("Nguồn vốn", "", "", ["dau-tu-cong"]),
        ("Nguồn vốnđối ứng", "", "", []),
        ("Cải cách hành chính", "", "", []),  # "cach" is not "cau"
        ("Giảm nghèo bền vững", "", "", []),
        ("Bệnh viện tỉnh", "", "", ["y-te"]),
        ("Bệnh viện tỉnhgiải ngân", "", "", ["y-te"]),  # "tỉnhgiải" is one word: no match
        # a field restriction: "nghỉ lễ" counts in the title only
        ("Thông báo nghỉ lễ", "", "", ["thong-bao"]),
        ("Tin tức", "", "Cơ quan nghỉ lễ ba ngày. Nghỉ lễ. Nghỉ lễ.", []),
    ],
)
def test_keywords_match_folded_whole_words(title, summary, body, expected):
    assert assign_topics(title, summary, body, [], SMALL, min_score=1) == expected


def test_title_and_summary_weigh_more_than_the_body():
    body = "Bệnh viện. Bệnh viện. Bệnh viện. Bệnh viện. Bệnh viện. Bệnh viện. Bệnh viện."
    # seven body mentions are capped at body_cap=5; one headline mention scores 4, summary 2
    got = assign_topics("Giải ngân vốn", "Chi bộ họp", body, [], SMALL, limit=3, min_score=1)
    assert got == ["dau-tu-cong", "y-te", "xay-dung-dang"]
    scores = {s.slug: s.score for s in matcher_for(SMALL).scores("Giải ngân vốn", "Chi bộ", body)}
    assert scores == {"dau-tu-cong": 8, "y-te": 5, "xay-dung-dang": 2}


def test_a_title_mention_beats_many_body_mentions():
    body = " ".join(["Bệnh viện mới."] * 20)
    got = assign_topics("Giải ngân vốn", "", body, [], SMALL, limit=1)
    assert got == ["dau-tu-cong"]  # 8 points from the title against 20 body mentions capped at 5


def test_tags_and_category_count():
    assert assign_topics("Tin", "", "", ["Giao thông"], SMALL) == ["giao-thong"]
    assert assign_topics("Tin", "", "", ["giao-thong"], SMALL) == ["giao-thong"]
    assert assign_topics("Tin", "", "", [], SMALL, category="Thông báo") == ["thong-bao"]


def test_at_most_limit_topics_and_min_score():
    title = "Giải ngân vốn, chi bộ, quốc lộ và bệnh viện"
    assert len(assign_topics(title, "", "", [], SMALL)) == 3
    assert len(assign_topics(title, "", "", [], SMALL, limit=2)) == 2
    # body-only mentions below min_score: only the best one is kept
    assert assign_topics("Tin", "", "Chi bộ. Bệnh viện.", [], SMALL) == ["xay-dung-dang"]
    assert assign_topics("Tin", "", "Không có gì.", [], SMALL) == []


def test_fixed_topics_replace_and_excluded_topics_are_removed():
    title = "Giải ngân vốn cho quốc lộ"
    assert assign_topics(title, "", "", [], SMALL) == ["dau-tu-cong", "giao-thong"]
    assert assign_topics(title, "", "", [], SMALL, fixed=["y-te"]) == ["y-te"]
    assert assign_topics(title, "", "", [], SMALL, excluded=["dau-tu-cong"]) == ["giao-thong"]
    assert assign_topics(
        title, "", "", [], SMALL, fixed=["y-te", "giao-thong"], excluded=["y-te"]
    ) == ["giao-thong"]
    assert assign_topics(title, "", "", [], SMALL, fixed=["y-te", "giao-thong"], limit=1) == [
        "y-te"
    ]


def test_editor_values_resolve_by_slug_or_name_without_accents():
    assert split_metadata_list("y-te, Xay dung Dang; giao thông\nKhông có") == [
        "y-te, Xay dung Dang",
        "giao thông",
        "Không có",
    ]
    assert split_metadata_list(["a", "b; c"]) == ["a", "b", "c"]
    assert split_metadata_list(None) == []
    known, unknown = resolve_topic_names(
        ["y-te, Xay dung Dang", "GIAO THÔNG", "Không có", "y tế"], SMALL
    )
    assert known == ["y-te", "xay-dung-dang", "giao-thong"]
    assert unknown == ["Không có"]


def test_topic_names_holding_commas_resolve(vocabulary):
    known, unknown = resolve_topic_names(
        ["Van hoa, giao duc va y te, dau-tu-cong, khong ro"], vocabulary
    )
    assert known == ["van-hoa-giao-duc-y-te", "dau-tu-cong"]
    assert unknown == ["khong ro"]


def test_the_seed_bulletin_gets_public_investment_infrastructure_and_party_building(vocabulary):
    article = parse_text_bulletin(
        SEED_TEXT.read_text(encoding="utf-8"), date=datetime(2025, 5, 28, 8, tzinfo=ICT)
    )
    got = assign_topics(article.title, article.summary, article.body_markdown, [], vocabulary)
    assert set(got) == {"dau-tu-cong", "ha-tang-giao-thong", "xay-dung-dang"}


def test_html_helpers():
    markup = "<p>Đầu <b>tư</b> &amp; công</p><p>Hai</p>"
    assert " ".join(html_to_text(markup).split()) == "Đầu tư & công Hai"
    assert " ".join(first_paragraph(markup).split()) == "Đầu tư & công"
    assert first_paragraph("<div>x</div>") == ""


def test_phrases_are_counted_leftmost_longest_whole_words_without_overlap():
    phrases = PhraseSet(["dau tu", "dau tu cong", "giai ngan", "von", "tu cong"])
    folded = fold_text("Giải ngân vốn đầu tư công, đầu tư; đầu tưcông. Vốn!")
    counts = {phrases.phrases[i]: n for i, n in phrases.count(folded).items()}
    # "tu cong" is inside "dau tu cong": not counted again; "tưcông" is one word
    assert counts == {"giai ngan": 1, "von": 2, "dau tu cong": 1, "dau tu": 1}
    assert PhraseSet([]).count(folded) == {}
    assert phrases.count(fold_text("")) == {}
    assert fold_text("Đầu tư, CÔNG!") == b" dau tu  cong  "


def test_leading_text_cuts_at_a_word_boundary():
    assert leading_text("giải ngân vốn", 0) == "giải ngân vốn"
    assert leading_text("giải ngân vốn", 100) == "giải ngân vốn"
    assert leading_text("giải ngân vốn", 8) == "giải"
    assert leading_text("giải ngân vốn", 9) == "giải ngân"
    assert leading_text("giảingân", 4) == ""


# Property tests: folding and matching do not depend on how the text is encoded or accented.

VIETNAMESE = "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ"
ALPHABET = VIETNAMESE + VIETNAMESE.upper() + "bcdghklmnpqrstvx ,.;-–“”\n0123456789"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=80))
def test_fold_words_agree_with_the_scraper_folding(text):
    words = fold_words(text)
    assert b" ".join(words).decode() == normalize_phrase(text)
    assert fold_words(unicodedata.normalize("NFD", text)) == words


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_fold_words_gives_ascii_lower_case_words_for_any_text(text):
    for word in fold_words(text):
        assert word.isascii() and word.isalnum() and word == word.lower()
    assert fold_words(unicodedata.normalize("NFD", text)) == fold_words(text)


WORDS = [
    "giải ngân",
    "đầu tư công",
    "Đảng viên",
    "chi bộ",
    "quốc lộ",
    "bệnh viện",
    "hạ tầng",
    "tỉnh",
    "nhân dân",
    "năm",
    "xây dựng",
    "đường tỉnh",
    "thông báo",
]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from(WORDS), max_size=6),
    st.lists(st.sampled_from(WORDS), max_size=6),
    st.lists(st.sampled_from(WORDS), max_size=30),
)
def test_topics_do_not_depend_on_accents_or_unicode_form(title, summary, body):
    vocabulary = load_vocabulary(BUNDLED_VOCABULARY)
    texts = [" ".join(title), ", ".join(summary), ". ".join(body)]
    expected = assign_topics(*texts, [], vocabulary)
    for variant in (
        [unicodedata.normalize("NFD", t) for t in texts],
        [fold_vietnamese(t) for t in texts],
        [t.upper() for t in texts],
    ):
        assert assign_topics(*variant, [], vocabulary) == expected
    assert len(expected) <= 3


def test_match_keys():
    for text, key in [
        ("  Phòng, chống   THAM NHŨNG ", "phong chong tham nhung"),
        ("Nghị quyết số 57-NQ/TW", "nghi quyet so 57 nq tw"),
        ("ĐẢNG BỘ", "dang bo"),
        ("“chủ động”–kịp thời", "chu dong kip thoi"),
    ]:
        assert match_key(text) == key == normalize_phrase(text)


def test_every_article_of_the_demo_portal_gets_a_topic(vocabulary):
    from scraper.extract import ExtractionError, extract_article
    from scraper.profiles import load_profile
    from tests.support.paths import TEST_FIXTURES

    profile = load_profile("demo")
    root = TEST_FIXTURES / "demo_portal"
    checked = 0
    for path in sorted(root.rglob("*.html")):
        url = "http://127.0.0.1/" + path.relative_to(root).as_posix()
        try:
            article = extract_article(path.read_bytes(), profile, url=url)
        except ExtractionError:
            continue  # listing pages and the home page are not articles
        topics = assign_topics(
            article.title,
            article.summary,
            article.body_markdown,
            article.tags,
            vocabulary,
            category=article.category,
            body_chars=2000,
        )
        assert topics, article.title
        checked += 1
    assert checked >= 50
