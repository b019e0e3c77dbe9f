"""Text recognition with RapidOCR's models from its wheel: one engine per process.

The page is recognised once, whole; each line comes back cut into Chinese characters and
Latin words, so a piece can be placed in the table cell it stands in.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

from extractor.errors import OcrModelsMissing
from extractor.layout import BBox

Gray = NDArray[np.uint8]

#: Recognitions scored lower than this are noise (RapidOCR's own default).
MIN_SCORE = 0.5
#: Lines sampled to tell an upside-down page, the longest first.
ORIENTATION_SAMPLE = 12
_MODELS = {
    "det_model_path": "ch_PP-OCRv4_det_infer.onnx",
    "cls_model_path": "ch_ppocr_mobile_v2.0_cls_infer.onnx",
    "rec_model_path": "ch_PP-OCRv4_rec_infer.onnx",
}


@dataclass(frozen=True)
class Piece:
    """Recognised text (a character or a word) with its box in pixels."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    score: float


def _threads() -> int:
    # Two cores on the target machine; more threads than cores only adds contention.
    return max(1, min(len(os.sched_getaffinity(0)), 4))


@functools.cache
def engine() -> Any:
    """The process's RapidOCR engine, built from the wheel's bundled models only."""
    import rapidocr_onnxruntime

    models = Path(rapidocr_onnxruntime.__file__).parent / "models"
    paths = {key: models / name for key, name in _MODELS.items()}
    missing = [p.name for p in paths.values() if not p.is_file()]
    if missing:
        raise OcrModelsMissing(f"OCR models missing from the wheel: {', '.join(missing)}")
    threads = _threads()
    return rapidocr_onnxruntime.RapidOCR(
        **{key: str(path) for key, path in paths.items()},
        intra_op_num_threads=threads,
        inter_op_num_threads=1,
        # Short crops (a number, a two-character name) are padded to this width, not 320:
        # form cells are mostly short, and the padding was most of the recognition time.
        rec_img_shape=[3, 48, 96],
        # Detection on the page scaled to 1280 px at most: a 150 dpi A4 page is 1754 px,
        # and form text is large enough that the smaller image finds the same lines
        # (same text read on the sample pages) in three quarters of the time.
        det_limit_side_len=1280,
        det_limit_type="max",
    )


def _boxes(bgr: NDArray[np.uint8]) -> list[NDArray[np.float32]]:
    boxes, _ = engine().text_det(bgr)
    if boxes is None or len(boxes) == 0:
        return []
    return list(engine().sorted_boxes(boxes))


def _upside_down(crops: list[NDArray[np.uint8]]) -> bool:
    """Whether most of the longest lines read as turned by 180°."""
    longest = sorted(crops, key=lambda crop: -crop.shape[1])[:ORIENTATION_SAMPLE]
    _, labels, _ = engine().text_cls(longest)
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


@dataclass
class Lines:
    """Detected text lines of a page, cut out and ready to recognise."""

    boxes: list[NDArray[np.float32]]
    crops: list[NDArray[np.uint8]]


def detect(gray: Gray, *, check_turn: bool = True) -> Lines | None:
    """The page's text lines, or None when ``check_turn`` finds the page upside down."""
    bgr: NDArray[np.uint8] = np.asarray(cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR), dtype=np.uint8)
    boxes = _boxes(bgr)
    crops = engine().get_crop_img_list(bgr, boxes) if boxes else []
    if check_turn and crops and _upside_down(crops):
        return None
    return Lines(boxes, crops)


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
        recognised, _ = engine().text_rec([lines.crops[i] for i in plain])
        texts = {i: (str(t), float(score)) for i, (t, score) in zip(plain, recognised, strict=True)}
    pieces: list[Piece] = []
    for i, box in enumerate(lines.boxes):
        if i in placed:
            pieces.extend(placed[i])
            continue
        text, score = texts.get(i, ("", 0.0))
        if score >= MIN_SCORE and text.strip():
            pieces.extend(_split(text, np.asarray(box), score))
    return pieces


def _exact_pieces(lines: Lines, exact: list[int]) -> dict[int, list[Piece]]:
    """Pieces placed by the recogniser's own character boxes, for the lines given."""
    if not exact:
        return {}
    crops = [lines.crops[i] for i in exact]
    boxes = [lines.boxes[i] for i in exact]
    with_boxes, _ = engine().text_rec(crops, True)
    words = engine().cal_rec_boxes(crops, boxes, with_boxes)
    placed: dict[int, list[Piece]] = {}
    for i, (text, score, word_boxes, word_texts, _scores) in zip(exact, words, strict=True):
        if float(score) < MIN_SCORE or not str(text).strip():
            placed[i] = []
        elif word_boxes and len(word_boxes) == len(word_texts):
            placed[i] = [
                _piece(str(t), b, float(score))
                for t, b in zip(word_texts, word_boxes, strict=True)
                if str(t).strip()
            ]
        else:
            placed[i] = _split(str(text), np.asarray(lines.boxes[i]), float(score))
    return placed


def _piece(text: str, points: Any, score: float) -> Piece:
    xs = [float(p[0]) for p in points]
    ys = [float(p[1]) for p in points]
    return Piece(text, min(xs), min(ys), max(xs), max(ys), score)
