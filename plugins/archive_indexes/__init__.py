"""Topic and date indexes: topic pages, the Lưu trữ page with charts, topics.json, dates.json."""

from .wiring import register

__all__ = ["register"]
