"""(f) A year table (or a list table) as a table nested inside a cell of the form's table."""

from __future__ import annotations

from random import Random

from samples.layouts.common import has_blocks, tables
from samples.layouts.registry import Variant
from samples.layouts.reshape import delete_rows
from samples.model import Block, CellSpec, DocSpec, TableSpec
from schemas.catalogue import FormSpec


def _nest(table: TableSpec, block: Block) -> None:
    inner_col = block.first_col + (1 if block.kind == "list" else 0)
    inside = [
        c for c in table.cells if block.first_row <= c.row <= block.last_row and c.col >= inner_col
    ]
    for cell in inside:
        cell.row -= block.first_row
        cell.col -= inner_col
        table.cells.remove(cell)
    n_cols = table.n_cols - inner_col
    inner = TableSpec(
        block.last_row - block.first_row + 1, n_cols, inside, table.widths[inner_col:]
    )
    holder = CellSpec(block.first_row, inner_col, [[""]], "static", col_span=n_cols, nested=inner)
    table.cells.append(holder)
    if block.last_row > block.first_row:
        delete_rows(table, block.first_row + 1, block.last_row, keep=[])


def apply(doc: DocSpec, form: FormSpec, rng: Random) -> None:
    for table in tables(doc):
        years = [b for b in table.blocks if b.kind == "year"]
        lists = [b for b in table.blocks if b.kind == "list"]
        chosen = [b for b in (years[:1] + lists[:1]) if b is not None]
        for block in sorted(chosen, key=lambda b: b.first_row, reverse=True):
            _nest(table, block)


VARIANT = Variant(
    "nested_tables",
    "a year table and a list table each nested inside one cell of the outer table",
    has_blocks,
    apply,
)
