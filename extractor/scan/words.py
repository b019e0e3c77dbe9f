"""How common a Chinese word is (jieba's dictionary): what tells a character the recogniser
half saw, or a square glyph, from noise or a box."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable

__all__ = ["frequency"]


@functools.cache
def _lookup() -> Callable[[str], int | None]:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    lookup: Callable[[str], int | None] = jieba.get_FREQ
    return lookup


def frequency(word: str) -> int:
    """The word's count in jieba's dictionary; 0 for no word."""
    return int(_lookup()(word) or 0)
