"""One page image -> tables and paragraphs: upright it, find the grid, read the cells' lines.

The table grid is found first, from the ruling lines; the text lines inside its cells are
found from pixels and only they are recognised. The detector network runs only where ink lies
outside every table (a title, a date line, a page with no table at all).
"""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np
from numpy.typing import NDArray

from extractor.layout import BBox, Block, Table
from extractor.page.boxes import Box
from extractor.page.compose import Token, page_blocks
from extractor.page.grids import Grid, tables_and_boxes
from extractor.scan.confusables import pair_quotes
from extractor.scan.deskew import orientation, turned
from extractor.scan.glyphs import BOX_READINGS, BOX_SOUGHT, ENCLOSED_READINGS, TICK_READINGS
from extractor.scan.grid import RULE_TOL_PT, binarise, page_rules, rule_ink, rule_pixels
from extractor.scan.lines import RULE_MARGIN, PixelBox, clean_ink, inside, line_boxes
from extractor.scan.marks import bare_ticks, cell_of
from extractor.scan.ocr import Lines, Piece, detect_in, lines_at, read
from extractor.scan.paper import as_paper
from extractor.scan.seals import grey_seals, mark_sealed, seal_region
from extractor.scan.ticks import box_within, find_ticks
from extractor.scan.words import frequency

__all__ = ["distinct", "read_scan_page", "upright_page"]

Gray = NDArray[np.uint8]

#: A gap wider than this share of the text height between two pieces is a space.
SPACE_SHARE = 0.35
#: Empty boxes of its size a ticked box's cell holds, on other lines, to be a list's.
LISTED = 2
#: The character a square glyph reads as, and what makes it a word's character: the one
#: before it no further than this share of its width, the two a word this common.
BOX_IN_WORDS = "口"
ADJACENT, WORD_COUNT = 0.35, 100
#: How far round a box glyph the recogniser read its outline is sought, in line heights.
BOX_SEARCH = 0.3
#: How far past a list line's last character a box the recogniser read nothing for is
#: sought, in line heights.
SKIPPED_REACH = 1.5
#: A gap between two characters of a list's line at least this share of its height may
#: hold a box the recogniser skipped (a space is narrower).
SKIPPED_GAP = 0.6
#: Least ratio of the sides of two boxes of the same kind (a scan blurs one more than another).
ALIKE = 0.7
#: A closed stroke of a character is at most this share of its line's height, and lies within
#: the character's box give or take this share of its own side.
STROKE_SHARE, GLYPH_SLACK = 0.4, 0.1
#: Share of the narrower piece two readings of the same ink overlap by, at least.
OVERLAP = 0.5
#: Typical text line height (pixels per dpi) when a page has too few lines to measure it:
#: 10.5 pt text with its leading.
LINE_HEIGHT_PER_DPI = 0.125
#: Rows of ink outside the tables closer than this many line heights are one region.
REGION_GAP = 3.0
#: Share of a box's width that characters read over it (box glyphs aside, punctuation
#: included) cover together, from which the box is those characters (the 口 of 中 between 中
#: and 国, the D of GDP, 团 after a full stop, each extent estimated a little off). A
#: character is one the box is read as where it lies over ``EACH_OVER`` of it at least, as a
#: character's extent, estimated from the recogniser's steps, may reach a little over a box.
READ_OVER, EACH_OVER = 0.9, 0.25
#: Widest a character's extent is, as a share of its line's height: a wider one spans a box
#: the recogniser read nothing for, as well as the character.
GLYPH_WIDTH = 1.3


def _covers(box: Box, token: Token) -> bool:
    x0, top, x1, bottom = box.bbox
    pad = 0.2 * (x1 - x0)
    return x0 - pad <= token.cx <= x1 + pad and top - pad <= token.cy <= bottom + pad


def _ideograph(text: str) -> bool:
    return len(text) == 1 and "\u3400" <= text <= "\u9fff" and text not in BOX_READINGS


def _over(box: Box, token: Token) -> tuple[float, float]:
    """The stretch of the box's width (points) the token lies over, on the box's line;
    empty (start == end) where it lies over none."""
    x0, top, x1, bottom = box.bbox
    if min(bottom, token.bottom) - max(top, token.top) < 0.5 * (bottom - top):
        return x0, x0
    start, end = max(x0, token.x0), min(x1, token.x1)
    return (start, end) if start < end else (x0, x0)


