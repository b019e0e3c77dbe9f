"""Text recognition of a page's lines: the lines found in cells from pixels, the rest by the
detector network; each line comes back cut into Chinese characters and Latin words, so a
piece can be placed in the table cell it stands in.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from extractor.layout import BBox
from extractor.scan.confusables import mend
from extractor.scan.engine import engine
from extractor.scan.lines import PixelBox

__all__ = ["Lines", "Piece", "detect_in", "lines_at", "read"]

Gray = NDArray[np.uint8]

#: Recognitions scored lower than this are noise (RapidOCR's own default).
MIN_SCORE = 0.5
#: A line read as a lone 0 is kept from this score on: the recogniser is least sure of a
#: lone round glyph (0, O, o), and in a form a count of none is the commonest lone value.
#: Its score stays with it, so the value it gives is marked low confidence.
LONE_ZERO_SCORE = 0.3
#: Lines sampled to tell an upside-down page, the longest first.
ORIENTATION_SAMPLE = 12


@dataclass(frozen=True)
class Piece:
    """Recognised text (a character or a word) with its box in pixels."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    score: float


def _detected(bgr: NDArray[np.uint8]) -> list[NDArray[np.float32]]:
    boxes, _ = engine().ocr.text_det(bgr)
    if boxes is None or len(boxes) == 0:
        return []
    return list(engine().ocr.sorted_boxes(boxes))


def _upside_down(crops: list[NDArray[np.uint8]]) -> bool:
    """Whether most of the longest lines read as turned by 180°."""
    # The classifier sees a line squeezed to 4:1; a much longer one loses its shape there.
    fitting = [c for c in crops if 1.5 * c.shape[0] <= c.shape[1] <= 8 * c.shape[0]] or crops
    longest = sorted(fitting, key=lambda crop: -crop.shape[1])[:ORIENTATION_SAMPLE]
    _, labels, _ = engine().ocr.text_cls(longest)
    flipped = sum(1 for label, score in labels if "180" in label and score > 0.9)
    return flipped * 2 > len(longest)


_UNITS = re.compile(r"[\u3000-\u9fff\uff00-\uffef]|[^\s\u3000-\u9fff\uff00-\uffef]+|\s+")


def _width(unit: str) -> float:
    """Relative printed width: Chinese characters are square, Latin ones about half."""
    if unit.isspace():
        return 0.3 * len(unit)
    return 1.0 if "\u3000" <= unit[0] <= "\uffef" else 0.55 * len(unit)


def _split(text: str, box: NDArray[np.float32], score: float) -> list[Piece]:
    """A line cut into characters (Chinese) and words (Latin) placed by their printed width.

    Cheaper than the recogniser's own word boxes and as good for finding a piece's cell.
    """
    x0, x1 = float(box[:, 0].min()), float(box[:, 0].max())
    top, bottom = float(box[:, 1].min()), float(box[:, 1].max())
    units = _UNITS.findall(text)
    scale = (x1 - x0) / (sum(_width(u) for u in units) or 1.0)
    pieces, x = [], x0
    for unit in units:
        end = x + _width(unit) * scale
        if not unit.isspace():
            pieces.append(Piece(unit, x, top, end, bottom, score))
        x = end
    return pieces


def _corners(box: PixelBox) -> NDArray[np.float32]:
    x0, top, x1, bottom = box
    return np.array([[x0, top], [x1, top], [x1, bottom], [x0, bottom]], dtype=np.float32)


@dataclass
class Lines:
    """Text lines of a page (corner points in pixels), cut out and ready to recognise."""

    boxes: list[NDArray[np.float32]]
    crops: list[NDArray[np.uint8]]

    def upside_down(self) -> bool:
        """Whether most of the longest lines read as turned by 180°."""
        return bool(self.crops) and _upside_down(self.crops)


def lines_at(bgr: NDArray[np.uint8], boxes: Sequence[PixelBox]) -> Lines:
    """The lines in the boxes given (found from pixels), cut straight out of the page."""
    kept = [b for b in boxes if b[2] > b[0] and b[3] > b[1]]
    crops = [np.ascontiguousarray(bgr[top:bottom, x0:x1]) for x0, top, x1, bottom in kept]
    return Lines([_corners(b) for b in kept], crops)


