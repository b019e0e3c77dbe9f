"""Table cells, merged ones included, rebuilt from the ruling lines of a page image."""

from __future__ import annotations

import cv2
import numpy as np

from extractor.scan.grid import binarise, find_grids
from extractor.scan.ticks import find_ticks


def _page() -> np.ndarray:
    """A 150 dpi page: a 3x3 table whose top row is one merged cell, and two boxes."""
    page = np.full((600, 600), 255, np.uint8)
    for y in (100, 160, 220, 280):
        cv2.line(page, (100, y), (500, y), 0, 2)
    for x in (100, 500):
        cv2.line(page, (x, 100), (x, 280), 0, 2)
    for x in (250, 380):
        cv2.line(page, (x, 160), (x, 280), 0, 2)
    cv2.putText(page, "IIIIII", (270, 140), cv2.FONT_HERSHEY_SIMPLEX, 1.2, 0, 2)
    cv2.rectangle(page, (120, 300), (140, 320), 0, 2)
    cv2.rectangle(page, (200, 300), (220, 320), 0, 2)
    cv2.line(page, (203, 310), (209, 317), 0, 2)
    cv2.line(page, (209, 317), (218, 302), 0, 2)
    return page


def test_grid_spans_come_from_missing_rules() -> None:
    (grid,) = find_grids(binarise(_page()), 150)
    assert (len(grid.ys) - 1, len(grid.xs) - 1) == (3, 3)
    spans = [(c.row, c.col, c.row_span, c.col_span) for c in grid.cells]
    assert spans[0] == (0, 0, 1, 3)
    assert len(spans) == 7
    # Positions are points: 100 px at 150 dpi is 48 pt.
    assert abs(grid.bbox[0] - 48) < 1.5 and abs(grid.bbox[1] - 48) < 1.5


def test_ticked_and_empty_boxes_from_pixels() -> None:
    boxes = sorted(find_ticks(binarise(_page()), 150), key=lambda b: b.bbox[0])
    assert [b.checked for b in boxes] == [False, True]