def _covered(stretches: Sequence[tuple[float, float]]) -> float:
    """Length of the union of the stretches."""
    total, reach = 0.0, float("-inf")
    for start, end in sorted(stretches):
        if end > reach:
            total += end - max(start, reach)
            reach = end
    return total


def _read_over(box: Box, recognised: Sequence[Token]) -> list[str]:
    """The characters the recogniser read where the box is: the characters centred on it,
    else those read all across it (the 口 in 中 between 中 and 国, a D), the one most over it
    first. None where it read a box glyph there, or left part of the box unread (a box it
    skipped, the next character's extent estimated over part of it), or where only a
    character wider than a character is over it (its extent spans the box it skipped)."""
    width = box.bbox[2] - box.bbox[0]
    over = [(t, *_over(box, t)) for t in recognised if len(t.text) == 1]
    over = sorted(((t, a, b) for t, a, b in over if b > a), key=lambda item: item[1] - item[2])
    centred = [t.text for t, _, _ in over if _covers(box, t) and _ideograph(t.text)]
    if centred:
        return centred
    if any(t.text in BOX_READINGS and b - a >= EACH_OVER * width for t, a, b in over):
        return []
    over = [(t, a, b) for t, a, b in over if t.x1 - t.x0 <= GLYPH_WIDTH * (t.bottom - t.top)]
    if _covered([(a, b) for _, a, b in over]) < READ_OVER * width:
        return []
    return [t.text for t, a, b in over if b - a >= EACH_OVER * width and not t.text.isspace()]


def _same_line(box: Box, other: Box) -> bool:
    return box.bbox[1] < other.bbox[3] and other.bbox[1] < box.bbox[3]


def _among_a_list(box: Box, plain: Sequence[Box], cells: Sequence[BBox]) -> bool:
    """Whether a box stands among a list's empty boxes of its size: one on its line, or two
    in its cell of ``cells`` (one box-like glyph in a label, the D of R&D, is no list)."""
    alike = [other for other in plain if _alike(box, other)]
    if any(_same_line(box, other) for other in alike):
        return True
    cell = cell_of(box.bbox, cells)
    return cell is not None and sum(cell_of(o.bbox, cells) == cell for o in alike) >= LISTED


def _alike(box: Box, other: Box) -> bool:
    """Whether two boxes are the same size, as a list's option boxes are (one glyph); the
    closed part of a character (口 in 品) is much smaller than the box a 国 stands in."""
    sides = (box.bbox[2] - box.bbox[0], box.bbox[3] - box.bbox[1])
    others = (other.bbox[2] - other.bbox[0], other.bbox[3] - other.bbox[1])
    return all(min(a, b) >= ALIKE * max(a, b) for a, b in zip(sides, others, strict=True))


def _just_after(box: Box, other: Box) -> bool:
    """Whether ``box`` stands right after ``other``, as an option's first character does
    (□国企): a box is followed by its option's words, never by another box."""
    width = box.bbox[2] - box.bbox[0]
    return _same_line(box, other) and 0 <= box.bbox[0] - other.bbox[2] <= width


def _word_with_the_one_before(box: Box, recognised: Sequence[Token]) -> bool:
    """Whether the box is the character 口 of a word with the character right before it
    (进口, 人口, 接口): a box of a list stands apart from the option before it."""
    inside = [t for t in recognised if t.text == BOX_IN_WORDS and _covers(box, t)]
    for token in inside:
        width = token.x1 - token.x0
        height = token.bottom - token.top
        before = [
            t
            for t in recognised
            if t is not token
            # On its line: a character of the line above may reach down beside it.
            and min(t.bottom, token.bottom) - max(t.top, token.top) >= 0.5 * height
            and -0.5 * width <= token.x0 - t.x1 <= ADJACENT * width
        ]
        if any(frequency(t.text[-1] + BOX_IN_WORDS) >= WORD_COUNT for t in before):
            return True
    return False


