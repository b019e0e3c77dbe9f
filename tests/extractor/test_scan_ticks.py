"""Ticks survive a turned page: a ticked box that a photo's few degrees or a half turn make
the OCR read as 回 or 国 is still the tick, in a row of boxes; the character stays text."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from extractor.api import extract
from extractor.page.boxes import Box
from extractor.scan.ocr import Piece
from extractor.scan.page import _tokens

BOOLS = ("是否高新技术企业", "是否属于上市公司")


def _piece(text: str, x0: float) -> Piece:
    """A recognised character at ``x0`` pixels of a 144 dpi line (two pixels a point)."""
    return Piece(text, x0, 100, x0 + 18, 118, 0.9)


def _draw_box(ink: np.ndarray, x0: int, *, ticked: bool = False) -> None:
    """A box 16 pixels wide on the line of a 150 dpi strip (rows 34-50), ticked inside."""
    import cv2

    cv2.rectangle(ink, (x0, 34), (x0 + 16, 50), 255, 2)
    if ticked:
        cv2.line(ink, (x0 + 4, 42), (x0 + 8, 47), 255, 2)
        cv2.line(ink, (x0 + 8, 47), (x0 + 14, 37), 255, 2)


def test_a_ticked_box_read_as_a_character_beside_other_boxes_is_a_tick() -> None:
    boxes = [Box((60, 50, 69, 59), False), Box((120, 50, 129, 59), True)]
    pieces = [_piece("是", 142), _piece("回", 240), _piece("否", 262)]
    tokens = _tokens(pieces, boxes, 0.5)
    assert "".join(t.text for t in sorted(tokens, key=lambda t: t.x0)) == "□是☑否"


def test_the_same_character_in_text_with_no_box_beside_it_stays_text() -> None:
    # 国 in 中国, its square outline taken for a box: no other box on the line, so text.
    boxes = [Box((80, 50, 89, 59), True)]
    pieces = [_piece("中", 140), _piece("国", 160)]
    tokens = _tokens(pieces, boxes, 0.5)
    assert "".join(t.text for t in sorted(tokens, key=lambda t: t.x0)) == "中国"


def test_the_character_in_prose_beside_a_small_closed_stroke_stays_text() -> None:
    # 实现了国产化 on a scan: 国's outline is taken for a ticked box, and the closed 口 of a
    # character before it for an empty one half its size; a list's boxes are one size.
    boxes = [Box((59, 50, 65, 55), False), Box((80, 50, 89, 59), True)]
    pieces = [_piece("品", 124), _piece("国", 160), _piece("产", 180)]
    tokens = _tokens(pieces, boxes, 0.5)
    assert "".join(t.text for t in sorted(tokens, key=lambda t: t.x0) if t.text != "□") == (
        "品国产"
    )


def test_the_closed_stroke_inside_a_title_character_is_no_box() -> None:
    # 科创中国 in a 16 pt title: the 口 of 中 is a closed square of 6 pt, taken for a box.
    boxes = [Box((312, 83, 318, 88), False)]
    pieces = [Piece("中", 604, 158, 636, 192, 0.9), Piece("国", 638, 158, 670, 192, 0.9)]
    tokens = _tokens(pieces, boxes, 0.5)
    assert "".join(t.text for t in sorted(tokens, key=lambda t: t.x0)) == "中国"


@pytest.mark.parametrize(
    ("read", "width", "box"),
    [
        # 科创中国 in a 16 pt title, each character's extent estimated from the recogniser's
        # steps: the 口 of 中, half the line high, lies over the end of 中 and the start of 国.
        ("中国", 19.4, Box((306.7, 76.3, 314.4, 84.0), True)),
        # GDP贡献: the D's outline is square, blurred inside; the recogniser read a D.
        ("GDP", 9.7, Box((300.0, 77.0, 308.2, 85.2), True)),
        # 组合。团队 in prose: 团's frame, inked inside, half under the extent given to 。.
        ("合。团队", 10.9, Box((307.8, 77.0, 316.5, 85.2), True)),
    ],
)
def test_a_box_where_the_recogniser_read_characters_is_those_characters(
    read: str, width: float, box: Box
) -> None:
    pieces = [
        Piece(text, 2 * (290.5 + width * k), 146, 2 * (290.5 + width * (k + 1)), 180, 0.9)
        for k, text in enumerate(read)
    ]
    tokens = _tokens(pieces, [box], 0.5)
    assert "".join(t.text for t in sorted(tokens, key=lambda t: t.x0)) == read


def test_a_ticked_box_read_as_tuan_beside_other_boxes_is_a_tick() -> None:
    boxes = [Box((60, 50, 69, 59), False), Box((120, 50, 129, 59), True)]
    pieces = [_piece("口", 120), _piece("药", 200), _piece("团", 240)]
    tokens = _tokens(pieces, boxes, 0.5)
    assert "".join(t.text for t in sorted(tokens, key=lambda t: t.x0)) == "□药☑"


def test_a_ticked_box_read_as_an_enclosed_one_beside_other_boxes_is_a_tick() -> None:
    # A photo's ☑是 □否 read as ①是 口否: the outline found, with ink inside, under ①.
    boxes = [Box((60, 50, 69, 59), True), Box((120, 50, 129, 59), False)]
    pieces = [_piece("①", 118), _piece("是", 142), _piece("口", 238), _piece("否", 262)]
    tokens = _tokens(pieces, boxes, 0.5)
    assert "".join(t.text for t in sorted(tokens, key=lambda t: t.x0)) == "☑是□否"


def test_ticked_boxes_of_a_lists_first_line_are_ticks_by_the_boxes_of_its_next() -> None:
    # 可进行交易☒ 在内部进行转化☒ over 只能合作生产□ …: both ☒ read as 区, the empty
    # boxes all on the next line of the cell.
    boxes = [Box((70, 50, 79, 59), True), Box((130, 50, 139, 59), True)]
    boxes += [Box((70, 62, 79, 71), False), Box((130, 62, 139, 71), False)]
    pieces = [_piece("易", 118), _piece("区", 138), _piece("化", 238), _piece("区", 258)]
    pieces += [Piece("产", 118, 124, 136, 142, 0.9), Piece("口", 138, 124, 158, 142, 0.9)]
    pieces += [Piece("作", 238, 124, 256, 142, 0.9), Piece("口", 258, 124, 278, 142, 0.9)]
    cell = (40.0, 45.0, 200.0, 75.0)
    first_line = [t for t in _tokens(pieces, boxes, 0.5, cells=[cell]) if t.top < 60]
    assert "".join(t.text for t in sorted(first_line, key=lambda t: t.x0)) == "易☑化☑"
    # Without the cell, the line has no empty box of its own: 区 stays the character.
    first_line = [t for t in _tokens(pieces, boxes, 0.5) if t.top < 60]
    assert "".join(t.text for t in sorted(first_line, key=lambda t: t.x0)) == "易区化区"


def test_a_tick_reading_in_a_label_cell_with_one_box_like_glyph_stays_text() -> None:
    # 研发团队规模 over （科技R&D人员数量）: 团's outline is a ticked box, D's an empty one
    # in the same cell, D read over part of it only. One such "box" is no list.
    boxes = [Box((70, 50, 79, 59), True), Box((72, 63, 79.5, 70), False)]
    pieces = [_piece("发", 118), _piece("团", 138), _piece("队", 158)]
    pieces += [Piece("&", 126, 124, 141, 142, 0.9), Piece("D", 141, 124, 156, 142, 0.9)]
    tokens = _tokens(pieces, boxes, 0.5, cells=[(40.0, 45.0, 200.0, 75.0)])
    first_line = [t for t in tokens if t.top < 60]
    assert "".join(t.text for t in sorted(first_line, key=lambda t: t.x0)) == "发团队"


def test_the_character_beside_the_kou_of_a_word_in_prose_stays_text() -> None:
    # 实现了国产化替代，依赖进口: 国 and the 口 of 进口 both look like boxes, of one size;
    # 口 right after 进 is a word's character, so no list of boxes is on the line.
    boxes = [Box((80, 50, 89, 59), True), Box((160, 50, 169, 59), False)]
    pieces = [_piece("国", 160), _piece("产", 180), _piece("进", 300), _piece("口", 320)]
    tokens = _tokens(pieces, boxes, 0.5)
    assert "".join(t.text for t in sorted(tokens, key=lambda t: t.x0)) == "国产进口"


def test_a_ticked_box_below_a_word_of_the_line_above_is_a_tick() -> None:
    # 在内部进行转化 over 已经有合作☑: 转 of the line above reaches down beside the box, and
    # 转口 is a word; the box is ticked and on another line, so no 口 of a word.
    def at(text: str, x0: float, top: float) -> Piece:
        return Piece(text, 2 * x0, 2 * top, 2 * (x0 + 10.5), 2 * (top + 12), 0.97)

    pieces = [at("转", 362.9, 347.0), at("作", 361.0, 357.1), at("口", 371.5, 357.1)]
    pieces.append(at("不", 385.0, 357.1))
    boxes = [Box((373.4, 360.5, 380.6, 368.2), True), Box((449.0, 361.0, 457.0, 369.0), False)]
    tokens = _tokens(pieces, boxes, 0.5)
    line = sorted((t for t in tokens if t.top > 355), key=lambda t: t.x0)
    assert "".join(t.text for t in line) == "作☑不□"


def test_a_box_apart_from_the_option_before_it_is_a_box() -> None:
    # □法人 □其他: 人口 is a word, but the box stands a space apart from 人.
    boxes = [Box((60, 50, 69, 59), False), Box((100, 50, 109, 59), False)]
    pieces = [_piece("口", 120), _piece("法", 142), _piece("人", 162), _piece("口", 200)]
    pieces += [_piece("其", 222), _piece("他", 242)]
    tokens = _tokens(pieces, boxes, 0.5)
    assert "".join(t.text for t in sorted(tokens, key=lambda t: t.x0)) == "□法人□其他"


def test_an_options_first_character_right_after_its_box_stays_text() -> None:
    # □国企: 国 stands right after a box, as an option's first character does.
    boxes = [Box((60, 50, 69, 59), False), Box((70, 50, 79, 59), True)]
    pieces = [_piece("国", 140), _piece("企", 160)]
    tokens = _tokens(pieces, boxes, 0.5)
    assert "".join(t.text for t in sorted(tokens, key=lambda t: t.x0)) == "□国企"


def test_a_filled_box_the_blur_joins_to_the_rule_under_it_is_sought_without_the_rule() -> None:
    # □是 ■否 in a row as tight as its text, photographed: the ■'s blurred foot, read as 口,
    # runs into the rule below it and makes one outline with it.
    import cv2

    from extractor.scan.grid import binarise, rule_ink, rule_pixels
    from extractor.scan.page import _boxes_read

    page = np.full((120, 400), 255, np.uint8)
    cv2.line(page, (20, 80), (380, 80), 0, 2)
    cv2.rectangle(page, (100, 58), (118, 76), 0, -1)
    cv2.rectangle(page, (103, 77), (115, 79), 0, -1)
    binary = binarise(page)
    text_ink = cv2.bitwise_and(binary, cv2.bitwise_not(rule_pixels(rule_ink(page), 150)))
    read = [Piece("口", 98, 56, 120, 80, 0.9)]
    assert _boxes_read(read, [], binary, 150) == []
    (box,) = _boxes_read(read, [], binary, 150, text_ink=text_ink)
    assert box.checked


@pytest.mark.parametrize(("listed", "read_over"), [(True, False), (False, False), (True, True)])
def test_a_box_the_recogniser_skipped_at_a_list_lines_end_is_sought(
    listed: bool, read_over: bool
) -> None:
    # 交易□在内部进行转化☑ at a line's end, the hook of 化 touching the box: one outline
    # with the character, no box glyph read, nothing read past 化. Only a list's line (one
    # with a box of its own, no character read over it) is looked at: past a date, an
    # address or a number whose 0 looks like a box there is none.
    import cv2

    from extractor.scan.page import _boxes_skipped

    ink = np.zeros((80, 300), np.uint8)
    cv2.line(ink, (60, 30), (60, 50), 255, 2)
    cv2.line(ink, (60, 50), (82, 52), 255, 2)
    _draw_box(ink, 80, ticked=True)
    line = [Piece("转", 30, 28, 52, 54, 0.99), Piece("化", 52, 28, 74, 54, 0.99)]
    if read_over:
        line.insert(0, Piece("0", 8, 28, 28, 54, 0.99))
    pt = 72 / 150
    own = [Box((10 * pt, 34 * pt, 26 * pt, 50 * pt), False)] if listed else []
    found = _boxes_skipped(line, own, ink, 150)
    assert [b.checked for b in found] == ([True] if listed and not read_over else [])


def test_a_box_the_recogniser_skipped_at_a_cells_start_is_sought_within_the_cell() -> None:
    # ☑是 □否 in a copy, the ticked box close to the cell's rule: no outline of its own,
    # nothing read for it, the first character's extent stretched over part of it. The
    # label in the cell before ends in 司, whose 口 is no box of this line.

    from extractor.scan.page import _boxes_skipped

    ink = np.zeros((80, 400), np.uint8)
    _draw_box(ink, 150, ticked=True)
    _draw_box(ink, 250)
    _draw_box(ink, 112)
    line = [
        Piece("司", 108, 28, 132, 54, 0.99),
        Piece("是", 160, 28, 184, 54, 0.99),
        Piece("口", 248, 28, 268, 54, 0.99),
        Piece("否", 270, 28, 294, 54, 0.99),
    ]
    pt = 72 / 150
    own = [Box((250 * pt, 34 * pt, 266 * pt, 50 * pt), False)]
    label, options = (40 * pt, 20 * pt, 140 * pt, 60 * pt), (140 * pt, 20 * pt, 390 * pt, 60 * pt)
    found = _boxes_skipped(line, own, ink, 150, cells=[label, options])
    (box,) = found
    assert box.checked and 146 <= box.bbox[0] / pt <= 152
    # Outside a table nothing is sought before a line: its start is nobody's edge.
    assert _boxes_skipped(line[1:], own, ink, 150) == []


def test_a_box_the_recogniser_skipped_between_two_options_is_sought_in_the_gap() -> None:
    # □是 ☑否 in a copy: the ticked box between 是 and 否 read as nothing, a gap wider than
    # a space left where it stands, 否's extent stretched over part of it.

    from extractor.scan.page import _boxes_skipped

    ink = np.zeros((80, 400), np.uint8)
    _draw_box(ink, 150)
    _draw_box(ink, 212, ticked=True)
    line = [
        Piece("口", 148, 28, 168, 54, 0.99),
        Piece("是", 170, 28, 194, 54, 0.99),
        Piece("否", 222, 28, 246, 54, 0.99),
    ]
    pt = 72 / 150
    own = [Box((150 * pt, 34 * pt, 166 * pt, 50 * pt), False)]
    options = (140 * pt, 20 * pt, 390 * pt, 60 * pt)
    (box,) = _boxes_skipped(line, own, ink, 150, cells=[options])
    assert box.checked and 209 <= box.bbox[0] / pt <= 214
    assert _boxes_skipped(line, own, ink, 150) == []
    # A box its outline found already, over part of the square, is not found again.
    outlined = Box((226 * pt, 34 * pt, 244 * pt, 50 * pt), True)
    assert _boxes_skipped(line, [*own, outlined], ink, 150, cells=[options]) == []


@pytest.mark.parametrize(("kind", "seed"), [("photo", 4242), ("copy", 4242), ("photo", 77)])
def test_yes_no_ticks_of_a_photographed_or_copied_form(
    sample_set: list[Any], tmp_path: Path, kind: str, seed: int
) -> None:
    from samples.render_pdf import to_pdf
    from samples.render_scan import to_photo

    info = next(i for i in sample_set if i.form == "新锐企业榜" and i.layout == "faithful")
    pdf = to_pdf(info.files["docx"], tmp_path)
    flat = extract(to_photo(pdf, tmp_path / "page.pdf", seed=seed, kind=kind)).flat()
    truth = json.loads(info.truth.read_text("utf-8"))["values"]
    assert {name: flat["values"].get(name) for name in BOOLS} == {n: truth[n] for n in BOOLS}


def test_ticks_of_an_upside_down_scan(sample_set: list[Any], tmp_path: Path) -> None:
    from samples.render_pdf import to_pdf
    from samples.render_scan import to_scan

    info = next(i for i in sample_set if i.form == "新锐企业榜" and i.layout == "faithful")
    pdf = to_pdf(info.files["docx"], tmp_path)
    flat = extract(to_scan(pdf, tmp_path / "turned.pdf", seed=5, turn=2)).flat()
    truth = json.loads(info.truth.read_text("utf-8"))["values"]
    assert {name: flat["values"].get(name) for name in BOOLS} == {n: truth[n] for n in BOOLS}
