"""Tables and long texts a page break splits, joined again; on a scan, the next page may lie a
few millimetres apart on the glass, all its edges moved together."""

from __future__ import annotations

import pytest

from extractor.assemble import assemble
from extractor.layout import Cell, Layout, Table
from extractor.page.continuation import SCAN_PAGE_SHIFT, document_blocks
from schemas.catalogue import form_spec

FIRST = "该技术已在多家企业应用。" * 20
REST = "运行稳定可靠，用户评价良好。" * 15


def _pages(shift: float) -> list[Table]:
    """技术应用场景介绍 with its text broken by the page; page 2 moved ``shift`` points."""
    left, right = 97.0, 536.0
    first = Table(
        0,
        3,
        2,
        [
            Cell("技术名称", 0, 0, page=1, bbox=(left, 100, 240, 120)),
            Cell("新型疫苗递送系统", 0, 1, page=1, bbox=(240, 100, right, 120)),
            Cell(
                "技术应用场景介绍（400-600字）",
                1,
                0,
                col_span=2,
                page=1,
                bbox=(left, 120, right, 135),
            ),
            Cell(FIRST, 2, 0, col_span=2, page=1, bbox=(left, 135, right, 760)),
        ],
        page=1,
    )
    x0, x1 = left + shift, right + shift
    second = Table(
        1,
        2,
        2,
        [
            Cell(REST, 0, 0, col_span=2, page=2, bbox=(x0, 75, x1, 220)),
            Cell("技术知识产权情况", 1, 0, page=2, bbox=(x0, 220, 190 + shift, 300)),
            Cell("授权发明专利6件。", 1, 1, page=2, bbox=(190 + shift, 220, x1, 300)),
        ],
        page=2,
    )
    return [first, second]


def _read(kind: str, shift: float) -> Layout:
    blocks = document_blocks(_pages(shift), page_shift=SCAN_PAGE_SHIFT if kind == "scan" else 0)
    return Layout("form.pdf", kind, blocks, pages=2)


@pytest.mark.parametrize("shift", [0.0, -6.0, 9.5])
def test_a_long_text_broken_by_a_scanned_page_is_read_whole(shift: float) -> None:
    layout = _read("scan", shift)
    record = assemble(layout, form_spec("先导技术榜", 2023), 2023)
    # The parts join at a line break, where the page broke the text.
    assert record.value("技术应用场景介绍") == f"{FIRST}\n{REST}"
    assert record.value("技术知识产权情况") == "授权发明专利6件。"
    # Each part keeps where it stands on its own page.
    rest = record.values["技术应用场景介绍"].provenance
    assert rest.page == 1 and rest.bbox is not None and rest.bbox[0] == 97.0


def test_a_text_pdf_s_tables_at_other_edges_stay_apart() -> None:
    # Printed from a file, a page's tables stand where the next page's do: a table that
    # stands elsewhere is another table.
    record = assemble(_read("pdf", 9.5), form_spec("先导技术榜", 2023), 2023)
    assert record.value("技术应用场景介绍") == FIRST