def _part_of_a_glyph(box: Box, recognised: Sequence[Token]) -> bool:
    """Whether the box is a closed stroke inside a larger character (the 口 of 中 in a
    title): it lies within the character's box, is well smaller than the line, and the
    recogniser read no box glyph there. A box of a list stands beside its option's
    characters, not within one (though a character's box may reach over it)."""
    x0, top, x1, bottom = box.bbox
    if any(t.text in BOX_READINGS and _covers(box, t) for t in recognised):
        return False
    slack = GLYPH_SLACK * max(x1 - x0, bottom - top)
    return any(
        _ideograph(t.text)
        and t.x0 - slack <= x0
        and x1 <= t.x1 + slack
        and t.top - slack <= top
        and bottom <= t.bottom + slack
        and max(x1 - x0, bottom - top) <= STROKE_SHARE * (t.bottom - t.top)
        for t in recognised
    )


def _token(piece: Piece, to_pt: float) -> Token:
    """The piece as a token, in points."""
    return Token(
        piece.text,
        piece.x0 * to_pt,
        piece.top * to_pt,
        piece.x1 * to_pt,
        piece.bottom * to_pt,
        piece.score,
    )


def _tokens(
    pieces: Sequence[Piece], boxes: Sequence[Box], to_pt: float, *, cells: Sequence[BBox] = ()
) -> list[Token]:
    """Recognised text plus box marks; a "box" the OCR read as a character (国, 回) is text,
    unless it is a ticked box among empty boxes of its size on its line or in its cell of
    ``cells`` (points: a list over two lines, all of the first ticked), not right after
    one, and the character is one the OCR makes of a tick in a box (a turned or
    photographed ☑ reads as 回 or ①, a ☒ as 区). A closed stroke of a larger character is
    no box at all."""
    recognised = [_token(p, to_pt) for p in pieces]
    boxes = [b for b in boxes if not _part_of_a_glyph(b, recognised)]
    read_as = {id(b): _read_over(b, recognised) for b in boxes}
    for box in boxes:
        # A ticked box has ink inside; the 口 of a word has none.
        if not read_as[id(box)] and not box.checked and _word_with_the_one_before(box, recognised):
            read_as[id(box)] = [BOX_IN_WORDS]
    plain = [b for b in boxes if not read_as[id(b)]]
    ticks = [
        b
        for b in boxes
        if read_as[id(b)]
        and b.checked
        and read_as[id(b)][0] in TICK_READINGS | ENCLOSED_READINGS
        and _among_a_list(b, plain, cells)
        and not any(_just_after(b, other) for other in plain)
    ]
    real = plain + ticks
    kept = [t for t in recognised if not (len(t.text) == 1 and any(_covers(b, t) for b in real))]
    return kept + [Token(box.mark, *box.bbox) for box in real]


def _boxes_read(
    pieces: Sequence[Piece],
    boxes: Sequence[Box],
    binary: Gray,
    dpi: float,
    *,
    text_ink: Gray | None = None,
) -> list[Box]:
    """Boxes where the recogniser read a box glyph (口, ☑) that no outline found explains:
    a box touching the character after it makes one outline with it. A box read as a box
    glyph is sought in ``text_ink`` (the ink without the rules) where given, as one may touch
    a rule; one read as a character a tick makes (日, 回) in all the ink, as 日 beside a rule
    is no box."""
    to_pt = 72.0 / dpi
    sought: list[Box] = []
    for piece in pieces:
        if piece.text not in BOX_SOUGHT:
            continue
        token = _token(piece, to_pt)
        if any(_covers(box, token) for box in [*boxes, *sought]):
            continue
        margin = BOX_SEARCH * (piece.bottom - piece.top)
        region = (
            max(0, round(piece.x0 - margin)),
            max(0, round(piece.top - margin)),
            round(piece.x1 + margin),
            round(piece.bottom + margin),
        )
        ink = text_ink if text_ink is not None and piece.text in BOX_READINGS else binary
        box = box_within(ink, region, dpi)
        if box is not None:
            sought.append(box)
    return sought


def _lines_of(pieces: Sequence[Piece]) -> list[list[Piece]]:
    """The pieces by the line they were read from (one crop: one top and bottom), each
    left to right."""
    lines: dict[tuple[float, float], list[Piece]] = {}
    for piece in pieces:
        lines.setdefault((piece.top, piece.bottom), []).append(piece)
    return [sorted(line, key=lambda p: p.x0) for line in lines.values()]


