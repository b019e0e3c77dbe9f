"""A tick box found on a page, drawn (PDF vectors) or seen (scan pixels)."""

from __future__ import annotations

from dataclasses import dataclass

from extractor.layout import CHECKED, UNCHECKED, BBox


@dataclass(frozen=True)
class Box:
    bbox: BBox
    checked: bool

    @property
    def mark(self) -> str:
        return CHECKED if self.checked else UNCHECKED


__all__ = ["Box"]
