"""Cells that a page break split: the parts below, in the same table or the next one."""

from __future__ import annotations

from extractor.layout import Cell, Table
from extractor.locate.view import LayoutView
from extractor.page.continuation import SCAN_PAGE_SCALE, SCAN_PAGE_SHIFT, placement


def continued(view: LayoutView, table: Table, cell: Cell) -> list[tuple[Table, Cell]]:
    """The parts of a cell that a page break split into rows of the pages after it,
    in the same table or at the top of the next one, each with its table."""
    parts: list[tuple[Table, Cell]] = []
    current = cell
    left = table.at(cell.row, cell.col - 1) if cell.col else None
    while True:
        below = table.at(current.row + current.row_span, cell.col)
        if below is None and current.row + current.row_span >= table.n_rows:
            below = _top_of_next_table(view, table, current)
            if below is None:
                return parts
            table, cell, left = view.tables[table.index + 1], below, None
        if below is None or not _continues(view, table, cell, current, below, left):
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


def _top_of_next_table(view: LayoutView, table: Table, cell: Cell) -> Cell | None:
    """The first cell of the next table when it spans the same width as ``cell``: a
    table broken by a page whose columns below differ is still one table."""
    following = view.tables.get(table.index + 1)
    if following is None or following.parent is not None or not following.cells:
        return None
    top = following.row_cells(0)
    if len(top) != 1 or cell.bbox is None or top[0].bbox is None:
        return None
    # A scanned page lies a little apart from the one before: its edges move together (and
    # a photographed one may be a little larger or smaller).
    scan = view.layout.kind == "scan"
    lay = placement(
        cell.bbox[::2],
        top[0].bbox[::2],
        page_shift=SCAN_PAGE_SHIFT if scan else 0.0,
        page_scale=SCAN_PAGE_SCALE if scan else 0.0,
    )
    return top[0] if lay is not None else None


__all__ = ["continued"]