def _boxes_skipped(
    pieces: Sequence[Piece],
    boxes: Sequence[Box],
    ink: Gray,
    dpi: float,
    *,
    cells: Sequence[BBox] = (),
) -> list[Box]:
    """Boxes the recogniser read nothing for at either end of a line of a list (a line with
    a box of its own it read no character over) or in a wide gap of it, that no outline
    found explains: a box touching the character beside it (转化☑ printed with no gap)
    makes one outline with it, and one close to the rule before it (☑是 at a cell's start)
    one with the rule. Sought in ``ink``, the page's ink without the rules, and kept where
    alike the line's box; before a line and in its gaps only within its cell of ``cells``
    (points), as the cell before ends in a label and a line outside a table may be prose."""
    to_pt = 72.0 / dpi
    recognised = [_token(p, to_pt) for p in pieces]
    sought: list[Box] = []
    for line in (part for whole in _lines_of(pieces) for part in _by_cell(whole, cells, to_pt)):
        first, last = line[0], line[-1]
        span = Box(
            (first.x0 * to_pt, first.top * to_pt, last.x1 * to_pt, last.bottom * to_pt), False
        )
        # A box of the line, where the recogniser read no character (the 0 of 200 is none).
        own = [
            b
            for b in boxes
            if _same_line(b, span) and b.bbox[2] <= span.bbox[2] and not _read_over(b, recognised)
        ]
        if not own:
            continue
        for region in _places_skipped(line, cell_of(span.bbox, cells), to_pt):
            box = box_within(ink, region, dpi)
            if box is None or not any(_alike(box, other) for other in own):
                continue
            # A box found already, in part (a square its tick and edge make), is no other.
            if not any(_meet(box, other) for other in [*boxes, *sought]):
                sought.append(box)
    return sought


def _meet(box: Box, other: Box) -> bool:
    """Whether two boxes overlap at all."""
    (a0, a1, a2, a3), (b0, b1, b2, b3) = box.bbox, other.bbox
    return _overlap(a0, a2, b0, b2) > 0 and _overlap(a1, a3, b1, b3) > 0


def _by_cell(line: list[Piece], cells: Sequence[BBox], to_pt: float) -> list[list[Piece]]:
    """A line's pieces by the cell of ``cells`` (points) they lie in: crops of a row's
    cells are read at one height, and their pieces come as one line."""
    parts: dict[BBox | None, list[Piece]] = {}
    for piece in line:
        place = (piece.x0 * to_pt, piece.top * to_pt, piece.x1 * to_pt, piece.bottom * to_pt)
        parts.setdefault(cell_of(place, cells), []).append(piece)
    return list(parts.values())


def _places_skipped(
    line: Sequence[Piece], cell: BBox | None, to_pt: float
) -> list[tuple[int, int, int, int]]:
    """Where a box the recogniser skipped is sought (pixels): just past the line's last
    character; in a cell also over its first and before it back to the cell's edge, and in
    each gap between two characters wide enough to have held a box."""
    first, last = line[0], line[-1]
    height = last.bottom - last.top
    margin = BOX_SEARCH * height
    top, bottom = max(0, round(last.top - margin)), round(last.bottom + margin)
    regions = [
        (max(0, round(last.x1 - margin)), top, round(last.x1 + SKIPPED_REACH * height), bottom)
    ]
    if cell is None:
        return regions
    # The recogniser's character beside a box it skipped may have been stretched over it.
    start = max(cell[0] / to_pt, first.x0 - SKIPPED_REACH * height)
    regions.append((max(0, round(start)), top, round(first.x1), bottom))
    for before, after in itertools.pairwise(line):
        if after.x0 - before.x1 >= SKIPPED_GAP * height:
            reach = after.x0 + (after.x1 - after.x0) / 2
            regions.append((max(0, round(before.x1 - margin)), top, round(reach), bottom))
    return regions


def _overlap(a: float, b: float, c: float, d: float) -> float:
    return max(0.0, min(b, d) - max(a, c))


def _same_ink(piece: Piece, other: Piece) -> bool:
    """Whether two pieces of one text stand over the same ink: most of the narrower one's
    width and height."""
    width = min(piece.x1 - piece.x0, other.x1 - other.x0)
    height = min(piece.bottom - piece.top, other.bottom - other.top)
    return (
        piece.text == other.text
        and _overlap(piece.x0, piece.x1, other.x0, other.x1) > OVERLAP * width
        and _overlap(piece.top, piece.bottom, other.top, other.bottom) > OVERLAP * height
    )


