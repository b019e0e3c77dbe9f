"""Text lines inside table cells, found from pixels: where the grid already bounds the text,
the line detector network is not needed.

A cell's inside (its rules left out) is cut into bands of rows that hold ink, and each band
into runs of columns that hold ink, split only at gaps far wider than a character. Every
cell is searched, including those whose printed label the layout predicts: nothing is assumed
to be there.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable

import cv2
import numpy as np
from numpy.typing import NDArray

__all__ = ["PixelBox", "clean_ink", "inside", "line_boxes"]

Gray = NDArray[np.uint8]
#: x0, top, x1, bottom in pixels of the page image.
PixelBox = tuple[int, int, int, int]

#: Ink blobs smaller than this (pixels) are scanner noise, not strokes or dots.
MIN_BLOB = 4
#: A speck: a blob of at most this area (square points; a full stop is about 2) with no other
#: ink within these distances (points) across and up or down. A full stop stands a point or
#: two from its character; a comma that wraps to the start of a line, a character's width
#: before the next one.
SPECK_PT2, SPECK_ACROSS_PT, SPECK_UPRIGHT_PT = 3.0, 12.0, 3.0
#: Pixels kept clear of a cell's rules (a rule is 1-3 px wide at 150 dpi, blurred).
RULE_MARGIN = 3
#: A row of a cell's inside inked over more than this share of its width is a rule's residue.
RULE_ROW_SHARE = 0.6
#: Gap between two ink runs of a line, in line heights, that splits them into two pieces.
SPLIT_GAP = 2.5
#: A band taller than this many typical line heights holds two lines that touch.
TWO_LINES = 1.7
#: A row inked less than this share of the lines above and below it is a gap between them;
#: no line cut out of a band is thinner than that share of a line height.
VALLEY, MIN_LINE = 0.2, 0.6
#: A band thinner than this share of a line height and longer than that many line heights is
#: a rule's remains, not text (a dash or 一 is thin but short).
THIN, LONG = 0.35, 3.0
#: Rows of paper between a sliver and the band it belongs to.
SLIVER_GAP = 2
#: Padding of a crop, in typical line heights: the recogniser expects a margin of paper.
PAD = 0.25


def clean_ink(binary: Gray, *, dpi: float = 150.0) -> Gray:
    """The ink with noise-sized blobs dropped (JPEG and scanner speckle), and specks that
    lie apart from all other ink (an office copier's toner dots)."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats(binary, connectivity=8)
    if count <= 1:
        return binary
    area: NDArray[np.int32] = np.asarray(stats[:, cv2.CC_STAT_AREA], dtype=np.int32)
    keep = area >= MIN_BLOB
    keep[0] = False
    keep &= ~_specks(np.asarray(labels, dtype=np.int32), area, keep, (dpi / 72.0) ** 2)
    cleaned: Gray = np.where(keep[labels], np.uint8(255), np.uint8(0)).astype(np.uint8)
    return cleaned


def _specks(
    labels: NDArray[np.int32], area: NDArray[np.int32], kept: NDArray[np.bool_], px_per_pt2: float
) -> NDArray[np.bool_]:
    """Which blobs are specks: no larger than a full stop, with no other ink near. A
    full stop, a decimal point or the dot of an i stands by the characters it belongs to;
    a speck alone becomes a line of its own that the recogniser reads as "." or ":"."""
    small = kept & (area <= SPECK_PT2 * px_per_pt2)
    if not small.any():
        return small
    solid = np.where((kept & ~small)[labels], np.uint8(255), np.uint8(0)).astype(np.uint8)
    scale = px_per_pt2**0.5
    across, upright = (2 * round(pt * scale) + 1 for pt in (SPECK_ACROSS_PT, SPECK_UPRIGHT_PT))
    near = cv2.dilate(solid, np.ones((upright, across), np.uint8)) > 0
    touched = np.unique(labels[near & small[labels]])
    apart = small.copy()
    apart[touched] = False
    return apart


def inside(
    box: tuple[float, float, float, float], scale: float, shape: tuple[int, ...]
) -> PixelBox:
    """A cell's bbox (points) as the pixels within its rules."""
    h, w = shape[:2]
    x0 = max(0, round(box[0] * scale) + RULE_MARGIN)
    top = max(0, round(box[1] * scale) + RULE_MARGIN)
    x1 = min(w, round(box[2] * scale) - RULE_MARGIN)
    bottom = min(h, round(box[3] * scale) - RULE_MARGIN)
    return x0, top, max(x0, x1), max(top, bottom)


def _runs(profile: NDArray[np.bool_]) -> list[tuple[int, int]]:
    """Start and end (exclusive) of each run of True."""
    padded = np.concatenate(([False], profile, [False]))
    edges = np.flatnonzero(padded[1:] != padded[:-1])
    return [(int(a), int(b)) for a, b in zip(edges[::2], edges[1::2], strict=True)]


def _strip_rules(ink: NDArray[np.bool_]) -> NDArray[np.bool_]:
    """A cell's inside without leftover rule pixels along its edges (a slight skew or a
    thick rule leaves a sliver of it inside the margin)."""
    if ink.size == 0:
        return ink
    out = ink.copy()
    rows = out.mean(axis=1) > RULE_ROW_SHARE
    cols = out.mean(axis=0) > RULE_ROW_SHARE
    edge = RULE_MARGIN + 2
    rows[edge:-edge] = False
    cols[edge:-edge] = False
    out[rows, :] = False
    out[:, cols] = False
    return out


def _split_tall(
    band: tuple[int, int], rows: NDArray[np.int64], height: float
) -> list[tuple[int, int]]:
    """A band of two (or more) touching lines cut where the ink between them thins out,
    and what is still as tall as two lines at its thinnest rows."""
    top, bottom = band
    if bottom - top < TWO_LINES * height:
        return [band]
    cuts = [top, *(top + at for at in _valleys(rows, height)), bottom]
    out: list[tuple[int, int]] = []
    for a, b in itertools.pairwise(cuts):
        out.extend(_split_evenly((a, b), rows[a - top : b - top], height))
    return out


def _valleys(rows: NDArray[np.int64], height: float) -> list[int]:
    """Rows of a band (from its top) between two lines: the emptiest of each run of rows
    inked far less than the lines above and below, a line's height at least from the
    band's ends and from each other. Dense lines that a photo's blur, a descender or a
    seal's ring join still leave such a valley; cut by the band's height alone, five
    lines of a narrow leading are taken for six, and the sixth reads two half lines."""
    reach = max(1, round(height))
    least = round(MIN_LINE * height)
    low = [
        at
        for at in range(least, len(rows) - least)
        if rows[at]
        <= VALLEY * min(rows[max(0, at - reach) : at].max(), rows[at + 1 : at + 1 + reach].max())
    ]
    cuts: list[int] = []
    for _, group in itertools.groupby(enumerate(low), key=lambda item: item[1] - item[0]):
        run = [at for _, at in group]
        at = min(run, key=lambda r: (rows[r], r))
        if not cuts or at - cuts[-1] >= least:
            cuts.append(at)
    return cuts


def _split_evenly(
    band: tuple[int, int], rows: NDArray[np.int64], height: float
) -> list[tuple[int, int]]:
    """A band of two (or more) touching lines cut at its thinnest rows."""
    top, bottom = band
    count = round((bottom - top) / height)
    if bottom - top < TWO_LINES * height or count < 2:
        return [band]
    cuts = [top]
    for k in range(1, count):
        guess = top + round(k * (bottom - top) / count)
        lo, hi = max(top + 1, guess - round(height / 3)), min(bottom - 1, guess + round(height / 3))
        if hi <= lo:
            continue
        cuts.append(lo + int(np.argmin(rows[lo - top : hi - top])))
    cuts.append(bottom)
    return [(a, b) for a, b in itertools.pairwise(cuts) if b > a]


def line_boxes(ink: Gray, region: PixelBox, height: float) -> list[PixelBox]:
    """Boxes (padded, clipped to ``region``) of the text lines inside ``region``, top to bottom;
    ``height`` is the page's typical line height in pixels."""
    x0, top, x1, bottom = region
    if x1 - x0 < 2 or bottom - top < 2:
        return []
    cell = _strip_rules(ink[top:bottom, x0:x1] > 0)
    rows = cell.sum(axis=1)
    boxes: list[PixelBox] = []
    pad = max(2, round(PAD * height))
    for band in _joined_slivers(_runs(rows > 0), height):
        for y0, y1 in _split_tall(band, rows[band[0] : band[1]].astype(np.int64), height):
            cols: NDArray[np.bool_] = np.asarray(cell[y0:y1].any(axis=0))
            for a, b in _merged(_runs(cols), SPLIT_GAP * height):
                if y1 - y0 < THIN * height and b - a > LONG * height:
                    # A long hairline: what is left of a rule a photo left slanted.
                    continue
                boxes.append(_padded((x0 + a, top + y0, x0 + b, top + y1), pad, height, region))
    return boxes


def _joined_slivers(bands: list[tuple[int, int]], height: float) -> list[tuple[int, int]]:
    """Bands with a sliver (a few rows: a rule's blurred edge, a stroke cut off by noise)
    joined to the band it touches, so that no line is read twice, once from its sliver."""
    out: list[tuple[int, int]] = []
    for top, bottom in bands:
        if out and top - out[-1][1] <= SLIVER_GAP and (
            bottom - top < THIN * height or out[-1][1] - out[-1][0] < THIN * height
        ):
            out[-1] = (out[-1][0], bottom)
        else:
            out.append((top, bottom))
    return out


def _merged(runs: Iterable[tuple[int, int]], gap: float) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in runs:
        if out and a - out[-1][1] <= gap:
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def _padded(box: PixelBox, pad: int, height: float, region: PixelBox) -> PixelBox:
    """The box with a margin, and at least a line high (a lone dash or dot is centred)."""
    x0, top, x1, bottom = box
    short = max(0, round(height) - (bottom - top))
    top, bottom = top - short // 2 - pad, bottom + (short - short // 2) + pad
    return (
        max(region[0], x0 - pad),
        max(region[1], top),
        min(region[2], x1 + pad),
        min(region[3], bottom),
    )
