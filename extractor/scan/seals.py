"""Seals on a page: their ink is not text of the form, and what lies under them may be hidden.

In colour a seal is red (``paper.red_ink``). On an office copy it has turned grey; it is still
told from the form's black print by three things: its strokes are a lighter grey than the
print's (the red was lighter than black before greying), they make a ring, and the ring is
the size of a seal. Inside such a ring the seal-grey strokes are taken out, so that the
seal's words are not read, and the print under them is kept. Print in colour (a heading
Word draws blue) greys like the seal: a line of it that runs through the ring, grey and
without dark cores on both sides of it, is kept across the ring too, the ring's own
stroke excepted.

Cells and paragraphs a seal lies over are marked ``sealed``: what was read there may be
incomplete, and an empty-looking cell there is not known to be empty.
"""

from __future__ import annotations

from collections.abc import Sequence

import cv2
import numpy as np
from numpy.typing import NDArray

from extractor.layout import BBox, Block, Paragraph

__all__ = ["grey_seals", "mark_sealed", "seal_region"]

Gray = NDArray[np.uint8]

#: Diameters (millimetres) of company and official seals, with room for a copy's scaling.
MIN_SEAL_MM, MAX_SEAL_MM = 25.0, 65.0
#: Share of the ring's angles its strokes must reach (a ring broken by print under it),
#: share of a thin band along the ring they must fill, and the band's half-width (share
#: of the radius). Print lying on a circle by chance fills under a tenth of it.
RING_SHARE, RING_FILL, RING_BAND = 0.75, 0.1, 0.05
#: How many times fuller the band is than the bands of the same width either side of it
#: (three half-widths in and out): a ring is a line, print on the page fills them alike.
#: A copy's pale ring fills little of its band, but far more than its sides.
RING_CONTRAST = 2.0
#: Half-widths from the ring to the middle of the bands either side of it.
SIDE_BANDS = 3
ANGLE_BINS = 72
#: Length (millimetres) of a straight run of ink that is a rule, not a seal's arc (a ring of
#: seal size is straight over less than 15 mm).
RULE_MM = 20.0
#: Circles the detector offers that are looked at, likeliest first.
MAX_CANDIDATES = 8
#: Resolution the circles are sought at, and the votes a circle needs there.
SEARCH_DPI, SEARCH_VOTES = 75.0, 30
#: Share of a cell's (or paragraph's) area a seal must cover to be over it.
COVER_SHARE = 0.04
#: Gap (millimetres) a seal's strokes and letters are joined across to make one shape.
JOIN_MM = 2.0
#: Side (millimetres) of a punctuation mark of body text (。、，“), at most: a blob of ink no
#: larger, standing alone and dark somewhere, is print, though a copy greys its thin stroke
#: as much as the seal's.
MARK_MM = 2.0
#: Width (millimetres) of the strips either side of a disc a line of grey print is sought
#: in, the least height of such a line, and the rows it is widened by for its strokes' ends.
STRIP_MM, LINE_MM, LINE_PAD_MM = 15.0, 1.5, 0.5
#: Share of a strip's row grey strokes fill where a line of grey print runs, and the most
#: dark cores may fill there as a share of the grey: black print greys at its thin
#: strokes' edges too, but its cores are there.
LINE_FILL, LINE_CORES = 0.04, 0.3
_MM_PER_INCH = 25.4


def _px(mm: float, dpi: float) -> int:
    return max(1, round(mm * dpi / _MM_PER_INCH))


def _ink(gray: Gray) -> NDArray[np.bool_]:
    """The page's ink, print and seal alike: darker than Otsu's threshold."""
    threshold, _ = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    found: NDArray[np.bool_] = gray < threshold
    return found


def _seal_grey(
    gray: Gray, ink: NDArray[np.bool_]
) -> tuple[NDArray[np.bool_], NDArray[np.bool_]] | None:
    """The page's ink split into the print's dark cores and the lighter grey strokes that are
    not the edge of a dark one; None when the page has no two such levels of ink."""
    levels = gray[ink]
    if levels.size < 100:
        return None
    core_level, _ = cv2.threshold(
        levels.reshape(1, -1), 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU
    )
    core = gray < core_level
    # A dark stroke's blurred edge is grey too: grey right beside a core is that edge.
    edge = cv2.dilate(core.astype(np.uint8), np.ones((5, 5), np.uint8)) > 0
    return core, ink & ~edge