def distinct(pieces: Sequence[Piece]) -> list[Piece]:
    """The pieces with a line read twice (two crops a slanted photo gave of one line) read
    once: of two pieces of the same text over the same ink, the surer is kept."""
    kept: list[Piece] = []
    # A page holds a thousand pieces or more: each is weighed only against its own text's.
    by_text: dict[str, list[Piece]] = {}
    for piece in sorted(pieces, key=lambda p: -p.score):
        same = by_text.setdefault(piece.text, [])
        if not any(_same_ink(piece, other) for other in same):
            same.append(piece)
            kept.append(piece)
    return kept


@dataclass
class _Found:
    """What a page's pixels say before any recognition."""

    grids: list[Grid]
    binary: Gray
    #: The page's ink without its rules, where a box the recogniser read is sought: a ■ a
    #: photo's blur joins to the rule under it is a box again.
    text_ink: Gray
    lines: Lines


def _cell_regions(grids: Sequence[Grid], scale: float, shape: tuple[int, ...]) -> list[PixelBox]:
    return [inside(cell.bbox, scale, shape) for grid in grids for cell in grid.cells]


def _within(box: PixelBox, other: PixelBox) -> bool:
    return other[0] <= box[0] and box[2] <= other[2] and other[1] <= box[1] and box[3] <= other[3]


def _nested(regions: Sequence[PixelBox]) -> list[PixelBox]:
    """The regions that lie within another: the cells of a table nested in a cell."""
    return [r for r in regions if any(o != r and _within(r, o) for o in regions)]


def _blanked(ink: Gray, regions: Sequence[PixelBox]) -> Gray:
    out = ink.copy()
    for x0, top, x1, bottom in regions:
        out[top:bottom, x0:x1] = 0
    return out


def _cell_lines(ink: Gray, regions: Sequence[PixelBox], height: float) -> list[PixelBox]:
    """The text lines of every cell. A cell that holds a nested table has its own lines
    only: the nested cells' lines are theirs, and are not read twice, once from each."""
    nested = _nested(regions)
    own = _blanked(ink, nested) if nested else ink
    boxes: list[PixelBox] = []
    for region in regions:
        holds = any(n != region and _within(n, region) for n in nested)
        boxes.extend(line_boxes(own if holds else ink, region, height))
    return boxes


def _line_height(ink: Gray, regions: Sequence[PixelBox], dpi: float) -> float:
    """The page's typical text line height in pixels, from the ink bands of its cells."""
    fallback = LINE_HEIGHT_PER_DPI * dpi
    heights = [h for h in _band_heights(ink, regions) if 0.4 * fallback <= h <= 2.5 * fallback]
    return float(statistics.median(heights)) if len(heights) >= 3 else fallback


def _band_heights(ink: Gray, regions: Sequence[PixelBox]) -> list[int]:
    """Heights of the ink bands of the regions, unsplit."""
    heights: list[int] = []
    for x0, top, x1, bottom in regions:
        rows = ink[top:bottom, x0:x1].any(axis=1)
        padded = np.concatenate(([False], rows, [False]))
        edges = np.flatnonzero(padded[1:] != padded[:-1])
        heights.extend(int(b - a) for a, b in zip(edges[::2], edges[1::2], strict=True))
    return heights


def _free_regions(ink: Gray, tables: Sequence[PixelBox], height: float) -> list[PixelBox]:
    """Bands of the page holding ink outside every table, padded, left to right in full."""
    outside = ink.copy()
    for x0, top, x1, bottom in tables:
        outside[top:bottom, x0:x1] = 0
    rows = np.flatnonzero(outside.any(axis=1))
    if rows.size == 0:
        return []
    h, w = ink.shape
    pad = round(height)
    regions: list[PixelBox] = []
    start = previous = int(rows[0])
    for row in (*rows[1:].tolist(), None):
        if row is not None and row - previous <= REGION_GAP * height:
            previous = row
            continue
        cols = np.flatnonzero(outside[start : previous + 1].any(axis=0))
        regions.append(
            (
                max(0, int(cols[0]) - pad),
                max(0, start - pad),
                min(w, int(cols[-1]) + 1 + pad),
                min(h, previous + 1 + pad),
            )
        )
        if row is not None:
            start = previous = row
    return regions


