"""Writing a ``DocSpec`` as a .docx the way Word would: merged cells, boxes, headers.

Files are byte-for-byte reproducible: fixed document properties and zip timestamps.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from random import Random

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from samples.formats import Formatter
from samples.model import Box, CellSpec, DocSpec, Para, ParaSpec, TableSpec, Val

FIXED_TIME = datetime(2022, 9, 1, 9, 0, 0)
ZIP_TIME = (2022, 9, 1, 9, 0, 0)
CENTERED = ("label", "colheader", "group")
TEXT_WIDTH_CM = 15.5

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14_NS = "http://schemas.microsoft.com/office/word/2010/wordml"
#: What Word 2010+ writes for a check box content control (Developer > Check Box).
SDT_CHECKBOX = (
    '<w:sdt xmlns:w="{w}" xmlns:w14="{w14}"><w:sdtPr><w:id w:val="{id}"/><w14:checkbox>'
    '<w14:checked w14:val="{checked}"/>'
    '<w14:checkedState w14:val="2612" w14:font="MS Gothic"/>'
    '<w14:uncheckedState w14:val="2610" w14:font="MS Gothic"/>'
    "</w14:checkbox></w:sdtPr><w:sdtEndPr/><w:sdtContent><w:r><w:rPr>"
    '<w:rFonts w:ascii="MS Gothic" w:eastAsia="MS Gothic" w:hAnsi="MS Gothic" w:hint="eastAsia"/>'
    "</w:rPr><w:t>{glyph}</w:t></w:r></w:sdtContent></w:sdt>"
)

NewParagraph = Callable[[], Paragraph]


class Writer:
    def __init__(self, spec: DocSpec, formatter: Formatter, seed: int) -> None:
        self.spec = spec
        self.format = formatter
        self.ids = Random(seed)

    def write(self, path: Path) -> None:
        document = Document()
        _set_fonts(document)
        section = document.sections[0]
        section.left_margin = section.right_margin = Cm(2.6)
        if self.spec.header:
            section.header.paragraphs[0].text = self.spec.header
        if self.spec.footer:
            footer = section.footer.paragraphs[0]
            footer.text = self.spec.footer
            footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for block in self.spec.blocks:
            if isinstance(block, ParaSpec):
                self._paragraph(document, block)
            else:
                table = document.add_table(rows=block.n_rows, cols=block.n_cols)
                self._table(table, block, TEXT_WIDTH_CM)
                document.add_paragraph()
        props = document.core_properties
        props.created = props.modified = FIXED_TIME
        props.author = props.last_modified_by = "kczg samples"
        props.title = ""
        props.revision = 1
        buffer = io.BytesIO()
        document.save(buffer)
        path.write_bytes(_fixed_zip(buffer.getvalue()))

    def _paragraph(self, document: DocxDocument, block: ParaSpec) -> None:
        add = document.add_paragraph
        paragraph: Paragraph = add(style=block.style) if block.style else add()
        if block.align == "center":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for index, para in enumerate(block.paras):
            if index:
                paragraph.add_run().add_break()
            self._inlines(paragraph, para, lambda: add(style=block.style) if block.style else add())
        for run in paragraph.runs:
            run.bold = block.bold or None
            if block.size:
                run.font.size = Pt(block.size)

    def _table(self, table: Table, spec: TableSpec, width_cm: float) -> None:
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        total = sum(spec.widths)
        for col, width in enumerate(spec.widths):
            table.columns[col].width = Cm(width_cm * width / total)
        # One snapshot of the grid: python-docx's table.cell() rescans the table each call.
        # Merges never overlap, so the corner cells of one stay valid after another.
        before = table._cells
        for cell_spec in spec.cells:
            if cell_spec.row_span > 1 or cell_spec.col_span > 1:
                last_row = cell_spec.row + cell_spec.row_span - 1
                last_col = cell_spec.col + cell_spec.col_span - 1
                corner = before[cell_spec.row * spec.n_cols + cell_spec.col]
                corner.merge(before[last_row * spec.n_cols + last_col])
        after = table._cells
        for cell_spec in spec.cells:
            span = spec.widths[cell_spec.col : cell_spec.col + cell_spec.col_span]
            cell_cm = width_cm * sum(span) / total
            cell = after[cell_spec.row * spec.n_cols + cell_spec.col]
            cell.width = Cm(cell_cm)
            self._cell(cell, cell_spec, cell_cm - 0.4)

    def _cell(self, cell: _Cell, spec: CellSpec, width_cm: float) -> None:
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        for index, para in enumerate(spec.paras):
            paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
            if spec.role in CENTERED:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            self._inlines(paragraph, para, cell.add_paragraph)
        if spec.nested is not None:
            nested = cell.add_table(rows=spec.nested.n_rows, cols=spec.nested.n_cols)
            self._table(nested, spec.nested, width_cm)

    def _inlines(self, paragraph: Paragraph, para: Para, new_paragraph: NewParagraph) -> None:
        for piece in para:
            if isinstance(piece, Box):
                self._box(paragraph, piece)
            elif isinstance(piece, Val):
                paragraph = self._value(paragraph, piece, new_paragraph)
            else:
                _text(paragraph, piece)

    def _value(self, paragraph: Paragraph, val: Val, new_paragraph: NewParagraph) -> Paragraph:
        """A value's text; each further line of a long text is a paragraph of its own."""
        lines = self.format(val).split("\n")
        _text(paragraph, lines[0])
        for line in lines[1:]:
            paragraph = new_paragraph()
            _text(paragraph, line)
        return paragraph

    def _box(self, paragraph: Paragraph, box: Box) -> None:
        if self.spec.checkbox_style == "glyph":
            ticked, empty = self.spec.box_glyphs
            paragraph.add_run(ticked if box.checked else empty)
            return
        xml = SDT_CHECKBOX.format(
            w=W_NS,
            w14=W14_NS,
            id=self.ids.randint(-(2**31), 2**31 - 1),
            checked=int(box.checked),
            glyph="☒" if box.checked else "☐",
        )
        paragraph._p.append(parse_xml(xml))


def _text(paragraph: Paragraph, text: str) -> None:
    """Text with its line breaks as Word line breaks (Shift+Enter)."""
    for index, line in enumerate(text.split("\n")):
        if index:
            paragraph.add_run().add_break()
        if line:
            paragraph.add_run(line)


def _set_fonts(document: DocxDocument) -> None:
    styles = document.styles
    normal = styles["Normal"]
    normal.font.name = "宋体"
    normal.font.size = Pt(10.5)
    fonts = normal.element.rPr.rFonts
    fonts.set(qn("w:eastAsia"), "宋体")


def _fixed_zip(data: bytes) -> bytes:
    """The same package with fixed timestamps, so equal documents are equal files."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


def write_docx(spec: DocSpec, path: Path, formatter: Formatter, seed: int) -> Path:
    Writer(spec, formatter, seed).write(path)
    return path