def _rings(grey: NDArray[np.bool_], dpi: float) -> list[tuple[int, int, int]]:
    """Circles of a seal's size that grey strokes go round: centre and radius in pixels."""
    # Circles are sought on the page at a lower resolution (a seal is large, and the
    # search costs the square of the scale); each is then checked at full resolution.
    shrink = max(1.0, dpi / SEARCH_DPI)
    small = cv2.resize(
        grey.astype(np.uint8) * 255,
        (round(grey.shape[1] / shrink), round(grey.shape[0] / shrink)),
        interpolation=cv2.INTER_AREA,
    )
    low = dpi / shrink
    found = cv2.HoughCircles(
        cv2.GaussianBlur(small, (5, 5), 1.5),
        cv2.HOUGH_GRADIENT,
        dp=1,
        minDist=_px(MIN_SEAL_MM, low),
        param1=100,
        param2=SEARCH_VOTES,
        minRadius=_px(MIN_SEAL_MM / 2, low),
        maxRadius=_px(MAX_SEAL_MM / 2, low),
    )
    if found is None:
        return []
    rings = []
    for cx, cy, radius in (found[0][:MAX_CANDIDATES] * shrink).tolist():
        if _goes_round(grey, cx, cy, radius):
            rings.append((round(cx), round(cy), round(radius)))
    return rings


def _goes_round(grey: NDArray[np.bool_], cx: float, cy: float, radius: float) -> bool:
    """Whether grey strokes fill a good share of a thin band along the circle, all round it,
    and far more of it than of the bands either side (print that happens to lie on a circle
    fills little of it, not all round, and as much beside it)."""
    half = max(4.0, RING_BAND * radius)
    reach = round(radius + (SIDE_BANDS + 1) * half) + 1
    x0, y0 = max(0, round(cx) - reach), max(0, round(cy) - reach)
    window = grey[y0 : round(cy) + reach, x0 : round(cx) + reach]
    ys, xs = np.mgrid[0 : window.shape[0], 0 : window.shape[1]]
    dx, dy = xs + x0 - cx, ys + y0 - cy
    off = np.hypot(dx, dy) - radius
    band = np.abs(off) <= half
    if not band.any():
        return False
    on = band & window
    angles = np.arctan2(dy[on], dx[on])
    bins = np.unique(((angles + np.pi) / (2 * np.pi) * ANGLE_BINS).astype(np.int64) % ANGLE_BINS)
    fill = float(window[band].mean())
    sides = [np.abs(off - side * half) <= half for side in (-SIDE_BANDS, SIDE_BANDS)]
    beside = max(float(window[side].mean()) if side.any() else 0.0 for side in sides)
    return (
        fill >= RING_FILL
        and fill >= RING_CONTRAST * beside
        and len(bins) >= RING_SHARE * ANGLE_BINS
    )