def detect_in(bgr: NDArray[np.uint8], region: PixelBox, blank: Sequence[PixelBox]) -> Lines:
    """Lines the detector finds in ``region`` of the page, with the ``blank`` areas (tables
    already read from their cells) painted out first."""
    x0, top, x1, bottom = region
    crop = np.array(bgr[top:bottom, x0:x1])
    for bx0, btop, bx1, bbottom in blank:
        crop[max(btop - top, 0) : max(bbottom - top, 0), max(bx0 - x0, 0) : max(bx1 - x0, 0)] = 255
    boxes = _detected(crop)
    crops = engine().ocr.get_crop_img_list(crop, boxes) if boxes else []
    shift = np.array([x0, top], dtype=np.float32)
    return Lines([np.asarray(box, dtype=np.float32) + shift for box in boxes], crops)


def _touches(box: NDArray[np.float32], near: Sequence[BBox]) -> bool:
    x0, x1 = float(box[:, 0].min()), float(box[:, 0].max())
    top, bottom = float(box[:, 1].min()), float(box[:, 1].max())
    return any(b[0] < x1 and x0 < b[2] and b[1] < bottom and top < b[3] for b in near)


def read(lines: Lines, near: Sequence[BBox] = ()) -> list[Piece]:
    """Recognised pieces; lines touching a box in ``near`` get the recogniser's own (slower,
    exact) character boxes, so a checkbox is told from the character beside it. Each line
    is recognised once."""
    exact = {i for i, box in enumerate(lines.boxes) if _touches(box, near)}
    plain = [i for i in range(len(lines.crops)) if i not in exact]
    placed = _exact_pieces(lines, sorted(exact))
    texts: dict[int, tuple[str, float]] = {}
    if plain:
        recognised, _ = engine().ocr.text_rec([lines.crops[i] for i in plain])
        texts = {
            i: (mend(str(t)), float(score))
            for i, (t, score) in zip(plain, recognised, strict=True)
        }
    pieces: list[Piece] = []
    for i, box in enumerate(lines.boxes):
        if i in placed:
            pieces.extend(placed[i])
            continue
        text, score = texts.get(i, ("", 0.0))
        if _kept(text, score):
            pieces.extend(_split(text, np.asarray(box), score))
    return pieces


def _kept(text: str, score: float) -> bool:
    """Whether a line's reading is text, not noise."""
    if not text.strip():
        return False
    return score >= (LONE_ZERO_SCORE if text.strip() == "0" else MIN_SCORE)


def _exact_pieces(lines: Lines, exact: list[int]) -> dict[int, list[Piece]]:
    """Pieces placed by the recogniser's own character boxes, for the lines given."""
    if not exact:
        return {}
    crops = [lines.crops[i] for i in exact]
    boxes = [lines.boxes[i] for i in exact]
    with_boxes, _ = engine().ocr.text_rec(crops, True)
    words = engine().ocr.cal_rec_boxes(crops, boxes, with_boxes)
    placed: dict[int, list[Piece]] = {}
    for i, (text, score, word_boxes, word_texts, _scores) in zip(exact, words, strict=True):
        if not _kept(str(text), float(score)):
            placed[i] = []
        elif word_boxes and len(word_boxes) == len(word_texts):
            placed[i] = [
                _piece(t, b, float(score))
                for t, b in zip(_mended(word_texts), word_boxes, strict=True)
                if t.strip()
            ]
        else:
            placed[i] = _split(str(text), np.asarray(lines.boxes[i]), float(score))
    return placed


def _mended(words: Sequence[Any]) -> list[str]:
    """The recogniser's words of a line, mended as a whole line is (``mend`` keeps every
    character in its place, so each word keeps its box)."""
    texts = [str(w) for w in words]
    line = mend("".join(texts))
    if len(line) != sum(len(t) for t in texts):
        return texts
    out, at = [], 0
    for text in texts:
        out.append(line[at : at + len(text)])
        at += len(text)
    return out


def _piece(text: str, points: Any, score: float) -> Piece:
    xs = [float(p[0]) for p in points]
    ys = [float(p[1]) for p in points]
    return Piece(text, min(xs), min(ys), max(xs), max(ys), score)
