"""Where a value was read: enough for a reviewer to find it again in the file."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Provenance(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    file: str
    #: 1-based page, for PDFs and scans.
    page: int | None = None
    #: 0-based table index in reading order, with the grid row and column of the cell.
    table: int | None = None
    row: int | None = None
    column: int | None = None
    #: 0-based paragraph index, for text outside tables.
    paragraph: int | None = None
    #: x0, top, x1, bottom in PDF points from the top-left corner of the page.
    bbox: tuple[float, float, float, float] | None = None
    raw: str = ""

    def describe(self) -> str:
        parts = [self.file]
        if self.page is not None:
            parts.append(f"page {self.page}")
        if self.table is not None:
            parts.append(f"table {self.table} row {self.row} column {self.column}")
        if self.paragraph is not None:
            parts.append(f"paragraph {self.paragraph}")
        return ", ".join(parts)
