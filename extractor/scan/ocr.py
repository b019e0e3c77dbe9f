"""Text recognition with RapidOCR's models from its wheel: one engine per process.

The page is recognised once, whole; pieces come back per Chinese character or Latin word
(RapidOCR's word boxes), so a piece can be placed in the table cell it stands in.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

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


class OcrUnavailable(RuntimeError):
    """The OCR models are not where the rapidocr_onnxruntime wheel puts them."""


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
        raise OcrUnavailable(f"OCR models missing from the wheel: {', '.join(missing)}")
    threads = _threads()
    return rapidocr_onnxruntime.RapidOCR(
        **{key: str(path) for key, path in paths.items()},
        intra_op_num_threads=threads,
        inter_op_num_threads=1,
        # Short crops (a number, a two-character name) are padded to this width, not 320:
        # form cells are mostly short, and the padding was most of the recognition time.
        rec_img_shape=[3, 48, 96],
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


def _piece(text: str, points: Any, score: float) -> Piece:
    xs = [float(p[0]) for p in points]
    ys = [float(p[1]) for p in points]
    return Piece(text, min(xs), min(ys), max(xs), max(ys), score)


def recognise(gray: Gray, *, check_turn: bool = True) -> tuple[list[Piece], bool]:
    """The page's text pieces, or ([], True) when ``check_turn`` finds it upside down."""
    bgr: NDArray[np.uint8] = cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR)
    boxes = _boxes(bgr)
    if not boxes:
        return [], False
    crops = engine().get_crop_img_list(bgr, boxes)
    if check_turn and _upside_down(crops):
        return [], True
    lines, _ = engine().text_rec(crops, True)
    words = engine().cal_rec_boxes(crops, boxes, lines)
    pieces: list[Piece] = []
    for (text, score, word_boxes, word_texts, _scores), box in zip(words, boxes, strict=True):
        if float(score) < MIN_SCORE or not str(text).strip():
            continue
        if word_boxes and len(word_boxes) == len(word_texts):
            pieces.extend(
                _piece(str(t), b, float(score))
                for t, b in zip(word_texts, word_boxes, strict=True)
                if str(t).strip()
            )
        else:
            pieces.append(_piece(str(text), box, float(score)))
    return pieces, False
