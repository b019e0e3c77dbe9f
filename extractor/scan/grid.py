"""Table grids from pixels: ruling lines found by morphology, cells from the line structure."""

from __future__ import annotations

import cv2
import numpy as np
from numpy.typing import NDArray

from extractor.page.grids import Grid, Rule, build_grids

Gray = NDArray[np.uint8]

#: Shortest runs (points) kept as rules: longer than character strokes (a line of text
#: never has one long level stroke), shorter than a narrow column or a one-line row.
MIN_LEVEL_PT, MIN_UPRIGHT_PT = 25.0, 13.0
#: Gaps (points) in a rule that noise or compression may open and that are bridged;
#: wider ones would join the strokes of neighbouring characters.
GAP_PT = 0.5
#: Points within which two rules are the same rule.
RULE_TOL_PT = 3.0


def binarise(gray: Gray) -> Gray:
    """Ink as 255 on 0, with a threshold from the page's histogram."""
    _, binary = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    out: Gray = np.asarray(binary, dtype=np.uint8)
    return out


def _line_mask(binary: Gray, length: int, gap: int, horizontal: bool) -> Gray:
    size = (length, 1) if horizontal else (1, length)
    bridge = (gap, 1) if horizontal else (1, gap)
    closed = cv2.morphologyEx(
        binary, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, bridge)
    )
    opened = cv2.morphologyEx(
        closed, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, size)
    )
    mask: Gray = np.asarray(opened, dtype=np.uint8)
    return mask


def _rules(mask: Gray, horizontal: bool, to_pt: float) -> list[Rule]:
    _, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    rules = []
    for x, y, w, h, _area in stats[1:].astype(float).tolist():
        if horizontal:
            rules.append(Rule(True, (y + h / 2) * to_pt, x * to_pt, (x + w) * to_pt))
        else:
            rules.append(Rule(False, (x + w / 2) * to_pt, y * to_pt, (y + h) * to_pt))
    return rules


def _anchored(rule: Rule, horizontals: list[Rule], tol: float) -> bool:
    """Whether a vertical run starts and ends on horizontal rules, as a cell border does.

    Character strokes are as long as a short row is high, but they float inside the cell.
    """

    def meets(y: float) -> bool:
        return any(
            abs(h.pos - y) <= tol and h.start - tol <= rule.pos <= h.end + tol for h in horizontals
        )

    return meets(rule.start) and meets(rule.end)


def find_grids(binary: Gray, dpi: float) -> list[Grid]:
    """Tables drawn on the page, in points from its top-left."""
    to_pt = 72.0 / dpi
    gap = max(round(GAP_PT / to_pt), 1)
    level = _line_mask(binary, round(MIN_LEVEL_PT / to_pt), gap, True)
    upright = _line_mask(binary, round(MIN_UPRIGHT_PT / to_pt), gap, False)
    horizontals = _rules(level, True, to_pt)
    verticals = _rules(upright, False, to_pt)
    borders = [v for v in verticals if _anchored(v, horizontals, RULE_TOL_PT)]
    return build_grids(horizontals + borders, RULE_TOL_PT)
