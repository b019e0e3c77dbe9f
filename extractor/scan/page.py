"""One page image -> tables and paragraphs: upright it, recognise it once, rebuild the grid."""

from __future__ import annotations

import statistics
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from extractor.layout import Block
from extractor.page.boxes import Box
from extractor.page.compose import Token, page_blocks
from extractor.scan.deskew import upright
from extractor.scan.grid import binarise, find_grids
from extractor.scan.ocr import Lines, Piece, detect, read
from extractor.scan.ticks import find_ticks

Gray = NDArray[np.uint8]

#: A gap wider than this share of the text height between two pieces is a space.
SPACE_SHARE = 0.35


#: What the OCR makes of an empty box glyph; any other character there is real text.
BOX_READINGS = frozenset("口囗□☐☑☒")


def _covers(box: Box, token: Token) -> bool:
    x0, top, x1, bottom = box.bbox
    pad = 0.2 * (x1 - x0)
    return x0 - pad <= token.cx <= x1 + pad and top - pad <= token.cy <= bottom + pad


def _ideograph(text: str) -> bool:
    return len(text) == 1 and "\u3400" <= text <= "\u9fff" and text not in BOX_READINGS


def _tokens(pieces: Sequence[Piece], boxes: Sequence[Box], to_pt: float) -> list[Token]:
    """Recognised text plus box marks; a "box" the OCR read as a character (国, 回) is text."""
    recognised = [
        Token(p.text, p.x0 * to_pt, p.top * to_pt, p.x1 * to_pt, p.bottom * to_pt, p.score)
        for p in pieces
    ]
    real = [b for b in boxes if not any(_covers(b, t) and _ideograph(t.text) for t in recognised)]
    kept = [t for t in recognised if not (len(t.text) == 1 and any(_covers(b, t) for b in real))]
    return kept + [Token(box.mark, *box.bbox) for box in real]


def read_scan_page(gray: Gray, page: int, dpi: float) -> list[Block]:
    """Blocks of one page; positions in points of the uprighted (deskewed) page image."""
    image = upright(gray)
    lines = detect(image)
    if lines is None:
        image = np.ascontiguousarray(image[::-1, ::-1])
        lines = detect(image, check_turn=False) or Lines([], [])
    binary = binarise(image)
    to_pt = 72.0 / dpi
    boxes = find_ticks(binary, dpi)
    near = [
        (b.bbox[0] / to_pt, b.bbox[1] / to_pt, b.bbox[2] / to_pt, b.bbox[3] / to_pt) for b in boxes
    ]
    tokens = _tokens(read(lines, near), boxes, to_pt)
    heights = [t.bottom - t.top for t in tokens] or [10.0]
    space_gap = SPACE_SHARE * statistics.median(heights)
    return page_blocks(find_grids(binary, dpi), tokens, page, space_gap)
