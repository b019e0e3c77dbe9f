"""Cells that a page break split: the parts below, in the same table or the next one."""

from __future__ import annotations

from extractor.layout import Cell, Table
from extractor.locate.view import LayoutView


def continued(view: LayoutView, table: Table, cell: Cell) -> list[tuple[Table, Cell]]:
    """The parts of a cell that a page break split into rows of the pages after it,
    in the same table or at the top of the next one, each with its table."""
    parts: list[tuple[Table, Cell]] = []
    current = cell
    left = table.at(cell.row, cell.col - 1) if cell.col else None
    while True:
        under = view.under(table, current)
        if under is None:
            return parts
        if under[0] is not table:
            table, cell, left = under[0], under[1], None
        below = under[1]
        if not _continues(view, table, cell, current, below, left):
            return parts
        parts.append((table, below))
        current = below


def _continues(
    view: LayoutView, table: Table, cell: Cell, current: Cell, below: Cell, left: Cell | None
) -> bool:
    if (below.col, below.col_span) != (cell.col, cell.col_span):
        return False
    if below.page is None or current.page is None or below.page <= current.page:
        return False
    if not below.text.strip() or view.is_label(below):
        return False
    # The label beside a split row is split too; another label starts another row.
    beside = table.at(below.row, cell.col - 1) if cell.col else None
    return beside is None or beside is left or not view.is_label(beside)


__all__ = ["continued"]
