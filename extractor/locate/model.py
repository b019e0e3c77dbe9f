"""What locating finds: raw text spots with their place, per flat name."""

from __future__ import annotations

from dataclasses import dataclass, field

from extractor.labels import Ambiguous, LabelMatch
from extractor.layout import Cell, Paragraph, Table

#: A place of the layout: (table, row, column) of a cell, or a paragraph's index.
Place = tuple[int, int, int] | int


def cell_place(table: Table, cell: Cell) -> Place:
    return (table.index, cell.row, cell.col)


@dataclass(frozen=True)
class Spot:
    """Raw text read for one value, with where it was read."""

    text: str
    table: int | None = None
    row: int | None = None
    column: int | None = None
    paragraph: int | None = None
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    confidence: float = 1.0
    #: The money unit the value's label prints (研发经费总额（元）), for a bare number.
    unit: str | None = None
    #: A seal lies over where it was read: the text may be incomplete, or hidden.
    sealed: bool = False

    @classmethod
    def of_cell(cls, table: Table, cell: Cell, text: str | None = None) -> Spot:
        return cls(
            text=cell.text if text is None else text,
            table=table.index,
            row=cell.row,
            column=cell.col,
            page=cell.page if cell.page is not None else table.page,
            bbox=cell.bbox,
            confidence=cell.confidence,
            sealed=cell.sealed,
        )

    @classmethod
    def of_paragraph(cls, paragraph: Paragraph, text: str | None = None) -> Spot:
        return cls(
            text=paragraph.text if text is None else text,
            paragraph=paragraph.index,
            page=paragraph.page,
            bbox=paragraph.bbox,
            confidence=paragraph.confidence,
            sealed=paragraph.sealed,
        )


@dataclass(frozen=True)
class Hit:
    """A label found in a table cell."""

    match: LabelMatch
    table: Table
    cell: Cell


@dataclass
class Finding:
    """What one strategy read from one hit: values, and the places it used."""

    scalars: dict[str, tuple[Spot, float]] = field(default_factory=dict)
    rows: dict[str, list[dict[str, Spot]]] = field(default_factory=dict)
    #: Cells and paragraphs read as labels, headers or values.
    used: set[Place] = field(default_factory=set)
    #: Flat names (list labels) whose label was found but whose value could not be placed.
    unplaced: set[str] = field(default_factory=set)


@dataclass
class Located:
    """Everything found for one form in one layout."""

    scalars: dict[str, tuple[Spot, float]] = field(default_factory=dict)
    rows: dict[str, list[dict[str, Spot]]] = field(default_factory=dict)
    ambiguous: list[Ambiguous] = field(default_factory=list)
    #: Flat names whose label was found but whose value could not be placed.
    unplaced: set[str] = field(default_factory=set)
    #: Non-empty text no field took (printed labels, hints and seal lines aside).
    unread: list[Spot] = field(default_factory=list)
    used: set[Place] = field(default_factory=set)

    def add(self, finding: Finding) -> None:
        """Merge a strategy's finding: the first value found for a name stays."""
        for name, found in finding.scalars.items():
            self.scalars.setdefault(name, found)
        for name, rows in finding.rows.items():
            self.rows.setdefault(name, rows)
        self.used |= finding.used
        self.unplaced |= finding.unplaced


__all__ = ["Finding", "Hit", "Located", "Place", "Spot", "cell_place"]
