"""plugins/archive_indexes/vocabulary.py: load and validate the topic vocabulary."""

from __future__ import annotations

import pytest

from plugins.archive_indexes.settings import BUNDLED_VOCABULARY
from plugins.archive_indexes.vocabulary import (
    FIELDS,
    VocabularyError,
    load_vocabulary,
    parse_vocabulary,
)


def topic(**fields):
    base = {"slug": "dau-tu-cong", "name": "Đầu tư công", "keywords": ["đầu tư công"]}
    base.update(fields)
    return base


def test_the_bundled_vocabulary_loads_and_covers_the_subjects_of_provincial_bulletins():
    vocabulary = load_vocabulary(BUNDLED_VOCABULARY)
    slugs = {t.slug for t in vocabulary.topics}
    assert {
        "kinh-te-dau-tu",
        "dau-tu-cong",
        "xay-dung-dang",
        "sap-xep-bo-may",
        "quoc-phong-an-ninh",
        "an-sinh-xa-hoi",
        "khoa-hoc-cong-nghe-chuyen-doi-so",
        "ha-tang-giao-thong",
        "nong-nghiep-nong-thon",
        "van-hoa-giao-duc-y-te",
        "phong-chong-tham-nhung",
        "thong-bao",
    } <= slugs
    assert all(t.name and t.keywords for t in vocabulary.topics)


def test_a_topic_is_read_with_defaults_and_match_keys():
    vocabulary = parse_vocabulary({"topic": [topic(keywords=["Đầu tư công", "giải ngân"])]})
    (only,) = vocabulary.topics
    assert only.fields == FIELDS
    assert only.match_keys == ("dau tu cong", "giai ngan")  # the name is folded to a known key
    assert vocabulary.lookup("DAU TU CONG") is only
    assert vocabulary.lookup("dau-tu-cong") is only
    assert vocabulary.lookup("Xây dựng Đảng") is None


@pytest.mark.parametrize(
    ("data", "where", "what"),
    [
        ({}, "", "no topics"),
        ({"topics": []}, "", "unknown top-level"),
        ({"topic": [topic(slug="Đầu tư")]}, "topic[0].slug", "lower-case ASCII"),
        ({"topic": [topic(name=" ")]}, "topic[0].name", "missing or empty"),
        ({"topic": [topic(keywords=[])]}, "topic[0].keywords", "non-empty list"),
        ({"topic": [topic(keywords=["a", "  "])]}, "topic[0].keywords[1]", "not a word"),
        ({"topic": [topic(keywords=["đầu tư", "DAU TU"])]}, "topic[0].keywords[1]", "repeats"),
        ({"topic": [topic(keyword=["x"])]}, "topic[0]", "unknown field"),
        ({"topic": [topic(fields=["headline"])]}, "topic[0].fields", "drawn from"),
        ({"topic": [topic(), topic(name="Khác")]}, "topic[1].slug", "already used"),
        ({"topic": [topic(), topic(slug="khac", name="ĐẦU TƯ CÔNG")]}, "topic[1].name", "already"),
        ({"topic": ["x"]}, "topic[0]", "expected a [[topic]] table"),
    ],
)
def test_errors_name_the_file_and_the_field(data, where, what):
    with pytest.raises(VocabularyError) as error:
        parse_vocabulary(data, source="topics.toml")
    message = str(error.value)
    assert message.startswith(f"topics.toml: {where}"), message
    assert what in message


def test_a_missing_file_and_bad_toml_are_reported_with_the_path(tmp_path):
    missing = tmp_path / "khong-co.toml"
    with pytest.raises(VocabularyError, match="khong-co.toml: cannot read"):
        load_vocabulary(missing)
    broken = tmp_path / "hong.toml"
    broken.write_text("[[topic]\nslug = ", encoding="utf-8")
    with pytest.raises(VocabularyError, match="hong.toml: not valid UTF-8 TOML"):
        load_vocabulary(broken)
