"""Vietnamese search over Pagefind: folded syllables and syllable pairs, search page /tim-kiem/."""

from .wiring import register

__all__ = ["register"]
