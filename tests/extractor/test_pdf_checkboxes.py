"""Drawn checkbox squares: ticked when a stroke sits inside, and never mistaken for cells."""

from __future__ import annotations

from pathlib import Path

from extractor.pdf import read_pdf
from extractor.pdf.checkboxes import find_boxes


def _square(x0: float, top: float, side: float = 9.0) -> dict[str, float]:
    return {"x0": x0, "top": top, "x1": x0 + side, "bottom": top + side}


def test_vector_boxes_in_cells_read_as_marks(box_form_pdf: Path) -> None:
    layout = read_pdf(box_form_pdf)
    (table,) = layout.tables()
    assert (table.n_rows, table.n_cols) == (3, 2)
    texts = [[c.text for c in table.row_cells(r)] for r in range(3)]
    assert texts == [
        ["是否上市", "☑ 是 □ 否"],
        ["企业类型", "□ 国企 ☑ 民企 □ 外资"],
        ["填表人", "李四"],
    ]


def test_text_outside_the_table_stays_paragraphs(box_form_pdf: Path) -> None:
    texts = [p.text for p in read_pdf(box_form_pdf).paragraphs()]
    assert texts == ["勾选框测试", "填报日期：2022年6月30日"]


def test_a_character_inside_a_square_ticks_it_and_leaves_the_text() -> None:
    tick = {"x0": 101.0, "top": 101.0, "x1": 107.0, "bottom": 108.0, "text": "√"}
    boxes, inner = find_boxes([_square(100, 100), _square(200, 100)], [], [], [tick])
    assert [b.checked for b in boxes] == [True, False]
    assert inner == [tick]


def test_a_dark_filled_square_is_ticked() -> None:
    filled = {**_square(100, 100), "fill": True, "non_stroking_color": (0.0,)}
    boxes, _ = find_boxes([filled], [], [], [])
    assert [b.checked for b in boxes] == [True]


def test_large_rectangles_are_not_boxes() -> None:
    boxes, _ = find_boxes([_square(100, 100, side=40)], [], [], [])
    assert boxes == []
