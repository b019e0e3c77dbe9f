"""Table grids from pixels: ruling lines found by morphology, cells from the line structure."""

from __future__ import annotations

import cv2
import numpy as np
from numpy.typing import NDArray

from extractor.pdf.tables import Grid, Rule, build_grids

Gray = NDArray[np.uint8]

#: Shortest run (points) kept as a rule: longer than any character stroke, shorter than a row.
MIN_RULE_PT = 13.0
#: Gaps (points) in a rule that noise or compression may open and that are bridged.
GAP_PT = 2.5
#: Points within which two rules are the same rule.
RULE_TOL_PT = 3.0


def binarise(gray: Gray) -> Gray:
    """Ink as 255 on 0, with a threshold from the page's histogram."""
    _, binary = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    out: Gray = binary
    return out


def _line_mask(binary: Gray, length: int, gap: int, horizontal: bool) -> Gray:
    size = (length, 1) if horizontal else (1, length)
    bridge = (gap, 1) if horizontal else (1, gap)
    closed = cv2.morphologyEx(binary, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, bridge))
    mask: Gray = cv2.morphologyEx(
        closed, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, size)
    )
    return mask


def _rules(mask: Gray, horizontal: bool, to_pt: float) -> list[Rule]:
    _, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    rules = []
    for x, y, w, h, _area in stats[1:]:
        if horizontal:
            rules.append(Rule(True, (y + h / 2) * to_pt, x * to_pt, (x + w) * to_pt))
        else:
            rules.append(Rule(False, (x + w / 2) * to_pt, y * to_pt, (y + h) * to_pt))
    return rules


def find_grids(binary: Gray, dpi: float) -> list[Grid]:
    """Tables drawn on the page, in points from its top-left."""
    to_pt = 72.0 / dpi
    length = max(int(MIN_RULE_PT / to_pt), 5)
    gap = max(int(GAP_PT / to_pt), 1)
    rules = _rules(_line_mask(binary, length, gap, True), True, to_pt)
    rules += _rules(_line_mask(binary, length, gap, False), False, to_pt)
    return build_grids(rules, RULE_TOL_PT)
