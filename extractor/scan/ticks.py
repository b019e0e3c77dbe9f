"""Checkboxes from pixels: small square outlines; one with ink inside is ticked."""

from __future__ import annotations

import cv2
import numpy as np
from numpy.typing import NDArray

from extractor.page.boxes import Box

Gray = NDArray[np.uint8]

#: Side lengths (points) of a checkbox: a box glyph or a drawn square, smaller than a cell.
MIN_SIDE_PT, MAX_SIDE_PT = 5.0, 18.0
#: Share of each side that must be ink for the outline to be a box.
EDGE_INK = 0.7
#: Share of its bounding square a box's outline encloses (a glyph's outline encloses less).
SOLIDITY = 0.75
#: Share of the inside that must be ink for the box to be ticked.
TICK_INK = 0.06


def _edge_ink(patch: NDArray[np.bool_]) -> float:
    """The least inked of the four sides (two pixels deep, for blur)."""
    sides = (patch[:2, :], patch[-2:, :], patch[:, :2], patch[:, -2:])
    return min(float(side.any(axis=0 if side.shape[0] == 2 else 1).mean()) for side in sides)


def _four_cornered(contour: NDArray[np.int32]) -> bool:
    outline = cv2.approxPolyDP(contour, 0.08 * cv2.arcLength(contour, True), True)
    return len(outline) == 4


def find_ticks(binary: Gray, dpi: float) -> list[Box]:
    """Checkboxes on the page, bbox in points from its top-left."""
    to_pt = 72.0 / dpi
    lo, hi = MIN_SIDE_PT / to_pt, MAX_SIDE_PT / to_pt
    contours, _ = cv2.findContours(binary, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    found: list[tuple[int, int, int, int]] = []
    for contour in contours:
        x, y, w, h = cv2.boundingRect(contour)
        if not (lo <= w <= hi and lo <= h <= hi and abs(w - h) <= 0.15 * max(w, h)):
            continue
        if any(abs(x - fx) <= 3 and abs(y - fy) <= 3 for fx, fy, _, _ in found):
            continue
        outline = np.asarray(contour, dtype=np.int32)
        if cv2.contourArea(outline) < SOLIDITY * w * h or not _four_cornered(outline):
            continue
        patch = binary[y : y + h, x : x + w] > 0
        if _edge_ink(patch) < EDGE_INK:
            continue
        found.append((x, y, w, h))
    boxes = []
    for x, y, w, h in found:
        inset = max(2, round(0.15 * w))
        inside = binary[y + inset : y + h - inset, x + inset : x + w - inset]
        ink = float((inside > 0).mean()) if inside.size else 0.0
        bbox = (x * to_pt, y * to_pt, (x + w) * to_pt, (y + h) * to_pt)
        boxes.append(Box(bbox, ink >= TICK_INK))
    return boxes
