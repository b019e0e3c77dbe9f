"""A form document before it becomes a .docx: tables of cells and paragraphs.

Layouts build and rearrange this model; ``docx_writer`` turns it into a file. A value
cell holds the typed value (``Val``), not its text, so that the layout decides only
where a value goes and the formatter decides how it is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from schemas.catalogue import FieldType
from schemas.record import FlatValue


@dataclass(frozen=True)
class Box:
    """A tick box: written as a glyph or a Word content control by the writer."""

    checked: bool


@dataclass(frozen=True)
class Val:
    """A value to be written by the document's formatter."""

    name: str
    type: FieldType
    value: FlatValue
    unit: str | None = None
    #: True when the printed label already names the unit, so the value is written bare.
    unit_in_label: bool = True


Inline = str | Box | Val
#: One paragraph of a cell: text pieces, boxes and values in reading order.
Para = list[Inline]

Role = Literal["label", "value", "group", "colheader", "section", "static", "title"]


@dataclass
class CellSpec:
    row: int
    col: int
    paras: list[Para]
    role: Role
    row_span: int = 1
    col_span: int = 1
    #: The catalogue label of the field a label or value cell belongs to.
    field: str | None = None
    nested: TableSpec | None = None

    def text(self) -> str:
        return "\n".join("".join(p for p in para if isinstance(p, str)) for para in self.paras)


@dataclass
class Block:
    """Rows of a table that belong together: a year table or a list table."""

    kind: Literal["year", "list", "section"]
    first_row: int
    last_row: int
    first_col: int


@dataclass
class TableSpec:
    n_rows: int
    n_cols: int
    cells: list[CellSpec]
    #: Relative column widths.
    widths: list[float]
    blocks: list[Block] = field(default_factory=list)

    def starting_in(self, row: int) -> list[CellSpec]:
        return sorted((c for c in self.cells if c.row == row), key=lambda c: c.col)


@dataclass
class ParaSpec:
    paras: list[Para]
    style: str | None = None
    align: Literal["left", "center"] = "left"
    bold: bool = False
    size: float | None = None


DocBlock = TableSpec | ParaSpec

CheckboxStyle = Literal["glyph", "sdt"]


@dataclass
class DocSpec:
    blocks: list[DocBlock]
    #: The glyphs for ticked and empty boxes when ``checkbox_style`` is ``glyph``.
    box_glyphs: tuple[str, str] = ("☑", "□")
    checkbox_style: CheckboxStyle = "glyph"
    header: str | None = None
    footer: str | None = None
    #: ``plain`` writes values the way the form's hints ask; ``varied`` mixes formats.
    formatter: Literal["plain", "varied"] = "plain"
