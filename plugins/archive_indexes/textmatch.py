"""Text folded to ASCII words, and a phrase set that counts keyword phrases in it.

`fold_text(text)` gives the words of `scraper.text.fold_key(text)` (tone and vowel marks removed,
đ -> d, lower case) as ASCII bytes, with anything that is not a letter or digit turned into a
space. A property test checks that it agrees with `fold_key` on Vietnamese text. It is built for
speed, because every article body goes through it: NFC, `str.lower`, then one C-level charmap
encoding that gives each Vietnamese letter its own byte and one `bytes.translate` that folds
those bytes to ASCII letters and turns everything else into spaces. Letters outside Vietnamese
and Latin-1/Latin Extended-A become word separators (they never occur in the vocabulary).
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Iterable

from archive_core.text import fold_key, fold_vietnamese

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


def fold_text(text: str) -> bytes:
    """`text` folded to ASCII: lower-case words separated by spaces, with a space at each end.

    'Đầu tư, CÔNG!' -> b' dau tu  cong  ' (runs of separators are not collapsed).
    """
    if not text:
        return b" "
    lowered = unicodedata.normalize("NFC", text).lower()
    encoded, _ = codecs.charmap_encode(lowered, "replace", _ENCODING_MAP)
    return b" " + encoded.translate(_FOLD_TABLE) + b" "


def fold_words(text: str) -> list[bytes]:
    """The folded words of `text`, as ASCII bytes: 'Đầu tư, CÔNG!' -> [b'dau', b'tu', b'cong']."""
    return fold_text(text).split()


def match_key(text: str) -> str:
    """A keyword, tag, name or slug in match form: its folded words joined by one space."""
    return b" ".join(fold_words(text)).decode("ascii")


def normalize_phrase(text: str) -> str:
    """The same match form computed with scraper.text.fold_key (the reference, for tests)."""
    return _NON_WORD.sub(" ", fold_key(text)).strip()


class PhraseSet:
    """Phrases (in match form) counted in folded text, leftmost-longest, without overlaps.

    One compiled pattern holds every phrase as a trie (shared prefixes factored out, longer
    phrases first) and starts with a space, so the regex engine jumps from word start to word
    start with a fast literal search instead of trying every character.
    """

    def __init__(self, phrases: Iterable[str]) -> None:
        self.phrases: list[str] = list(dict.fromkeys(p for p in phrases if p.strip()))
        self._index = {phrase.encode("ascii"): i for i, phrase in enumerate(self.phrases)}
        root: dict = {}
        for phrase in self.phrases:
            node = root
            for char in phrase:
                node = node.setdefault(char, {})
            node[""] = {}
        body = _emit(root) if root else b"(?!)"
        self._pattern = re.compile(b" (" + body + b")(?= )")

    def count(self, folded: bytes) -> dict[int, int]:
        """Phrase index -> occurrences in `folded` (from `fold_text`)."""
        counts: dict[int, int] = {}
        index = self._index
        for matched in self._pattern.findall(folded):
            found = index.get(matched)
            if found is None:  # words separated by more than one space
                found = index[b" ".join(matched.split())]
            counts[found] = counts.get(found, 0) + 1
        return counts


def _emit(node: dict) -> bytes:
    alternatives = []
    for char in sorted(key for key in node if key):
        head = rb" +" if char == " " else re.escape(char.encode("ascii"))
        alternatives.append(head + _emit(node[char]))
    if not alternatives:
        return b""
    if "" in node:  # a phrase ends here: the longer continuations are optional
        return b"(?:" + b"|".join(alternatives) + b")?"
    if len(alternatives) == 1:
        return alternatives[0]
    return b"(?:" + b"|".join(alternatives) + b")"
