"""A tick written in place of a box (✓ 智能终端与高端装备 among □ options) is the option's
tick, found from its pixels where a column of boxes stands; a character there, or a line
that has its box, gets none."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from extractor.page.compose import Token, line_text, text_lines
from extractor.scan.marks import bare_ticks

#: 150 dpi: pixels to points.
PT = 72 / 150
ROWS = (100, 140, 180, 220)
BOX_X = 100


def _options(mark: str) -> tuple[np.ndarray, list[Token]]:
    """A list of four options one under another, each a box and two characters after it
    (as the recogniser gives them: the first one's extent reaching back over the box's
    place); the third option has ``mark`` drawn in place of its box."""
    ink = np.zeros((400, 400), np.uint8)
    tokens: list[Token] = []
    for row, y in enumerate(ROWS):
        if row == 2:
            if mark == "tick":
                cv2.polylines(
                    ink, [np.array([[102, y + 9], [107, y + 15], [115, y + 2]])], False, 255, 2
                )
            elif mark == "character":
                # A full character's width at the box's place (人 opening a wrapped line).
                cv2.line(ink, (108, y), (98, y + 16), 255, 2)
                cv2.line(ink, (108, y), (118, y + 16), 255, 2)
        else:
            cv2.rectangle(ink, (BOX_X, y), (BOX_X + 16, y + 16), 255, 2)
            tokens.append(Token("□", BOX_X * PT, y * PT, (BOX_X + 16) * PT, (y + 16) * PT))
        for k, char in enumerate("选项"):
            x0 = (97 if k == 0 else 125 + 24 * k) if row == 2 else 125 + 24 * k
            tokens.append(Token(char, x0 * PT, (y - 2) * PT, (x0 + 26) * PT, (y + 19) * PT, 0.99))
    return ink, tokens


def _lines(tokens: list[Token]) -> list[str]:
    return [line_text(line, 3.0).replace(" ", "") for line in text_lines(tokens)]


def test_a_tick_in_place_of_a_box_is_its_options_tick() -> None:
    ink, tokens = _options("tick")
    found = bare_ticks(tokens, ink, 150)
    assert _lines(tokens + found) == ["□选项", "□选项", "✓选项", "□选项"]


@pytest.mark.parametrize("mark", ["character", "none"])
def test_a_character_or_nothing_in_place_of_a_box_is_no_tick(mark: str) -> None:
    ink, tokens = _options(mark)
    assert bare_ticks(tokens, ink, 150) == []


def test_a_line_whose_box_the_recogniser_read_has_its_mark() -> None:
    # A copy broke the box: no outline was found, a piece of it is tick-shaped, and the
    # recogniser read the box glyph there.
    ink, tokens = _options("tick")
    tokens.append(Token("□", BOX_X * PT, ROWS[2] * PT, (BOX_X + 16) * PT, (ROWS[2] + 16) * PT))
    assert bare_ticks(tokens, ink, 150) == []


def test_a_stroke_in_prose_between_boxes_far_apart_is_no_tick() -> None:
    # Two boxes at one x, a page apart (two lists), and prose between them whose
    # character has a tick-shaped stroke at that x.
    ink = np.zeros((900, 400), np.uint8)
    tokens = []
    for y in (100, 800):
        cv2.rectangle(ink, (BOX_X, y), (BOX_X + 16, y + 16), 255, 2)
        tokens.append(Token("□", BOX_X * PT, y * PT, (BOX_X + 16) * PT, (y + 16) * PT))
    cv2.polylines(ink, [np.array([[102, 459], [107, 465], [115, 452]])], False, 255, 2)
    tokens.append(Token("了", 125 * PT, 448 * PT, 150 * PT, 469 * PT, 0.99))
    assert bare_ticks(tokens, ink, 150) == []


def test_no_tick_is_sought_under_a_seal_or_outside_the_lists_cell() -> None:
    # What a seal's removal leaves of a box is no tick; nor is a stroke of a character in
    # the cell above the list's (有限公司 over the options), a line's pitch away.
    ink, tokens = _options("tick")
    sealed = np.zeros(ink.shape, np.uint8)
    cv2.circle(sealed, (108, ROWS[2] + 8), 40, 255, -1)
    assert bare_ticks(tokens, ink, 150, sealed=sealed) == []
    ink, tokens = _options("none")
    cv2.polylines(ink, [np.array([[102, 69], [107, 75], [115, 62]])], False, 255, 2)
    tokens.append(Token("司", 125 * PT, 58 * PT, 150 * PT, 79 * PT, 0.99))
    assert len(bare_ticks(tokens, ink, 150)) == 1
    cells = [(40 * PT, 40 * PT, 380 * PT, 90 * PT), (40 * PT, 90 * PT, 380 * PT, 250 * PT)]
    assert bare_ticks(tokens, ink, 150, cells=cells) == []
