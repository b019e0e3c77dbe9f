"""A photo or a copy of a page -> the page as a flatbed scan would show it.

Three things a phone photo or an office copy adds, each taken out here before the reader
looks for rules and text: red ink (a seal stamped over lines and values is not text of the
form), the perspective of a page photographed on a desk, and light that falls off across it.
"""

from __future__ import annotations

import cv2
import numpy as np
from numpy.typing import NDArray

__all__ = ["as_paper", "ink_gray", "red_ink", "unwarp"]

Gray = NDArray[np.uint8]

#: How much redder than green and blue a pixel is to be red ink.
RED_MARGIN = 50
#: Share of the paper's brightness around it (red channel) below which a pixel is ink (black,
#: or black under the seal), whatever its colour: a share, as a photo's light falls off.
BLACK_SHARE = 0.75
#: Side (pixels) of the neighbourhood the paper's brightness around a pixel is taken over:
#: wider than a stroke, so that some paper beside the seal's ink is always in it.
PAPER_WINDOW = 31
#: Pixels past a seal's red strokes that their blurred edge reaches (JPEG keeps colour at
#: half resolution; a phone's lens blurs a pixel more), and the side of the window the
#: paper's grain is smoothed over before its brightness is taken.
SEAL_EDGE, GRAIN = 3, 5
#: Width the page is shrunk to for finding its outline and its light.
WORK_WIDTH = 600
#: Share of the photo the page must cover to be taken for the page, and the share above which
#: it is the whole image (a scan or a copy: nothing to unwarp).
MIN_PAGE, WHOLE_IMAGE = 0.4, 0.97
#: Side of the window (share of the shrunk page) the paper's brightness is estimated over:
#: wider than a character, narrower than the light's fall-off.
LIGHT_WINDOW = 0.04


def _redder(image: NDArray[np.uint8]) -> NDArray[np.bool_]:
    red = image[:, :, 0].astype(np.int16)
    others = np.maximum(image[:, :, 1], image[:, :, 2]).astype(np.int16)
    found: NDArray[np.bool_] = red - others > RED_MARGIN
    return found


def red_ink(image: NDArray[np.uint8]) -> Gray | None:
    """Where red ink (a seal) lies, 255 on 0; None for a gray image or one without red."""
    if image.ndim == 2:
        return None
    redder = _redder(image)
    if not redder.any():
        return None
    return np.where(redder, np.uint8(255), np.uint8(0)).astype(np.uint8)


def ink_gray(image: NDArray[np.uint8]) -> Gray:
    """Gray levels in which red ink is paper: the red channel, where black and blue ink stay
    dark and a red seal's strokes are as light as the paper under them."""
    if image.ndim == 2:
        return image
    red = image[:, :, 0]
    # The red channel alone leaves a seal as light grey, and darker where JPEG's coarse
    # colour and the lens blur a stroke's edge: pixels clearly redder than green or blue,
    # and those a blurred edge away from them, are paper unless they are dark in every
    # channel (black ink under the seal). They take the brightness of the paper around
    # them, not white: white in a shaded part of the page would be taken for its light,
    # and the shade left. That brightness is the lightest of the paper near by, once its
    # grain is smoothed: the lightest pixel itself is grain, lighter than the paper.
    redder = _redder(image).astype(np.uint8)
    near_red = cv2.dilate(redder, np.ones((2 * SEAL_EDGE + 1,) * 2, np.uint8)) > 0
    smooth = cv2.blur(red, (GRAIN, GRAIN))
    beside = cv2.dilate(
        np.where(near_red, np.uint8(0), smooth).astype(np.uint8),
        cv2.getStructuringElement(cv2.MORPH_RECT, (PAPER_WINDOW, PAPER_WINDOW)),
    )
    paper = np.maximum(beside, smooth)
    light = red.astype(np.float32) > BLACK_SHARE * paper.astype(np.float32)
    out: Gray = np.where(near_red & light, paper, red).astype(np.uint8)
    return np.ascontiguousarray(out)


def _order(corners: NDArray[np.float32]) -> NDArray[np.float32]:
    """Corners as top-left, top-right, bottom-right, bottom-left."""
    total = corners.sum(axis=1)
    diff = np.diff(corners, axis=1).ravel()
    return np.array(
        [
            corners[np.argmin(total)],
            corners[np.argmin(diff)],
            corners[np.argmax(total)],
            corners[np.argmax(diff)],
        ],
        dtype=np.float32,
    )


def _page_outline(gray: Gray) -> NDArray[np.float32] | None:
    """The four corners (pixels) of a page lying on a darker background, if there is one."""
    scale = min(1.0, WORK_WIDTH / max(gray.shape))
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    _, paper = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    paper = cv2.morphologyEx(paper, cv2.MORPH_CLOSE, np.ones((9, 9), np.uint8))
    contours, _ = cv2.findContours(paper, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return None
    outline = max(contours, key=cv2.contourArea)
    share = cv2.contourArea(outline) / float(small.shape[0] * small.shape[1])
    if not MIN_PAGE <= share <= WHOLE_IMAGE:
        return None
    corners = cv2.approxPolyDP(outline, 0.02 * cv2.arcLength(outline, True), True)
    if len(corners) != 4:
        return None
    return _order(corners.reshape(4, 2).astype(np.float32) / scale)


def unwarp(gray: Gray, layer: Gray | None = None) -> tuple[Gray, Gray | None]:
    """The page cut out of a photo and its perspective undone (and ``layer``, a mask of the
    same image, with it); any other image as it is."""
    corners = _page_outline(gray)
    if corners is None:
        return gray, layer
    top_left, top_right, bottom_right, bottom_left = corners
    width = round(
        max(np.linalg.norm(top_right - top_left), np.linalg.norm(bottom_right - bottom_left))
    )
    height = round(
        max(np.linalg.norm(bottom_left - top_left), np.linalg.norm(bottom_right - top_right))
    )
    target = np.array([[0, 0], [width, 0], [width, height], [0, height]], dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(corners, target)
    flat = cv2.warpPerspective(
        gray, matrix, (width, height), flags=cv2.INTER_LINEAR, borderValue=255
    )
    out: Gray = np.asarray(flat, dtype=np.uint8)
    if layer is None:
        return out, None
    moved = cv2.warpPerspective(layer, matrix, (width, height), flags=cv2.INTER_NEAREST)
    return out, np.asarray(moved, dtype=np.uint8)


def _even_light(gray: Gray) -> Gray:
    """The page divided by its paper's brightness, so that a shadow or a lamp's fall-off
    leaves white paper and dark ink everywhere."""
    scale = min(1.0, WORK_WIDTH / max(gray.shape))
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    side = max(3, round(LIGHT_WINDOW * max(small.shape)) | 1)
    paper = cv2.dilate(small, cv2.getStructuringElement(cv2.MORPH_RECT, (side, side)))
    paper = cv2.GaussianBlur(paper, (side, side), 0)
    light = cv2.resize(paper, (gray.shape[1], gray.shape[0]), interpolation=cv2.INTER_LINEAR)
    even = gray.astype(np.float32) * 255.0 / np.maximum(light.astype(np.float32), 1.0)
    out: Gray = np.clip(even, 0, 255).astype(np.uint8)
    return out


def as_paper(image: NDArray[np.uint8]) -> tuple[Gray, Gray | None]:
    """A page image (gray or RGB) as evenly lit gray paper without red ink or perspective,
    and where the red ink was on it (None for a gray image)."""
    gray, red = unwarp(ink_gray(image), red_ink(image))
    return _even_light(gray), red
