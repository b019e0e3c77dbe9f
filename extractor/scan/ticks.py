"""Checkboxes from pixels: small square outlines; one with ink inside is ticked."""

from __future__ import annotations

import cv2
import numpy as np
from numpy.typing import NDArray

from extractor.page.boxes import Box

__all__ = ["box_within", "find_ticks"]

Gray = NDArray[np.uint8]

#: Side lengths (points) of a checkbox: a box glyph or a drawn square, smaller than a cell.
MIN_SIDE_PT, MAX_SIDE_PT = 5.0, 18.0
#: Most a box's sides may differ, as a share of the longer.
SQUARE = 0.15
#: Pixels from a corner within which a box's outline has ink.
CORNER = 2
#: Share of each side that must be ink for the outline to be a box.
EDGE_INK = 0.7
#: Share of its bounding square a box's outline encloses (a glyph's outline encloses less).
SOLIDITY = 0.75
#: Share of the inside that must be ink for the box to be ticked.
TICK_INK = 0.06
#: A row or column of a box inked along this share of its length is part of a side; sides
#: thicker than this share of the box make a filled box.
FULL_SIDE, FILLED = 0.7, 0.35


def _edge_ink(patch: NDArray[np.bool_]) -> float:
    """The least inked of the four sides (two pixels deep, for blur)."""
    sides = (patch[:2, :], patch[-2:, :], patch[:, :2], patch[:, -2:])
    return min(float(side.any(axis=0 if side.shape[0] == 2 else 1).mean()) for side in sides)


def _four_cornered(contour: NDArray[np.int32]) -> bool:
    outline = cv2.approxPolyDP(contour, 0.08 * cv2.arcLength(contour, True), True)
    return len(outline) == 4


def _square(w: int, h: int, lo: float, hi: float) -> bool:
    return lo <= w <= hi and lo <= h <= hi and abs(w - h) <= SQUARE * max(w, h)


def _longest_run(column: NDArray[np.bool_]) -> tuple[int, int]:
    """Start and end (exclusive) of the longest run of ink in the column."""
    padded = np.concatenate(([False], column, [False]))
    edges = np.flatnonzero(padded[1:] != padded[:-1]).reshape(-1, 2)
    if not len(edges):
        return 0, 0
    start, end = max(edges.tolist(), key=lambda run: run[1] - run[0])
    return int(start), int(end)


def _square_within(
    patch: NDArray[np.bool_], lo: float, hi: float
) -> tuple[int, int, int, int] | None:
    """The first box outline (x, y, w, h) in the patch: two upright strokes a box's side
    apart, joined at top and bottom by inked rows, with square corners."""
    # Two pixels deep, for blur: a one-pixel edge may break where the scan is light.
    deep = patch | np.roll(patch, -1, axis=1)
    uprights = []
    for x in range(patch.shape[1]):
        top, bottom = _longest_run(deep[:, x])
        if lo <= bottom - top <= hi:
            uprights.append((x, top, bottom))
    for i, (left, top_a, bottom_a) in enumerate(uprights):
        for right, top_b, bottom_b in uprights[i + 1 :]:
            top, bottom = max(top_a, top_b), min(bottom_a, bottom_b)
            if right + 1 - left > hi:
                break
            if not _square(right + 1 - left, bottom - top, lo, hi):
                continue
            square = patch[top:bottom, left : right + 1]
            if (
                _edge_ink(square) >= EDGE_INK
                and _sharp_corners(square)
                and _bare_beyond(patch, (left, top, right + 1, bottom))
            ):
                return left, top, right + 1 - left, bottom - top
    return None


def _bare_beyond(patch: NDArray[np.bool_], box: tuple[int, int, int, int]) -> bool:
    """Whether no ink lies right above or below the middle of the box's top and bottom
    edges: a box's edge is its last ink there; a stroke inside a glyph (the bowl of a bold
    0) has more of the glyph beyond it."""
    left, top, right, bottom = box
    quarter = (right - left) // 4
    middle = slice(left + quarter, right - quarter)
    above = patch[max(0, top - CORNER - 1) : max(0, top - 1), middle]
    below = patch[bottom + 1 : bottom + CORNER + 1, middle]
    return not (above.any() or below.any())


