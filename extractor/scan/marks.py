"""Ticks written in place of a box (✓ 智能终端与高端装备 among □ options), from pixels.

A list's options stand one under another, each after its box; a form may mark the chosen
one with a bare tick (✓ or √) where its box would be. The recogniser reads no character
there (its dictionary's tick is not the form's, or a photo blurs it), and the option would
read as not chosen. Where a column of boxes stands, a single stroke at the box's place,
narrower than a character, on a line that has no box of its own and goes on with the
option's characters, is that tick.
"""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Sequence

import cv2
import numpy as np
from numpy.typing import NDArray

from extractor.layout import CHECKED, UNCHECKED, BBox
from extractor.page.compose import Token
from schemas.normalise.choices import BARE_TICKS, BOXES

__all__ = ["TICK", "bare_ticks", "cell_of"]

Gray = NDArray[np.uint8]

#: The mark a tick found in place of a box is written as.
TICK = "✓"
#: How far (share of a box's width) boxes of one column may stand apart sideways, the least
#: ratio of their sides, and the most room (box heights) between one and the next: two
#: options' lines (ticks written in place of their boxes) and their leading.
COLUMN_SLACK, ALIKE, APART = 0.5, 0.7, 3.5
#: Lines of the column's pitch above its first box and below its last that are looked at.
BEYOND = 1.5
#: A tick's stroke, as shares of the box: at least this high; its width at least this share
#: of its own height (a 1 or a bracket is narrower) and at most this share of the box's
#: side (a box glyph is narrower than a character: a character at the box's place is
#: wider); its ink at most this share of its bounding box (a stroke, not a body). The
#: recogniser's extents say nothing here: the first character of a line is often given
#: one reaching over the tick before it.
MIN_HEIGHT, MIN_WIDTH, MAX_WIDTH, MAX_FILL = 0.5, 0.4, 1.2, 0.45
#: Reach (box widths) after a tick in which its option's first character stands.
REACH = 1.5
#: Points a tick is put before a character whose extent starts where it does.
NUDGE = 0.1


def _columns(marks: Sequence[Token]) -> list[list[BBox]]:
    """Boxes standing one under another, of one size, no further apart than a few lines: a
    list's options."""
    columns: list[list[BBox]] = []
    for box in sorted(((t.x0, t.top, t.x1, t.bottom) for t in marks), key=lambda b: b[1]):
        width, height = box[2] - box[0], box[3] - box[1]
        for column in columns:
            last = column[-1]
            if (
                abs(last[0] - box[0]) <= COLUMN_SLACK * width
                and _alike(last, box)
                and box[1] - last[3] <= APART * height
            ):
                column.append(box)
                break
        else:
            columns.append([box])
    return [column for column in columns if len(column) >= 2]


def _alike(a: BBox, b: BBox) -> bool:
    sides = ((a[2] - a[0], b[2] - b[0]), (a[3] - a[1], b[3] - b[1]))
    return all(min(p, q) >= ALIKE * max(p, q) for p, q in sides)


def _strokes(ink: Gray, region: tuple[int, int, int, int]) -> list[tuple[int, int, int, int, int]]:
    """The ink's connected parts (x, y, w, h, pixels) lying wholly inside the region, in
    page pixels: a part the region cuts belongs to something wider."""
    x0, top, x1, bottom = region
    patch = ink[top:bottom, x0:x1]
    count, _, stats, _ = cv2.connectedComponentsWithStats(
        np.asarray(patch > 0, dtype=np.uint8), connectivity=8
    )
    height, width = patch.shape
    parts = []
    for x, y, w, h, area in stats[1:count].tolist():
        if x > 0 and y > 0 and x + w < width and y + h < height:
            parts.append((x + x0, y + top, w, h, area))
    return parts


def _tick_shaped(part: tuple[int, int, int, int, int], side: float) -> bool:
    _, _, w, h, area = part
    return (
        h >= MIN_HEIGHT * side
        and MIN_WIDTH * h <= w <= MAX_WIDTH * side
        and area <= MAX_FILL * w * h
    )


