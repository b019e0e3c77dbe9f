"""Moving rows and cells of a ``TableSpec`` while keeping merged cells consistent."""

from __future__ import annotations

import copy

from samples.model import Block, CellSpec, TableSpec


def covers(cell: CellSpec, row: int) -> bool:
    return cell.row <= row < cell.row + cell.row_span


def insert_row_after(table: TableSpec, row: int, stretch: list[CellSpec]) -> None:
    """A new empty grid row below ``row``; ``stretch`` (cells covering ``row``) grow into it."""
    for cell in table.cells:
        if cell.row > row:
            cell.row += 1
        elif any(cell is s for s in stretch) or (covers(cell, row) and covers(cell, row + 1)):
            cell.row_span += 1
    table.n_rows += 1
    table.blocks = [_shift_block(b, row, 1) for b in table.blocks]


def _shift_block(block: Block, after: int, by: int) -> Block:
    first = block.first_row + by if block.first_row > after else block.first_row
    last = block.last_row + by if block.last_row > after else block.last_row
    return Block(block.kind, first, last, block.first_col)


def delete_rows(table: TableSpec, first: int, last: int, keep: list[CellSpec]) -> None:
    """Remove grid rows ``first..last``; cells starting there go unless kept, spans shrink."""
    count = last - first + 1
    survivors = []
    for cell in table.cells:
        starts_inside = first <= cell.row <= last
        if starts_inside and not any(cell is k for k in keep):
            continue
        end = cell.row + cell.row_span - 1
        overlap = max(0, min(end, last) - max(cell.row, first) + 1)
        if cell.row > last:
            cell.row -= count
        elif not starts_inside:
            cell.row_span -= overlap
        survivors.append(cell)
    table.cells = survivors
    table.n_rows -= count
    table.blocks = [b for b in table.blocks if b.last_row < first or b.first_row > last]
    table.blocks = [_shift_block(b, last, -count) for b in table.blocks]


def split_table(table: TableSpec, at: int, *, keep_text: bool) -> tuple[TableSpec, TableSpec]:
    """Two tables: rows before ``at`` and rows from ``at`` on.

    A merged cell crossing the cut is cut too; its lower part keeps the text when
    ``keep_text`` (as someone retyping a side label on the next table would) or is empty.
    """
    top: list[CellSpec] = []
    bottom: list[CellSpec] = []
    for cell in table.cells:
        if cell.row >= at:
            moved = copy.copy(cell)
            moved.row -= at
            bottom.append(moved)
        elif covers(cell, at):
            lower = copy.copy(cell)
            lower.row, lower.row_span = 0, cell.row + cell.row_span - at
            if not keep_text:
                lower.paras = [[""]]
            cell.row_span = at - cell.row
            top.append(cell)
            bottom.append(lower)
        else:
            top.append(cell)
    upper = TableSpec(
        at, table.n_cols, top, list(table.widths), [b for b in table.blocks if b.last_row < at]
    )
    lower_blocks = [
        Block(b.kind, b.first_row - at, b.last_row - at, b.first_col)
        for b in table.blocks
        if b.first_row >= at
    ]
    rest = TableSpec(table.n_rows - at, table.n_cols, bottom, list(table.widths), lower_blocks)
    return upper, rest
