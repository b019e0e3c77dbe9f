"""The document body as a Layout: paragraphs and tables in reading order.

- Paragraphs outside tables become ``Paragraph`` blocks with their style name;
  empty ones are left out.
- Each table becomes a ``Table`` block; a table nested in a cell follows its
  parent (depth first) with ``parent=(parent index, row, col)``, and its text is
  not repeated in the parent cell.
- A cell's text is its paragraphs joined by ``\\n``.
- Text boxes are read where they are anchored: in the body their paragraphs
  follow the anchoring paragraph as blocks; in a cell they add lines to it.
- Content controls and custom XML around blocks are read through, except a
  control still showing its placeholder text ("Click here to enter text").
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from xml.etree.ElementTree import Element

from extractor.docx import tags
from extractor.docx.grid import fill_table
from extractor.docx.package import StyleNames, load_parts
from extractor.docx.tags import unwrapped
from extractor.docx.text import paragraph_text
from extractor.docx.xml import w_val
from extractor.errors import UnreadableFile, UnsafeFile
from extractor.layout import Block, Layout, Paragraph, Table

_BLOCKS = frozenset((tags.P, tags.TBL))



def read_docx(path: Path, *, source: str | None = None) -> Layout:
    """Read a .docx (Transitional or Strict) into a Layout; raise an
    ExtractionError subclass, with a one-line message, for anything else."""
    source = source if source is not None else path.name
    parts = load_parts(path, source)
    body = parts.document.find(tags.BODY)
    if body is None:
        raise UnreadableFile(source, "not a Word document (word/document.xml has no body)")
    reader = _BodyReader(parts.styles)
    try:
        reader.read_body(body)
    except RecursionError:
        raise UnsafeFile(source, "tables or text boxes nested too deeply to read") from None
    return Layout(source=source, kind="docx", blocks=reader.blocks)


def block_elements(container: Element) -> Iterator[Element]:
    """The ``w:p`` and ``w:tbl`` of a body, cell or text box, in order, through
    the wrappers that may hold them."""
    return unwrapped(container, _BLOCKS)


class _BodyReader:
    def __init__(self, styles: StyleNames) -> None:
        self.styles = styles
        self.blocks: list[Block] = []
        self.n_paragraphs = 0
        self.n_tables = 0

    def read_body(self, container: Element) -> None:
        for element in block_elements(container):
            if element.tag == tags.P:
                self._body_paragraph(element)
            else:
                self._table(element, parent=None)

    def _body_paragraph(self, element: Element) -> None:
        read = paragraph_text(element)
        if read.text:
            style = self.styles.name(w_val(_style_element(element)))
            self.blocks.append(Paragraph(index=self.n_paragraphs, text=read.text, style=style))
            self.n_paragraphs += 1
        for textbox in read.textboxes:
            self.read_body(textbox)

    def _table(self, element: Element, parent: tuple[int, int, int] | None) -> None:
        # The block is placed before its cells are read so that nested tables,
        # met while reading them, land after it.
        table = Table(index=self.n_tables, n_rows=0, n_cols=0, cells=[], parent=parent)
        self.n_tables += 1
        self.blocks.append(table)

        def read_cell(parts: list[Element], row: int, col: int) -> str:
            lines: list[str] = []
            for part in parts:
                self._cell_content(part, lines, (table.index, row, col))
            return "\n".join(lines).strip()

        fill_table(table, element, read_cell)

    def _cell_content(
        self, container: Element, lines: list[str], where: tuple[int, int, int]
    ) -> None:
        for element in block_elements(container):
            if element.tag == tags.P:
                read = paragraph_text(element)
                lines.append(read.text)
                for textbox in read.textboxes:
                    self._cell_content(textbox, lines, where)
            else:
                self._table(element, parent=where)


def _style_element(paragraph: Element) -> Element | None:
    properties = paragraph.find(tags.P_PR)
    return properties.find(tags.P_STYLE) if properties is not None else None
