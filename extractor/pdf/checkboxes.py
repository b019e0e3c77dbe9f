"""Checkboxes in a PDF's vector layer and text: box glyphs and small drawn squares.

A drawn square counts as ticked when a line, curve, character or dark fill sits inside it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from extractor.layout import BBox
from extractor.page.boxes import Box

#: Side lengths (points) a drawn checkbox has; table cells are larger.
MIN_SIDE, MAX_SIDE = 4.0, 20.0


def _square(obj: dict[str, Any]) -> bool:
    w, h = obj["x1"] - obj["x0"], obj["bottom"] - obj["top"]
    return bool(MIN_SIDE <= w <= MAX_SIDE and MIN_SIDE <= h <= MAX_SIDE and abs(w - h) <= 0.2 * w)


def _bbox(obj: dict[str, Any]) -> BBox:
    return (obj["x0"], obj["top"], obj["x1"], obj["bottom"])


def _within(obj: dict[str, Any], box: BBox) -> bool:
    cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
    return bool(box[0] < cx < box[2] and box[1] < cy < box[3])


def _dark_fill(obj: dict[str, Any]) -> bool:
    if not obj.get("fill"):
        return False
    color = obj.get("non_stroking_color")
    if isinstance(color, int | float):
        return float(color) < 0.5
    if isinstance(color, tuple | list) and color and all(isinstance(c, int | float) for c in color):
        if len(color) == 4:  # CMYK: dark when the black or the inks are high
            return float(max(color)) > 0.5
        return sum(float(c) for c in color) / len(color) < 0.5
    return False


def _unique(squares: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Outermost squares only: a box drawn twice, or a filled square inside a box, is one box."""
    kept: list[dict[str, Any]] = []
    for sq in sorted(squares, key=lambda o: o["x0"] - o["x1"]):
        if not any(_same(sq, k) or _within(sq, _bbox(k)) for k in kept):
            kept.append(sq)
    return kept


def find_boxes(
    rects: Sequence[dict[str, Any]],
    curves: Sequence[dict[str, Any]],
    lines: Sequence[dict[str, Any]],
    chars: Sequence[dict[str, Any]],
) -> tuple[list[Box], list[dict[str, Any]]]:
    """Drawn checkboxes and the characters drawn inside them (to leave out of the text)."""
    squares = _unique([o for o in [*rects, *curves] if _square(o)])
    boxes: list[Box] = []
    inner_chars: list[dict[str, Any]] = []
    for sq in squares:
        box = _bbox(sq)
        marks = [
            o
            for o in [*rects, *curves, *lines]
            if o is not sq and _within(o, box) and not _same(o, sq)
        ]
        inside = [c for c in chars if _within(c, box) and c["text"].strip()]
        inner_chars.extend(inside)
        checked = bool(marks or inside) or _dark_fill(sq)
        boxes.append(Box(box, checked))
    return boxes, inner_chars


def _same(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return bool(abs(a["x0"] - b["x0"]) < 1 and abs(a["top"] - b["top"]) < 1)