def _around(bbox: BBox, scale: float) -> PixelBox:
    """A table's (or a box's) pixels with its outer rules, thick or blurred, and their halo."""
    x0, top, x1, bottom = bbox
    margin = 2 * RULE_MARGIN
    return (
        max(0, round(x0 * scale) - margin),
        max(0, round(top * scale) - margin),
        round(x1 * scale) + margin,
        round(bottom * scale) + margin,
    )


def _find(image: Gray, dpi: float, seals: Gray | None) -> _Found:
    binary = binarise(image)
    rules = rule_ink(image)
    # A boxed line is read as a cell's is (a page break's cut row, a boxed heading), though
    # it is no table: its text is a paragraph.
    grids, boxed = tables_and_boxes(page_rules(rules, dpi, text=binary, sealed=seals), RULE_TOL_PT)
    text_ink: Gray = np.asarray(
        cv2.bitwise_and(binary, cv2.bitwise_not(rule_pixels(rules, dpi))), dtype=np.uint8
    )
    ink = clean_ink(text_ink, dpi=dpi)
    scale = dpi / 72.0
    cells = _cell_regions(grids, scale, image.shape)
    cells += [inside(box, scale, image.shape) for box in boxed]
    height = _line_height(ink, cells, dpi)
    boxes = _cell_lines(ink, cells, height)
    bgr: NDArray[np.uint8] = np.ascontiguousarray(np.dstack([image] * 3))
    found = lines_at(bgr, boxes)
    tables = [_around(grid.bbox, scale) for grid in grids]
    tables += [_around(box, scale) for box in boxed]
    for region in _free_regions(ink, tables, height):
        more = detect_in(bgr, region, tables)
        found.boxes.extend(more.boxes)
        found.crops.extend(more.crops)
    return _Found(grids, binary, text_ink, found)


def _upright_found(picture: NDArray[np.uint8], dpi: float) -> tuple[Gray, Gray | None, _Found]:
    """The page upright, where seals lie on it (None: nowhere), and what its pixels say."""
    paper, red = as_paper(picture)
    quarter, degrees = orientation(paper)
    image = turned(paper, quarter, degrees)
    seals = None if red is None else seal_region(turned(red, quarter, degrees, fill=0), dpi)
    if seals is None:
        # No red seal: a copy may still carry one, turned grey.
        image, seals = grey_seals(image, dpi)
    found = _find(image, dpi, seals)
    if found.lines.upside_down():
        image = np.ascontiguousarray(image[::-1, ::-1])
        seals = None if seals is None else np.ascontiguousarray(seals[::-1, ::-1])
        found = _find(image, dpi, seals)
    return image, seals, found


def upright_page(picture: NDArray[np.uint8], dpi: float) -> Gray:
    """The page image as the reader reads it (turned and levelled): the one its values'
    bounding boxes are measured on, for a reviewer to see the region a value came from."""
    return _upright_found(picture, dpi)[0]


def read_scan_page(picture: NDArray[np.uint8], page: int, dpi: float) -> list[Block]:
    """Blocks of one page image (gray, or RGB from a colour photo); positions in points of
    the page as ``upright_page`` shows it."""
    _, seals, found = _upright_found(picture, dpi)
    to_pt = 72.0 / dpi
    boxes = find_ticks(found.binary, dpi)
    near = [
        (b.bbox[0] / to_pt, b.bbox[1] / to_pt, b.bbox[2] / to_pt, b.bbox[3] / to_pt) for b in boxes
    ]
    pieces = distinct(read(found.lines, near))
    boxes += _boxes_read(pieces, boxes, found.binary, dpi, text_ink=found.text_ink)
    cells = [cell.bbox for grid in found.grids for cell in grid.cells]
    boxes += _boxes_skipped(pieces, boxes, found.text_ink, dpi, cells=cells)
    tokens = _tokens(pieces, boxes, to_pt, cells=cells)
    tokens += bare_ticks(tokens, found.text_ink, dpi, cells=cells, sealed=seals)
    heights = [t.bottom - t.top for t in tokens] or [10.0]
    space_gap = SPACE_SHARE * statistics.median(heights)
    blocks = page_blocks(found.grids, tokens, page, space_gap)
    for item in (c for b in blocks for c in (b.cells if isinstance(b, Table) else [b])):
        item.text = pair_quotes(item.text)
    if seals is not None:
        mark_sealed(blocks, seals, dpi)
    return blocks
