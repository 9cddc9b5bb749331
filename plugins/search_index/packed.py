"""Records in UTF-8, for the trip from the feeder to the index process (zygote.py).

Pickle writes a str as UTF-8, and CPython keeps that UTF-8 copy inside the str for the rest of
its life: pickling the records of 10,000 articles would add a copy of every article's text to
the feeder's memory (56 MB measured). A PackedRecord holds the encoded bytes instead. The index
process hashes them as they are (`keys`: the same digest as `raw_digest` of the record) and
decodes a record only when its document must be analysed again (`unpack`).
"""

from __future__ import annotations

from datetime import datetime

from .records import UTF8, RawArticle, digest_of_parts


class PackedRecord:
    """A RawArticle with its texts in UTF-8."""

    __slots__ = ("date", "texts", "topics")

    def __init__(self, date: datetime, texts: tuple[bytes, ...], topics: tuple[bytes, ...]):
        self.date = date
        self.texts = texts  # url, title, category, summary, content, source path, portal
        self.topics = topics

    @classmethod
    def of(cls, raw: RawArticle) -> PackedRecord:
        texts = (
            raw.url,
            raw.title,
            raw.category,
            raw.summary,
            raw.content,
            raw.source_path,
            raw.portal,
        )
        return cls(
            raw.date,
            tuple(text.encode(*UTF8) for text in texts),
            tuple(topic.encode(*UTF8) for topic in raw.topics),
        )

    @property
    def url(self) -> str:
        return self.texts[0].decode(*UTF8)

    @property
    def portal(self) -> str:
        return self.texts[6].decode(*UTF8)

    @property
    def source_path(self) -> str:  # named in error messages
        return self.texts[5].decode(*UTF8)

    def keys(self, settings_key: str) -> tuple[float, str, str]:
        """(timestamp, url, digest): where the document sorts, and what its analysis hangs on."""
        url, title, category, summary, content, _, portal = self.texts
        parts = (
            url,
            title,
            self.date.isoformat().encode(*UTF8),
            category,
            b"\x1f".join(self.topics),
            summary,
            content,
            portal,
        )
        return self.date.timestamp(), self.url, digest_of_parts(settings_key, parts)

    def unpack(self) -> RawArticle:
        url, title, category, summary, content, source_path, portal = (
            text.decode(*UTF8) for text in self.texts
        )
        return RawArticle(
            url=url,
            title=title,
            date=self.date,
            category=category,
            topics=tuple(topic.decode(*UTF8) for topic in self.topics),
            summary=summary,
            content=content,
            source_path=source_path,
            portal=portal,
        )
