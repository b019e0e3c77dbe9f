"""A form exported to PDF reads back as the tables and paragraphs the .docx holds."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.layout import Layout, Table
from extractor.pdf import read_pdf


@pytest.fixture(scope="module")
def layout(reader_form_pdf: Path) -> Layout:
    return read_pdf(reader_form_pdf, source="申报表.pdf")


def _tables(layout: Layout) -> list[Table]:
    return list(layout.tables())


def test_kind_pages_and_source(layout: Layout) -> None:
    assert (layout.kind, layout.pages, layout.source) == ("pdf", 2, "申报表.pdf")


def test_merged_cells_keep_their_spans(layout: Layout) -> None:
    form = _tables(layout)[0]
    assert (form.n_rows, form.n_cols) == (4, 4)
    name = form.at(0, 3)
    assert name is not None and (name.row, name.col, name.col_span) == (0, 1, 3)
    assert name.text == "北京示例科技有限公司"
    group = form.at(3, 0)
    assert group is not None and (group.row, group.row_span, group.text) == (2, 2, "是否高新")


def test_wrapped_cell_reads_as_the_one_line_it_was_written_as(layout: Layout) -> None:
    cell = _tables(layout)[0].at(2, 3)
    assert cell is not None
    assert cell.text == "主营业务为人工智能软件研发与销售，面向制造业提供智能质检解决方案和数据服务"


def test_box_glyphs_become_marks(layout: Layout) -> None:
    cell = _tables(layout)[0].at(2, 1)
    assert cell is not None and cell.text == "☑是 □否"


def test_table_continued_on_next_page_is_one_table(layout: Layout) -> None:
    patents = _tables(layout)[1]
    assert (patents.n_rows, patents.n_cols) == (46, 3)
    assert [c.text for c in patents.row_cells(0)] == ["序号", "专利名称", "授权日期"]
    assert [c.text for c in patents.row_cells(45)] == ["45", "一种数据处理方法45", "2021-03-18"]
    assert {c.page for c in patents.cells} == {1, 2}
    assert len(_tables(layout)) == 2


def test_paragraphs_between_tables_in_reading_order(layout: Layout) -> None:
    kinds = [type(b).__name__ for b in layout.blocks]
    assert kinds == ["Paragraph", "Table", "Paragraph", "Table", "Paragraph"]
    texts = [p.text for p in layout.paragraphs()]
    assert texts == ["新锐企业榜申报表", "二、知识产权情况", "申报单位（盖章）"]
    assert [p.index for p in layout.paragraphs()] == [0, 1, 2]
    assert [t.index for t in layout.tables()] == [0, 1]


def test_positions_are_points_from_top_left(layout: Layout) -> None:
    form = _tables(layout)[0]
    first, below = form.at(0, 0), form.at(1, 0)
    assert first is not None and below is not None
    assert first.bbox is not None and below.bbox is not None
    assert 0 < first.bbox[0] < first.bbox[2] < 595 and first.bbox[3] <= below.bbox[1] + 1
    assert first.page == 1 and first.confidence == 1.0
