"""What every reader produces: tables of cells and paragraphs, with positions.

This is the one seam between the file formats and the rest: the .docx, PDF, OCR
and .doc readers each turn a file into a ``Layout``; everything after that
(label matching, form detection, normalisation, flags) is shared.

Conventions every reader keeps:
- Cell and paragraph text keeps its line breaks as ``\\n``.
- A ticked box is written as ``☑`` and an empty one as ``□`` in the text, at the
  place the box stands, whatever the file used (a glyph, a Word content control,
  a vector square, pixels).
- Merged cells appear once, at their top-left grid slot, with their spans.
- Positions are in PDF points from the top-left of the page (``bbox``) where the
  format has pages; ``page`` is 1-based.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

BBox = tuple[float, float, float, float]

CHECKED = "☑"
UNCHECKED = "□"

#: Box glyphs as fonts and typists write them -> the two marks above; every reader that
#: meets glyphs in text translates with this one table.
BOX_GLYPHS = str.maketrans(
    {
        **dict.fromkeys("☑☒■▣✅🗹🗷⌧", CHECKED),
        **dict.fromkeys("☐□◻▢", UNCHECKED),
    }
)


@dataclass
class Cell:
    text: str
    row: int
    col: int
    row_span: int = 1
    col_span: int = 1
    page: int | None = None
    bbox: BBox | None = None
    #: How sure the reader is of the text: 1.0 unless it was recognised from pixels.
    confidence: float = 1.0
    #: A seal's ink lies over the cell (a scan): its text may be hidden, in part or whole.
    sealed: bool = False


@dataclass
class Table:
    #: 0-based, in reading order, counting nested tables after their parent.
    index: int
    n_rows: int
    n_cols: int
    cells: list[Cell]
    page: int | None = None
    #: (parent table index, row, col) for a table nested in a cell.
    parent: tuple[int, int, int] | None = None
    _grid: list[list[Cell | None]] | None = field(default=None, repr=False, compare=False)

    def grid(self) -> list[list[Cell | None]]:
        """Each grid slot -> the cell covering it (a merged cell covers several)."""
        if self._grid is None:
            grid: list[list[Cell | None]] = [[None] * self.n_cols for _ in range(self.n_rows)]
            for cell in self.cells:
                for r in range(cell.row, min(cell.row + cell.row_span, self.n_rows)):
                    for c in range(cell.col, min(cell.col + cell.col_span, self.n_cols)):
                        grid[r][c] = cell
            self._grid = grid
        return self._grid

    def at(self, row: int, col: int) -> Cell | None:
        if 0 <= row < self.n_rows and 0 <= col < self.n_cols:
            return self.grid()[row][col]
        return None

    def row_cells(self, row: int) -> list[Cell]:
        """Distinct cells covering a grid row, left to right."""
        seen: list[Cell] = []
        for cell in self.grid()[row] if 0 <= row < self.n_rows else []:
            if cell is not None and all(cell is not s for s in seen):
                seen.append(cell)
        return seen


@dataclass
class Paragraph:
    #: 0-based, in reading order, over the paragraphs outside tables.
    index: int
    text: str
    #: The style name where the format has one ("Heading 2"), else None.
    style: str | None = None
    page: int | None = None
    bbox: BBox | None = None
    confidence: float = 1.0
    sealed: bool = False


Block = Table | Paragraph


@dataclass
class Layout:
    #: The file's name as the user gave it, for provenance and messages.
    source: str
    #: docx, pdf, scan or doc: which reader made it.
    kind: str
    blocks: list[Block]
    pages: int | None = None
    #: The OCR runtime that read a scan (``openvino`` or ``onnxruntime``); None for text.
    ocr_engine: str | None = None
    #: What the OCR computed in (``f32`` or ``bf16``); None for text.
    ocr_precision: str | None = None

    def tables(self) -> Iterator[Table]:
        return (b for b in self.blocks if isinstance(b, Table))

    def paragraphs(self) -> Iterator[Paragraph]:
        return (b for b in self.blocks if isinstance(b, Paragraph))

    def text(self) -> str:
        """All text in reading order, for detection and error messages."""
        parts: list[str] = []
        for block in self.blocks:
            if isinstance(block, Paragraph):
                parts.append(block.text)
            else:
                parts.extend(cell.text for cell in block.cells)
        return "\n".join(parts)
