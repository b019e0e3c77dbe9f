"""Finding label cells and the value cells beside them."""

from __future__ import annotations

from itertools import pairwise

from samples.model import Box, CellSpec, TableSpec, Val


def is_value(cell: CellSpec) -> bool:
    """A value cell that holds only its value (or boxes), with no printed hint."""
    return (
        cell.role == "value"
        and bool(cell.paras)
        and all(
            isinstance(p, Val | Box) or (isinstance(p, str) and not p.strip())
            for para in cell.paras
            for p in para
        )
        and any(isinstance(p, Val | Box) for para in cell.paras for p in para)
    )


def holds_own_value(cell: CellSpec) -> bool:
    """Not a year-table or list-table cell: its value is the field itself."""
    vals = [p for para in cell.paras for p in para if isinstance(p, Val)]
    return all(v.name == cell.field for v in vals)


def label_value_pairs(table: TableSpec, row: int) -> list[tuple[CellSpec, CellSpec]]:
    """(label, value) cells side by side in ``row``, both one row high."""
    cells = table.starting_in(row)
    pairs = []
    for left, right in pairwise(cells):
        if (
            left.role == "label"
            and is_value(right)
            and holds_own_value(right)
            and left.field == right.field
            and left.row_span == right.row_span == 1
            and right.col == left.col + left.col_span
        ):
            pairs.append((left, right))
    return pairs


def first_line(cell: CellSpec) -> str:
    return cell.text().split("\n")[0]
