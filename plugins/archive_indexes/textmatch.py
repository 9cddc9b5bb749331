"""Text as folded words, and a phrase set that counts keyword phrases in a word list.

`fold_words(text)` gives the words of `scraper.text.fold_key(text)` (tone and vowel marks removed,
đ -> d, lower case), split on anything that is not a letter or digit. A property test checks that
it agrees with `fold_key` on Vietnamese text. It is built for speed, because every article body
goes through it: NFC, `str.lower`, then one C-level charmap encoding that gives each Vietnamese
letter its own byte, one `bytes.translate` that folds those bytes to ASCII letters and turns
everything else into spaces, and `split`. Letters outside Vietnamese and Latin-1/Latin Extended-A
become word separators (they never occur in the vocabulary).
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Iterable
from itertools import compress, islice
from itertools import count as count_from

from scraper.text import fold_key, fold_vietnamese

_NON_WORD = re.compile(r"[\W_]+")


def _build_codec() -> tuple[object, bytes]:
    vietnamese = "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"
    extra = [chr(cp) for cp in range(0xE0, 0x180)]  # other Latin-1 / Latin Extended-A letters
    letters: list[str] = []
    for char in [*vietnamese, *extra]:
        folded = fold_vietnamese(char).lower()
        if (
            char not in letters
            and char == char.lower()
            and len(folded) == 1
            and folded.isascii()
            and folded.isalnum()
        ):
            letters.append(char)
    letters = letters[:128]
    decoding = "".join(chr(code) for code in range(128)) + "".join(letters)
    decoding += "\ufffe" * (256 - len(decoding))  # unused slots
    encoding_map = codecs.charmap_build(decoding)
    table = bytearray(b" " * 256)
    for code in range(128):
        char = chr(code)
        if char.isalnum():
            table[code] = ord(char.lower())
    for offset, char in enumerate(letters):
        table[128 + offset] = ord(fold_vietnamese(char).lower())
    return encoding_map, bytes(table)


_ENCODING_MAP, _FOLD_TABLE = _build_codec()


def fold_words(text: str) -> list[bytes]:
    """The folded words of `text`, as ASCII bytes: 'Đầu tư, CÔNG!' -> [b'dau', b'tu', b'cong']."""
    if not text:
        return []
    lowered = unicodedata.normalize("NFC", text).lower()
    encoded, _ = codecs.charmap_encode(lowered, "replace", _ENCODING_MAP)
    return encoded.translate(_FOLD_TABLE).split()


def match_key(text: str) -> str:
    """A keyword, tag, name or slug in match form: its folded words joined by one space."""
    return b" ".join(fold_words(text)).decode("ascii")


def normalize_phrase(text: str) -> str:
    """The same match form computed with scraper.text.fold_key (the reference, for tests)."""
    return _NON_WORD.sub(" ", fold_key(text)).strip()


class PhraseSet:
    """Phrases (in match form) counted in a word list, leftmost-longest, without overlaps.

    Candidates are found by C-level filters: positions whose word pair starts a phrase of two
    or more words, and positions whose word is a one-word phrase. Vietnamese syllables such as
    "cong" or "dang" are everywhere, but pairs such as "dau tu" are rare, so Python only looks
    at a few positions per text.
    """

    def __init__(self, phrases: Iterable[str]) -> None:
        self.phrases: list[str] = list(dict.fromkeys(phrases))
        self._by_pair: dict[tuple[bytes, bytes], list[tuple[list[bytes], int]]] = {}
        self._singles: dict[bytes, int] = {}
        for index, phrase in enumerate(self.phrases):
            words = phrase.encode("ascii").split()
            if len(words) == 1:
                self._singles[words[0]] = index
            elif words:
                self._by_pair.setdefault((words[0], words[1]), []).append((words[2:], index))
        for options in self._by_pair.values():
            options.sort(key=lambda option: -len(option[0]))  # longest first

    def count(self, words: list[bytes]) -> dict[int, int]:
        """Phrase index -> occurrences in `words`."""
        by_pair, singles = self._by_pair, self._singles
        pair_at = list(
            compress(
                count_from(),
                map(by_pair.__contains__, zip(words, islice(words, 1, None), strict=False)),
            )
        )
        single_at = list(compress(count_from(), map(singles.__contains__, words)))
        counts: dict[int, int] = {}
        if not pair_at:
            for position in single_at:
                index = singles[words[position]]
                counts[index] = counts.get(index, 0) + 1
            return counts
        covered = -1
        for position in sorted(pair_at + single_at) if single_at else pair_at:
            if position <= covered:
                continue
            options = (
                by_pair.get((words[position], words[position + 1]), ())
                if (position + 1 < len(words))
                else ()
            )
            for rest, index in options:
                end = position + 2 + len(rest)
                if not rest or words[position + 2 : end] == rest:
                    counts[index] = counts.get(index, 0) + 1
                    covered = end - 1
                    break
            else:
                index = singles.get(words[position])
                if index is not None:
                    counts[index] = counts.get(index, 0) + 1
        return counts