def grey_seals(gray: Gray, dpi: float) -> tuple[Gray, Gray | None]:
    """The page with grey seals' strokes made paper, and the seals' discs (255 on 0), or
    None when it shows no seal."""
    ink = _ink(gray)
    split = _seal_grey(gray, ink)
    if split is None:
        return gray, None
    core, grey = split
    discs = np.zeros(gray.shape, np.uint8)
    lines = np.zeros(gray.shape, bool)
    margin = _px(JOIN_MM, dpi)
    for cx, cy, radius in _rings(grey, dpi):
        cv2.circle(discs, (cx, cy), radius + margin, 255, thickness=-1)
        lines |= _grey_print_through(grey, core, (cx, cy, radius), dpi)
    if not discs.any():
        return gray, None
    # The seal's grey and its blurred edge inside the disc are paper; the print stays, and
    # so do the table's rules, which a copy greys as much as the seal where they are thin.
    strokes = cv2.dilate((grey & (discs > 0)).astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
    kept = core | _rules(ink, dpi) | _marks(ink & (discs > 0), core, dpi) | lines
    cleaned = np.where(strokes & ~kept, np.uint8(255), gray)
    return cleaned.astype(np.uint8), discs


def _grey_print_through(
    grey: NDArray[np.bool_], core: NDArray[np.bool_], ring: tuple[int, int, int], dpi: float
) -> NDArray[np.bool_]:
    """The rows of a seal's disc that a line of grey print runs through (grey strokes, and
    few dark cores among them, in the strips just outside the disc on both sides), the
    ring's own stroke left out."""
    cx, cy, radius = ring
    height, width = grey.shape
    reach, strip, pad = radius + _px(JOIN_MM, dpi), _px(STRIP_MM, dpi), _px(LINE_PAD_MM, dpi)
    top, bottom = max(0, cy - reach), min(height, cy + reach + 1)
    left, right = max(0, cx - reach), min(width, cx + reach + 1)
    found = np.zeros(grey.shape, bool)
    if left - strip < 0 or right + strip > width:
        return found
    # Rows are looked at a stroke's width at a time: a line of print is not full in every
    # row of it.
    smooth = np.ones(2 * pad + 1) / (2 * pad + 1)
    rows = np.ones(bottom - top, bool)
    for x0, x1 in ((left - strip, left), (right, right + strip)):
        fill = np.convolve(grey[top:bottom, x0:x1].mean(axis=1), smooth, mode="same")
        cores = np.convolve(core[top:bottom, x0:x1].mean(axis=1), smooth, mode="same")
        rows &= (fill >= LINE_FILL) & (cores <= LINE_CORES * fill)
    for start, stop in _runs(rows):
        if stop - start >= _px(LINE_MM, dpi):
            found[max(top, top + start - pad) : top + stop + pad, left:right] = True
    ys, xs = np.ogrid[0:height, 0:width]
    found &= np.abs(np.hypot(xs - cx, ys - cy) - radius) > max(4.0, RING_BAND * radius)
    return found


def _runs(flags: NDArray[np.bool_]) -> list[tuple[int, int]]:
    """Start and end (exclusive) of each run of True."""
    edges = np.diff(np.concatenate([[0], flags.astype(np.int8), [0]]))
    return list(
        zip(np.flatnonzero(edges == 1).tolist(), np.flatnonzero(edges == -1).tolist(), strict=True)
    )


def _marks(ink: NDArray[np.bool_], core: NDArray[np.bool_], dpi: float) -> NDArray[np.bool_]:
    """Punctuation marks within the seals' discs, with their blurred edge: blobs of ink no
    larger than a mark, apart from any other ink, and dark somewhere. A seal's grey
    letters and ring are larger, or touch the print they cross; its lone flecks are grey
    all through."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats(
        ink.astype(np.uint8), connectivity=8
    )
    side = _px(MARK_MM, dpi)
    small = (stats[:, cv2.CC_STAT_WIDTH] <= side) & (stats[:, cv2.CC_STAT_HEIGHT] <= side)
    dark = np.zeros(count, dtype=bool)
    dark[np.unique(labels[core & (labels > 0)])] = True
    chosen = small & dark
    chosen[0] = False
    found: NDArray[np.bool_] = (
        cv2.dilate(chosen[labels].astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
    )
    return found


def _rules(ink: NDArray[np.bool_], dpi: float) -> NDArray[np.bool_]:
    """Long level and upright runs of ink (and their edges): longer than a seal's ring
    is nearly straight anywhere."""
    length = _px(RULE_MM, dpi)
    pixels = ink.astype(np.uint8)
    level = cv2.morphologyEx(pixels, cv2.MORPH_OPEN, np.ones((1, length), np.uint8))
    upright = cv2.morphologyEx(pixels, cv2.MORPH_OPEN, np.ones((length, 1), np.uint8))
    found: NDArray[np.bool_] = cv2.dilate(np.maximum(level, upright), np.ones((3, 3), np.uint8)) > 0
    return found


def seal_region(ink: Gray, dpi: float) -> Gray | None:
    """The discs red ink makes (each seal's outline filled), 255 on 0; None if there are
    none of a seal's size (a red pen's tick is no seal)."""
    join = _px(JOIN_MM, dpi)
    shapes = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, np.ones((join, join), np.uint8))
    contours, _ = cv2.findContours(shapes, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    region = np.zeros(ink.shape, np.uint8)
    least = _px(MIN_SEAL_MM, dpi) * 0.6
    for contour in contours:
        _, _, w, h = cv2.boundingRect(contour)
        if max(w, h) >= least:
            cv2.fillPoly(region, [cv2.convexHull(contour)], 255)
    return region if region.any() else None


def _covered(region: Gray, bbox: BBox, scale: float) -> bool:
    x0, top, x1, bottom = (round(v * scale) for v in bbox)
    patch = region[max(top, 0) : max(bottom, 0), max(x0, 0) : max(x1, 0)]
    return patch.size > 0 and float((patch > 0).mean()) >= COVER_SHARE


def mark_sealed(blocks: Sequence[Block], region: Gray, dpi: float) -> None:
    """Mark the cells and paragraphs (bboxes in points) a seal's disc lies over."""
    scale = dpi / 72.0
    for block in blocks:
        if isinstance(block, Paragraph):
            if block.bbox is not None and _covered(region, block.bbox, scale):
                block.sealed = True
            continue
        for cell in block.cells:
            if cell.bbox is not None and _covered(region, cell.bbox, scale):
                cell.sealed = True