def bare_ticks(
    tokens: Sequence[Token],
    ink: Gray,
    dpi: float,
    *,
    cells: Sequence[BBox] = (),
    sealed: Gray | None = None,
) -> list[Token]:
    """Ticks at the place of a box in columns of boxes: ``tokens`` are the page's (in
    points: recognised text and its boxes' marks, ☐ ☑), ``ink`` the page's ink without
    its rules (255 on 0). A column's ticks are sought within its table cell (of ``cells``,
    in points) and not under a seal's disc (``sealed``, 255 on 0), where what the seal's
    removal leaves of a box or a stroke is no tick. The ticks are tokens in points."""
    scale = dpi / 72.0
    marks = [t for t in tokens if t.text in (CHECKED, UNCHECKED)]
    ticks: list[Token] = []
    for column in (part for whole in _columns(marks) for part in _by_cell(whole, cells)):
        x0 = min(b[0] for b in column)
        x1 = max(b[2] for b in column)
        side = statistics.median(b[3] - b[1] for b in column)
        tops = [b[1] for b in column]
        pitch = min(b - a for a, b in itertools.pairwise(tops))
        top, bottom = tops[0] - BEYOND * pitch, column[-1][3] + BEYOND * pitch
        cell = cell_of(column[0], cells)
        if cell is not None:
            top, bottom = max(top, cell[1]), min(bottom, cell[3])
        margin = 0.3 * (x1 - x0)
        region = (
            max(0, round((x0 - margin) * scale)),
            max(0, round(top * scale)),
            min(ink.shape[1], round((x1 + margin) * scale)),
            min(ink.shape[0], round(bottom * scale)),
        )
        for part in _strokes(ink, region):
            x, y, w, h, _ = part
            if sealed is not None and sealed[y : y + h, x : x + w].any():
                continue
            token = _tick(part, scale, side, x1 - x0, tokens, ticks)
            if token is not None:
                ticks.append(token)
    return ticks


def _by_cell(column: list[BBox], cells: Sequence[BBox]) -> list[list[BBox]]:
    """The column's boxes by the table cell they stand in (two lists one under the other
    are two columns), each two boxes at least."""
    parts: dict[BBox | None, list[BBox]] = {}
    for box in column:
        parts.setdefault(cell_of(box, cells), []).append(box)
    return [part for part in parts.values() if len(part) >= 2]


def cell_of(box: BBox, cells: Sequence[BBox]) -> BBox | None:
    """The cell the box's centre lies in, the smallest if nested."""
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    holding = [c for c in cells if c[0] <= cx <= c[2] and c[1] <= cy <= c[3]]
    return min(holding, key=lambda c: (c[2] - c[0]) * (c[3] - c[1]), default=None)


def _tick(
    part: tuple[int, int, int, int, int],
    scale: float,
    side: float,
    width: float,
    recognised: Sequence[Token],
    found: Sequence[Token],
) -> Token | None:
    """The part as a tick, or None where it is a box, a character or no option's mark."""
    if not _tick_shaped(part, side * scale):
        return None
    x, y, w, h, _ = part
    bbox = (x / scale, y / scale, (x + w) / scale, (y + h) / scale)
    # One mark to an option: a line with a box has its mark (a piece of a copy's broken
    # box beside it is none).
    marks = [(t.x0, t.top, t.x1, t.bottom) for t in recognised if t.text in BOXES]
    reach = REACH * width
    if any(
        min(m[3], bbox[3]) > max(m[1], bbox[1])
        and bbox[0] - reach < m[2]
        and m[0] < bbox[2] + reach
        for m in marks
    ):
        return None
    taken = [(t.x0, t.top, t.x1, t.bottom) for t in found]
    # A tick the recogniser read is in the text already.
    taken += [(t.x0, t.top, t.x1, t.bottom) for t in recognised if t.text in BARE_TICKS]
    if any(_meets(bbox, other) for other in taken):
        return None
    # The option it marks: characters on its line, starting right after it.
    after = [
        t
        for t in recognised
        if min(t.bottom, bbox[3]) - max(t.top, bbox[1]) >= 0.5 * (bbox[3] - bbox[1])
        and bbox[0] < t.cx
        and t.x0 <= bbox[2] + REACH * width
    ]
    if not after:
        return None
    # Before them in the line, though the first one's extent reaches over it.
    start = min(bbox[0], *(t.x0 - NUDGE for t in after))
    return Token(TICK, start, bbox[1], bbox[2], bbox[3])


def _meets(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
