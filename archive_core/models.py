"""Plain data shared by the crawler and the site plugins."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class OtherNewsItem:
    """One line of a portal's "Các tin khác" listing."""

    title: str
    date: datetime | None = None  # listing date, aware (Asia/Ho_Chi_Minh) when known
    url: str | None = None
