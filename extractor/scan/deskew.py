"""Page orientation from pixels: quarter turns and small skew, estimated on a downscaled copy.

The estimate projects dark pixels onto the vertical axis at candidate angles: text lines and
table rules give the sharpest profile when they lie level.
"""

from __future__ import annotations

import cv2
import numpy as np
from numpy.typing import NDArray

Gray = NDArray[np.uint8]

#: Width the page is shrunk to for the estimates; enough to see text lines.
WORK_WIDTH = 800
#: Skews searched, in degrees either way.
MAX_SKEW = 3.0
#: Smear (pixels of the shrunk page) that joins the characters of a line but not the lines.
SMEAR = 3
#: How many dark pixels the estimate samples at most.
MAX_POINTS = 60_000


def _ink(gray: Gray) -> NDArray[np.float64]:
    """Coordinates (x, y) of dark pixels of a downscaled copy."""
    scale = min(1.0, WORK_WIDTH / max(gray.shape))
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    _, binary = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    ys, xs = np.nonzero(binary)
    points = np.stack([xs, ys], axis=1).astype(np.float64)
    if len(points) > MAX_POINTS:
        points = points[:: len(points) // MAX_POINTS + 1]
    return points


def _sharpness(points: NDArray[np.float64], degrees: float) -> float:
    """How peaked the row profile is when the points are turned by ``degrees``."""
    if len(points) == 0:
        return 0.0
    theta = np.deg2rad(degrees)
    rows = points[:, 1] * np.cos(theta) - points[:, 0] * np.sin(theta)
    counts = np.bincount((rows - rows.min()).astype(np.int64))
    return float(np.square(counts.astype(np.float64)).sum()) / len(points)


def _runs(binary: Gray, kernel: tuple[int, int]) -> int:
    """Character-sized blobs that smearing along ``kernel`` turns into long runs."""
    smeared = cv2.dilate(binary, np.ones(kernel[::-1], np.uint8))
    _, _, stats, _ = cv2.connectedComponentsWithStats(smeared, connectivity=8)
    long_side = stats[1:, 2] if kernel[0] > 1 else stats[1:, 3]
    short_side = stats[1:, 3] if kernel[0] > 1 else stats[1:, 2]
    text_like = (short_side >= 4) & (short_side <= 40) & (long_side >= 3 * short_side)
    return int(text_like.sum())


def quarter_turned(gray: Gray) -> bool:
    """Whether the page lies on its side: characters line up top to bottom, not left to right.

    Table rules are left out (they are long either way); only character-high runs count.
    """
    scale = min(1.0, WORK_WIDTH / max(gray.shape))
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    _, found = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    binary: Gray = np.asarray(found, dtype=np.uint8)
    return _runs(binary, (1, SMEAR)) > 2 * _runs(binary, (SMEAR, 1))


def skew_angle(gray: Gray) -> float:
    """The turn (degrees, counter-clockwise positive) that levels the page, to 0.05°."""
    points = _ink(gray)
    best = 0.0
    for step, span in ((0.5, MAX_SKEW), (0.1, 0.5), (0.05, 0.1)):
        candidates = np.arange(best - span, best + span + step / 2, step)
        best = float(max(candidates, key=lambda a: _sharpness(points, float(a))))
    return best


def rotate(gray: Gray, degrees: float, *, fill: int = 255) -> Gray:
    """The page turned by ``degrees`` about its centre, corners filled with ``fill``."""
    if abs(degrees) < 0.05:
        return gray
    h, w = gray.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
    turned = cv2.warpAffine(gray, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=(fill,))
    out: Gray = np.asarray(turned, dtype=np.uint8)
    return out


def orientation(gray: Gray) -> tuple[bool, float]:
    """Whether the page lies on its side, and the skew (degrees) that levels it then."""
    quarter = quarter_turned(gray)
    return quarter, skew_angle(np.ascontiguousarray(np.rot90(gray, -1)) if quarter else gray)


def turned(image: Gray, quarter: bool, degrees: float, *, fill: int = 255) -> Gray:
    """``image`` turned as ``orientation`` says: a layer of the page (its seal ink) turns
    with it."""
    if quarter:
        image = np.ascontiguousarray(np.rot90(image, -1))
    return rotate(image, degrees, fill=fill)


def upright(gray: Gray) -> Gray:
    """The page with quarter turn and skew removed (a half turn is left to the OCR's check)."""
    return turned(gray, *orientation(gray))
