"""Table cells, merged ones included, rebuilt from the ruling lines of a page image."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from extractor.scan.grid import binarise, find_grids
from extractor.scan.ticks import box_within, find_ticks


def _page() -> np.ndarray:
    """A 150 dpi page: a 3x3 table whose top row is one merged cell, and two boxes."""
    page = np.full((600, 600), 255, np.uint8)
    for y in (100, 160, 220, 280):
        cv2.line(page, (100, y), (500, y), 0, 2)
    for x in (100, 500):
        cv2.line(page, (x, 100), (x, 280), 0, 2)
    for x in (250, 380):
        cv2.line(page, (x, 160), (x, 280), 0, 2)
    cv2.putText(page, "IIIIII", (270, 140), cv2.FONT_HERSHEY_SIMPLEX, 1.2, 0, 2)
    cv2.rectangle(page, (120, 300), (140, 320), 0, 2)
    cv2.rectangle(page, (200, 300), (220, 320), 0, 2)
    cv2.line(page, (203, 310), (209, 317), 0, 2)
    cv2.line(page, (209, 317), (218, 302), 0, 2)
    return page


def test_grid_spans_come_from_missing_rules() -> None:
    (grid,) = find_grids(binarise(_page()), 150)
    assert (len(grid.ys) - 1, len(grid.xs) - 1) == (3, 3)
    spans = [(c.row, c.col, c.row_span, c.col_span) for c in grid.cells]
    assert spans[0] == (0, 0, 1, 3)
    assert len(spans) == 7
    # Positions are points: 100 px at 150 dpi is 48 pt.
    assert abs(grid.bbox[0] - 48) < 1.5 and abs(grid.bbox[1] - 48) < 1.5


def test_ticked_and_empty_boxes_from_pixels() -> None:
    boxes = sorted(find_ticks(binarise(_page()), 150), key=lambda b: b.bbox[0])
    assert [b.checked for b in boxes] == [False, True]


def _ticked_box_then(text: str, font_px: int, gap: int) -> np.ndarray:
    """A 150 dpi strip: a ticked box, then ``text`` starting ``gap`` pixels after it
    (a negative gap: its first stroke overlaps the box's right edge)."""
    from PIL import Image, ImageDraw, ImageFont

    from tests.conftest import READER_FONT

    strip = Image.new("L", (300, 80), 255)
    draw = ImageDraw.Draw(strip)
    draw.rectangle([(20, 30), (40, 50)], outline=0, width=2)
    draw.line([(24, 40), (29, 47), (38, 33)], 0, 2)
    font = ImageFont.truetype(READER_FONT, font_px)
    draw.text((41 + gap, 29), text, font=font, fill=0)
    draw.line([(39, 48), (41 + gap + font_px // 2, 48)], 0, 2)
    return np.asarray(strip)


def test_a_ticked_box_touching_the_character_after_it_is_found_where_a_box_was_read() -> None:
    # ☑其他 scanned with no gap: the box and 其 are one outline of ink, no box's own.
    strip = binarise(_ticked_box_then("其他", 22, -1))
    assert find_ticks(strip, 150) == []
    box = box_within(strip, (10, 20, 60, 60), 150)
    assert box is not None and box.checked
    assert abs(box.bbox[0] - 20 * 72 / 150) < 1.5 and abs(box.bbox[2] - 41 * 72 / 150) < 1.5


def test_the_bowl_of_a_bold_zero_among_touching_digits_is_no_box() -> None:
    from PIL import Image, ImageDraw, ImageFont

    from tests.conftest import READER_FONT

    strip = Image.new("L", (300, 80), 255)
    ImageDraw.Draw(strip).text(
        (10, 20), "2022", font=ImageFont.truetype(READER_FONT, 34), fill=0, stroke_width=2
    )
    assert box_within(binarise(np.asarray(strip)), (0, 0, 300, 80), 150) is None


def _sealed_table() -> np.ndarray:
    """A 150 dpi page: a list of two rows over a table of years (short head row, three
    columns), with a seal's white-out breaking the rule between the list's rows twice (its
    middle piece touches no other rule)."""
    page = np.full((500, 1000), 255, np.uint8)
    ys = (100, 150, 200, 228, 280)
    for y in ys:
        cv2.line(page, (100, y), (900, y), 0, 2)
    for x in (100, 900):
        cv2.line(page, (x, ys[0]), (x, ys[-1]), 0, 2)
    for x in (370, 640):
        cv2.line(page, (x, ys[2]), (x, ys[-1]), 0, 2)
    cv2.rectangle(page, (160, 145), (190, 155), 255, -1)
    cv2.rectangle(page, (700, 145), (730, 155), 255, -1)
    return page


def test_a_rule_a_seal_breaks_still_parts_the_rows() -> None:
    page = _sealed_table()
    (grid,) = find_grids(binarise(page), 150)
    spans = [(c.row, c.col, c.row_span, c.col_span) for c in grid.cells]
    # Two list rows across the table, then the head row and a row of three year cells.
    lists = [(0, 0, 1, 3), (1, 0, 1, 3)]
    years = [(row, col, 1, 1) for row in (2, 3) for col in range(3)]
    assert spans == lists + years


def _box_after_a_stroke(inside: str) -> np.ndarray:
    """An 18 px box whose left side a character's 4 px stroke thickens (作□ printed with no
    gap, the stroke reaching a little inside), with ``inside`` it: "" empty, "tick" or
    "filled"."""
    page = np.full((60, 80), 255, np.uint8)
    cv2.rectangle(page, (30, 20), (47, 37), 0, 2)
    cv2.rectangle(page, (27, 16), (32, 41), 0, -1)
    if inside == "tick":
        cv2.line(page, (35, 28), (38, 33), 0, 2)
        cv2.line(page, (38, 33), (44, 23), 0, 2)
    elif inside == "filled":
        cv2.rectangle(page, (30, 20), (47, 37), 0, -1)
    return binarise(page)


@pytest.mark.parametrize(("inside", "ticked"), [("", False), ("tick", True), ("filled", True)])
def test_a_box_a_characters_stroke_thickens_is_ticked_only_by_ink_inside(
    inside: str, ticked: bool
) -> None:
    box = box_within(_box_after_a_stroke(inside), (20, 10, 60, 50), 150)
    assert box is not None and box.checked is ticked


# A faint rule, broken twice in a tall row: by a pixel's gap (no piece reaches both rules),
# or wider ones that leave the middle piece touching no rule at all.
@pytest.mark.parametrize("gap", [3, 20])
def test_a_tall_rows_border_broken_in_its_middle_still_parts_its_cells(gap: int) -> None:
    page = np.full((550, 700), 255, np.uint8)
    for y in (50, 100, 400, 450):
        cv2.line(page, (100, y), (600, y), 0, 2)
    for x in (100, 250, 600):
        cv2.line(page, (x, 50), (x, 450), 0, 2)
    for at in (200, 300):
        cv2.rectangle(page, (245, at), (255, at + gap), 255, -1)
    (grid,) = find_grids(binarise(page), 150)
    spans = [(c.row, c.col, c.row_span, c.col_span) for c in grid.cells]
    assert spans == [(row, col, 1, 1) for row in range(3) for col in range(2)]


def test_a_short_merged_row_between_parted_rows_stays_one_cell() -> None:
    # The rows above and below are parted at x=250; the one-line row between them is not.
    page = np.full((400, 700), 255, np.uint8)
    for y in (100, 160, 188, 250):
        cv2.line(page, (100, y), (600, y), 0, 2)
    for x in (100, 600):
        cv2.line(page, (x, 100), (x, 250), 0, 2)
    for top, bottom in ((100, 160), (188, 250)):
        cv2.line(page, (250, top), (250, bottom), 0, 2)
    (grid,) = find_grids(binarise(page), 150)
    spans = [(c.row, c.col, c.row_span, c.col_span) for c in grid.cells]
    assert spans == [(0, 0, 1, 1), (0, 1, 1, 1), (1, 0, 1, 2), (2, 0, 1, 1), (2, 1, 1, 1)]


def test_a_run_of_text_just_under_a_rule_makes_no_row_nor_column() -> None:
    # A blurred rule's text touching it leaves a short level run 3.4 pt under it, joined
    # to it by a stroke: a border of no row, between lines no text fits between.
    page = np.full((400, 700), 255, np.uint8)
    for y in (100, 200, 300):
        cv2.line(page, (100, y), (600, y), 0, 2)
    for x in (100, 600):
        cv2.line(page, (x, 100), (x, 300), 0, 2)
    cv2.line(page, (300, 207), (380, 207), 0, 2)
    cv2.line(page, (340, 190), (340, 222), 0, 2)
    (grid,) = find_grids(binarise(page), 150)
    assert [(c.row, c.col, c.row_span, c.col_span) for c in grid.cells] == [
        (0, 0, 1, 1),
        (1, 0, 1, 1),
    ]


def test_a_border_a_seal_breaks_twice_in_a_run_of_short_rows_still_parts_them() -> None:
    # 150 dpi: rows of 37, 24 and 25 pt; the seal's gaps (15 and 13 pt) lie inside rows,
    # not at their rules.
    ys = (808, 1042, 1119, 1169, 1221, 1481)
    page = np.full((1600, 800), 255, np.uint8)
    for y in ys:
        cv2.line(page, (100, y), (700, y), 0, 2)
    for x in (100, 400, 700):
        cv2.line(page, (x, ys[0]), (x, ys[-1]), 0, 2)
    for top, bottom in ((1073, 1104), (1173, 1200)):
        cv2.rectangle(page, (390, top), (410, bottom), 255, -1)
    (grid,) = find_grids(binarise(page), 150)
    spans = [(c.row, c.col, c.row_span, c.col_span) for c in grid.cells]
    assert spans == [(row, col, 1, 1) for row in range(5) for col in range(2)]


@pytest.mark.parametrize("read_as", ["☑", "回", "①", "◎"])
def test_a_ticked_box_the_recogniser_read_as_an_enclosed_mark_is_sought_in_its_ink(
    read_as: str,
) -> None:
    # A photographed ticked box touching 其 may read as 回, on a copy as ① or ◎: a box is
    # sought there too.
    from extractor.scan.ocr import Piece
    from extractor.scan.page import _boxes_read

    strip = binarise(_ticked_box_then("其他", 22, -1))
    (box,) = _boxes_read([Piece(read_as, 19, 29, 42, 51, 0.9)], [], strip, 150)
    assert box.checked


def test_strokes_of_characters_one_above_the_other_in_tight_rows_part_no_cells() -> None:
    # 150 dpi, two rows 13 pt high: 艳 over 川 (联系人：徐艳 / 地址：四川省…), a stroke of each
    # in one column, joined through the rule between the rows, stopping short of the rules
    # beyond; a border at x=450 runs from rule to rule.
    page = np.full((300, 700), 255, np.uint8)
    for y in (100, 127, 154):
        cv2.line(page, (100, y), (600, y), 0, 2)
    for x in (100, 450, 600):
        cv2.line(page, (x, 100), (x, 154), 0, 2)
    cv2.line(page, (300, 104), (300, 149), 0, 2)
    (grid,) = find_grids(binarise(page), 150)
    spans = [(c.row, c.col, c.row_span, c.col_span) for c in grid.cells]
    assert spans == [(row, col, 1, 1) for row in range(2) for col in range(2)]


def test_a_stroke_above_a_border_joined_through_the_rule_parts_only_the_row_below() -> None:
    # 150 dpi: a one-line row (13 pt) whose value's stroke stands right above the border
    # of the taller row below (所属单位 … 有限|责任公司 over 所属领域 | options).
    page = np.full((300, 700), 255, np.uint8)
    for y in (100, 127, 200):
        cv2.line(page, (100, y), (600, y), 0, 2)
    for x in (100, 600):
        cv2.line(page, (x, 100), (x, 200), 0, 2)
    cv2.line(page, (300, 104), (300, 200), 0, 2)
    (grid,) = find_grids(binarise(page), 150)
    spans = [(c.row, c.col, c.row_span, c.col_span) for c in grid.cells]
    assert spans == [(0, 0, 1, 2), (1, 0, 1, 1), (1, 1, 1, 1)]


@pytest.mark.parametrize("strokes", [True, False])
def test_a_border_running_on_into_a_character_of_a_merged_row_does_not_part_it(
    strokes: bool,
) -> None:
    # 150 dpi, rows 13 pt high: a border parts the upper rows and runs on, through the rule,
    # into a stroke of 通 in the merged row under them (联系人通讯地址), stopping short of
    # the rule below; the character's other strokes cross it. A border's faint end, with
    # paper beside it, still parts its row.
    page = np.full((300, 700), 255, np.uint8)
    for y in (100, 127, 154, 181):
        cv2.line(page, (100, y), (600, y), 0, 2)
    for x in (100, 600):
        cv2.line(page, (x, 100), (x, 181), 0, 2)
    cv2.line(page, (350, 100), (350, 176), 0, 2)
    if strokes:
        for y in (160, 166, 172):
            cv2.line(page, (330, y), (370, y), 0, 2)
    (grid,) = find_grids(binarise(page), 150)
    spans = [(c.row, c.col, c.row_span, c.col_span) for c in grid.cells]
    last = [(2, 0, 1, 2)] if strokes else [(2, 0, 1, 1), (2, 1, 1, 1)]
    assert spans == [(row, col, 1, 1) for row in range(2) for col in range(2)] + last


@pytest.mark.parametrize("sealed", [True, False])
def test_a_rule_a_seal_took_a_long_stretch_of_still_parts_the_rows(sealed: bool) -> None:
    # 150 dpi: the rule between two rows lost most of its left cell's width where a red
    # seal lay over it (its blurred ink as light as the seal's). Under the seal's disc the
    # gap is the seal's; where no seal lies, a rule that stops is a merged cell's edge.
    page = np.full((400, 800), 255, np.uint8)
    for y in (100, 200):
        cv2.line(page, (100, y), (700, y), 0, 2)
    cv2.line(page, (100, 150), (170, 150), 0, 2)
    cv2.line(page, (390, 150), (700, 150), 0, 2)
    for x in (100, 400, 700):
        cv2.line(page, (x, 100), (x, 200), 0, 2)
    discs = np.zeros(page.shape, np.uint8)
    if sealed:
        cv2.circle(discs, (260, 160), 150, 255, -1)
    (grid,) = find_grids(binarise(page), 150, sealed=discs)
    spans = [(c.row, c.col, c.row_span, c.col_span) for c in grid.cells]
    left = [(0, 0, 1, 1), (1, 0, 1, 1)] if sealed else [(0, 0, 2, 1)]
    assert sorted(spans) == sorted([*left, (0, 1, 1, 1), (1, 1, 1, 1)])