def _sharp_corners(square: NDArray[np.bool_]) -> bool:
    """Whether ink reaches all four corners, as a box's does; a 0 or an O is round there."""
    c = CORNER
    return all(
        bool(part.any())
        for part in (square[:c, :c], square[:c, -c:], square[-c:, :c], square[-c:, -c:])
    )


def _outline(
    contour: NDArray[np.int32], binary: Gray, lo: float, hi: float
) -> tuple[int, int, int, int] | None:
    """The box (x, y, w, h) the contour is the outline of."""
    x, y, w, h = cv2.boundingRect(contour)
    if not _square(w, h, lo, hi):
        return None
    if cv2.contourArea(contour) < SOLIDITY * w * h or not _four_cornered(contour):
        return None
    return (x, y, w, h) if _edge_ink(binary[y : y + h, x : x + w] > 0) >= EDGE_INK else None


def _thickness(lines: NDArray[np.bool_]) -> int:
    """How many of the lines (rows or columns, from the side inwards) are inked nearly
    their whole length: the side's own thickness."""
    full = lines.mean(axis=1) >= FULL_SIDE
    return int(np.argmin(full)) if not full.all() else len(full)


def _insets(patch: NDArray[np.bool_]) -> tuple[int, int, int, int] | None:
    """Left, top, right and bottom insets past the box's sides: a side that a character's
    stroke touching the box thickens (作□ printed with no gap) is no ink inside it. None
    for a filled box (■), whose inside is all ink."""
    h, w = patch.shape
    base = max(2, round(0.15 * w))
    sides = (
        _thickness(patch.T),
        _thickness(patch),
        _thickness(patch.T[::-1]),
        _thickness(patch[::-1]),
    )
    if max(sides) > FILLED * min(w, h):
        return None
    left, top, right, bottom = (max(base, side + 1) for side in sides)
    return left, top, right, bottom


def _box(binary: Gray, x: int, y: int, w: int, h: int, to_pt: float) -> Box:
    """The box at (x, y, w, h) pixels, in points, ticked when ink lies inside it."""
    inset = max(2, round(0.15 * w))
    left, top, right, bottom = _insets(binary[y : y + h, x : x + w] > 0) or (inset,) * 4
    inside = binary[y + top : y + h - bottom, x + left : x + w - right]
    ink = float((inside > 0).mean()) if inside.size else 0.0
    return Box((x * to_pt, y * to_pt, (x + w) * to_pt, (y + h) * to_pt), ink >= TICK_INK)


def find_ticks(binary: Gray, dpi: float) -> list[Box]:
    """Checkboxes on the page, bbox in points from its top-left."""
    to_pt = 72.0 / dpi
    lo, hi = MIN_SIDE_PT / to_pt, MAX_SIDE_PT / to_pt
    contours, _ = cv2.findContours(binary, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    found: list[tuple[int, int, int, int]] = []
    for contour in contours:
        box = _outline(np.asarray(contour, dtype=np.int32), binary, lo, hi)
        if box is None or any(abs(box[0] - f[0]) <= 3 and abs(box[1] - f[1]) <= 3 for f in found):
            continue
        found.append(box)
    return [_box(binary, *box, to_pt) for box in found]


def box_within(binary: Gray, region: tuple[int, int, int, int], dpi: float) -> Box | None:
    """The box outline in ``region`` (pixels: x0, top, x1, bottom), bbox in points, where
    the recogniser read a box glyph that no outline of its own explains: a box touching the
    character beside it makes one outline with it (☑其 printed with no gap)."""
    to_pt = 72.0 / dpi
    x0, top, x1, bottom = region
    found = _square_within(binary[top:bottom, x0:x1] > 0, MIN_SIDE_PT / to_pt, MAX_SIDE_PT / to_pt)
    if found is None:
        return None
    x, y, w, h = found
    return _box(binary, x0 + x, top + y, w, h, to_pt)
