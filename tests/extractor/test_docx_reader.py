"""read_docx on documents built with python-docx: blocks, styles, grids, text."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from docx.oxml import parse_xml

from extractor.docx import read_docx
from extractor.layout import Layout, Paragraph, Table

MakeDocx = Callable[..., Path]

NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)


def add_body_xml(document: Any, fragment: str) -> None:
    """Insert raw WordprocessingML (with ``{NS}`` in its first tag) before sectPr."""
    document.element.body.sectPr.addprevious(parse_xml(fragment.replace("{NS}", NS)))


def tables(layout: Layout) -> list[Table]:
    return list(layout.tables())


def paragraphs(layout: Layout) -> list[Paragraph]:
    return list(layout.paragraphs())


def test_blocks_keep_document_order_with_style_names(make_docx: MakeDocx) -> None:
    def build(document: Any) -> None:
        document.add_heading("一、基本信息", level=2)
        document.add_paragraph("单位名称见下表。")
        document.add_table(rows=1, cols=2).cell(0, 0).text = "单位名称"
        document.add_paragraph("二、附件", style="Heading 1")

    layout = read_docx(make_docx(build))

    assert [type(block).__name__ for block in layout.blocks] == [
        "Paragraph",
        "Paragraph",
        "Table",
        "Paragraph",
    ]
    assert [(p.index, p.text, p.style) for p in paragraphs(layout)] == [
        (0, "一、基本信息", "Heading 2"),
        (1, "单位名称见下表。", "Normal"),
        (2, "二、附件", "Heading 1"),
    ]
    assert layout.kind == "docx"
    assert layout.source == "form.docx"


def test_source_names_the_file_as_the_user_gave_it(make_docx: MakeDocx) -> None:
    path = make_docx(lambda document: document.add_paragraph("x"), name="upload-1.docx")

    assert read_docx(path, source="申报表.docx").source == "申报表.docx"


def test_empty_paragraphs_are_left_out_and_indices_stay_contiguous(
    make_docx: MakeDocx,
) -> None:
    def build(document: Any) -> None:
        document.add_paragraph("第一段")
        document.add_paragraph("")
        document.add_paragraph("   ")
        document.add_paragraph("第二段")

    layout = read_docx(make_docx(build))

    assert [(p.index, p.text) for p in paragraphs(layout)] == [(0, "第一段"), (1, "第二段")]


def test_header_and_footer_text_never_appears(make_docx: MakeDocx) -> None:
    def build(document: Any) -> None:
        section = document.sections[0]
        section.header.paragraphs[0].text = "页眉：内部资料"
        section.footer.paragraphs[0].text = "页脚：第1页"
        document.add_paragraph("正文")

    layout = read_docx(make_docx(build))

    assert "页眉" not in layout.text()
    assert "页脚" not in layout.text()
    assert [p.text for p in paragraphs(layout)] == ["正文"]


def test_tabs_become_spaces_and_line_breaks_newlines(make_docx: MakeDocx) -> None:
    def build(document: Any) -> None:
        paragraph = document.add_paragraph("姓名\t张三")
        paragraph.add_run().add_break()
        paragraph.add_run("职务\t总经理")

    layout = read_docx(make_docx(build))

    assert paragraphs(layout)[0].text == "姓名 张三\n职务 总经理"


def test_cell_paragraphs_are_joined_by_newlines(make_docx: MakeDocx) -> None:
    def build(document: Any) -> None:
        cell = document.add_table(rows=1, cols=1).cell(0, 0)
        cell.text = "第一行"
        cell.add_paragraph("第二行")
        cell.add_paragraph("第三行")

    layout = read_docx(make_docx(build))

    assert tables(layout)[0].cells[0].text == "第一行\n第二行\n第三行"


def test_horizontal_vertical_and_block_merges_appear_once_with_spans(
    make_docx: MakeDocx,
) -> None:
    def build(document: Any) -> None:
        table = document.add_table(rows=4, cols=4)
        table.cell(0, 0).merge(table.cell(0, 2)).text = "横跨三列"
        table.cell(1, 0).merge(table.cell(3, 0)).text = "纵跨三行"
        table.cell(1, 1).merge(table.cell(2, 2)).text = "二乘二"
        table.cell(3, 3).text = "角"

    table = tables(read_docx(make_docx(build)))[0]

    assert (table.n_rows, table.n_cols) == (4, 4)
    spans = {cell.text: (cell.row, cell.col, cell.row_span, cell.col_span) for cell in table.cells}
    assert spans["横跨三列"] == (0, 0, 1, 3)
    assert spans["纵跨三行"] == (1, 0, 3, 1)
    assert spans["二乘二"] == (1, 1, 2, 2)
    assert spans["角"] == (3, 3, 1, 1)
    assert [c.text for c in table.cells].count("二乘二") == 1
    assert table.at(2, 2) is table.at(1, 1)
    assert len(table.cells) == 4 * 4 - 2 - 2 - 3


def test_nested_table_follows_its_parent_and_leaves_the_parent_cell(
    make_docx: MakeDocx,
) -> None:
    def build(document: Any) -> None:
        outer = document.add_table(rows=2, cols=2)
        outer.cell(0, 0).text = "主要成员"
        host = outer.cell(1, 1)
        host.text = "见下表"
        inner = host.add_table(rows=2, cols=2)
        inner.cell(0, 0).text = "姓名"
        inner.cell(1, 0).text = "李四"
        deeper = inner.cell(1, 1).add_table(rows=1, cols=1)
        deeper.cell(0, 0).text = "最内层"
        document.add_table(rows=1, cols=1).cell(0, 0).text = "下一张表"

    layout = read_docx(make_docx(build))
    found = tables(layout)

    assert [(t.index, t.parent) for t in found] == [
        (0, None),
        (1, (0, 1, 1)),
        (2, (1, 1, 1)),
        (3, None),
    ]
    assert [b is t for b, t in zip(layout.blocks, found, strict=True)] == [True] * 4
    host = found[0].at(1, 1)
    assert host is not None
    assert host.text == "见下表"
    assert [c.text for c in found[1].cells if c.text] == ["姓名", "李四"]
    assert found[2].cells[0].text == "最内层"
    assert found[3].cells[0].text == "下一张表"


def test_grid_before_and_after_leave_empty_grid_columns(make_docx: MakeDocx) -> None:
    def build(document: Any) -> None:
        add_body_xml(
            document,
            "<w:tbl {NS}><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>"
            "<w:tr><w:tc><w:p><w:r><w:t>A</w:t></w:r></w:p></w:tc>"
            "<w:tc><w:p><w:r><w:t>B</w:t></w:r></w:p></w:tc>"
            "<w:tc><w:p><w:r><w:t>C</w:t></w:r></w:p></w:tc></w:tr>"
            '<w:tr><w:trPr><w:gridBefore w:val="1"/><w:gridAfter w:val="1"/></w:trPr>'
            "<w:tc><w:p><w:r><w:t>中</w:t></w:r></w:p></w:tc></w:tr>"
            "</w:tbl>",
        )

    table = tables(read_docx(make_docx(build)))[0]

    assert (table.n_rows, table.n_cols) == (2, 3)
    assert table.at(1, 0) is None
    assert table.at(1, 2) is None
    middle = table.at(1, 1)
    assert middle is not None
    assert (middle.text, middle.row, middle.col) == ("中", 1, 1)


def test_legacy_hmerge_cells_fold_into_one(make_docx: MakeDocx) -> None:
    def build(document: Any) -> None:
        add_body_xml(
            document,
            "<w:tbl {NS}>"
            '<w:tr><w:tc><w:tcPr><w:hMerge w:val="restart"/></w:tcPr>'
            "<w:p><w:r><w:t>合并</w:t></w:r></w:p></w:tc>"
            "<w:tc><w:tcPr><w:hMerge/></w:tcPr><w:p/></w:tc>"
            "<w:tc><w:p><w:r><w:t>右</w:t></w:r></w:p></w:tc></w:tr>"
            "<w:tr><w:tc><w:p/></w:tc><w:tc><w:p/></w:tc><w:tc><w:p/></w:tc></w:tr>"
            "</w:tbl>",
        )

    table = tables(read_docx(make_docx(build)))[0]

    assert [(c.text, c.col, c.col_span) for c in table.row_cells(0)] == [
        ("合并", 0, 2),
        ("右", 2, 1),
    ]
    assert table.n_cols == 3


def test_vertical_merge_continue_joins_the_cell_above_with_the_same_width(
    make_docx: MakeDocx,
) -> None:
    def build(document: Any) -> None:
        add_body_xml(
            document,
            "<w:tbl {NS}>"
            '<w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/><w:vMerge w:val="restart"/></w:tcPr>'
            "<w:p><w:r><w:t>上</w:t></w:r></w:p></w:tc>"
            "<w:tc><w:p><w:r><w:t>X</w:t></w:r></w:p></w:tc></w:tr>"
            '<w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/><w:vMerge/></w:tcPr><w:p/></w:tc>'
            "<w:tc><w:p><w:r><w:t>Y</w:t></w:r></w:p></w:tc></w:tr>"
            "<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p><w:r><w:t>窄</w:t></w:r></w:p></w:tc>"
            "<w:tc><w:p/></w:tc><w:tc><w:p/></w:tc></w:tr>"
            "</w:tbl>",
        )

    table = tables(read_docx(make_docx(build)))[0]
    top = table.at(0, 0)

    assert top is not None
    assert (top.text, top.row_span, top.col_span) == ("上", 2, 2)
    assert table.at(1, 1) is top
    narrow = table.at(2, 0)
    assert narrow is not None
    assert (narrow.text, narrow.row, narrow.row_span) == ("窄", 2, 1)


def test_text_box_paragraphs_follow_their_anchor_once(make_docx: MakeDocx) -> None:
    box = "<w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent>"

    def build(document: Any) -> None:
        add_body_xml(
            document,
            "<w:p {NS}><w:r><w:t>锚点段落</w:t></w:r><w:r><mc:AlternateContent>"
            '<mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData>'
            "<wps:wsp><wps:txbx>" + box.format(text="框内文字") + "</wps:txbx></wps:wsp>"
            "</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
            "<mc:Fallback><w:pict><v:rect><v:textbox>"
            + box.format(text="框内文字")
            + "</v:textbox></v:rect></w:pict></mc:Fallback>"
            "</mc:AlternateContent></w:r></w:p>",
        )
        document.add_paragraph("之后")

    layout = read_docx(make_docx(build))

    assert [p.text for p in paragraphs(layout)] == ["锚点段落", "框内文字", "之后"]


def test_deleted_text_and_field_codes_are_not_shown(make_docx: MakeDocx) -> None:
    def build(document: Any) -> None:
        add_body_xml(
            document,
            "<w:p {NS}><w:r><w:t>金额：</w:t></w:r>"
            "<w:del><w:r><w:delText>100</w:delText></w:r></w:del>"
            "<w:ins><w:r><w:t>200</w:t></w:r></w:ins>"
            '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
            "<w:r><w:t>万元</w:t></w:r>"
            '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>',
        )

    assert paragraphs(read_docx(make_docx(build)))[0].text == "金额：200万元"


def test_content_control_placeholder_text_is_not_a_value(make_docx: MakeDocx) -> None:
    def build(document: Any) -> None:
        add_body_xml(
            document,
            "<w:p {NS}><w:r><w:t>单位名称：</w:t></w:r>"
            "<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent>"
            "<w:r><w:t>单击此处输入文字。</w:t></w:r></w:sdtContent></w:sdt></w:p>",
        )
        add_body_xml(
            document,
            "<w:p {NS}><w:r><w:t>联系人：</w:t></w:r>"
            "<w:sdt><w:sdtPr/><w:sdtContent><w:r><w:t>王五</w:t></w:r></w:sdtContent></w:sdt>"
            "</w:p>",
        )

    layout = read_docx(make_docx(build))

    assert [p.text for p in paragraphs(layout)] == ["单位名称：", "联系人：王五"]


def test_rows_and_cells_inside_content_controls_are_read(make_docx: MakeDocx) -> None:
    def build(document: Any) -> None:
        add_body_xml(
            document,
            "<w:tbl {NS}><w:sdt><w:sdtContent>"
            "<w:tr><w:tc><w:p><w:r><w:t>一</w:t></w:r></w:p></w:tc>"
            "<w:sdt><w:sdtContent><w:tc><w:p><w:r><w:t>二</w:t></w:r></w:p></w:tc>"
            "</w:sdtContent></w:sdt></w:tr>"
            "</w:sdtContent></w:sdt></w:tbl>",
        )

    table = tables(read_docx(make_docx(build)))[0]

    assert [(c.row, c.col, c.text) for c in table.cells] == [(0, 0, "一"), (0, 1, "二")]
