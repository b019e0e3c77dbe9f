"""(b) The value in the cell below its label instead of beside it."""

from __future__ import annotations

from random import Random

from samples.layouts.common import always, tables
from samples.layouts.pairs import label_value_pairs
from samples.layouts.registry import Variant
from samples.layouts.reshape import covers, insert_row_after
from samples.model import DocSpec
from schemas.catalogue import FormSpec


def apply(doc: DocSpec, form: FormSpec, rng: Random) -> None:
    for table in tables(doc):
        row = 0
        while row < table.n_rows:
            pairs = label_value_pairs(table, row)
            moving = [cell for pair in pairs for cell in pair]
            others = [c for c in table.starting_in(row) if all(c is not m for m in moving)]
            if not pairs or any(c.role != "group" for c in others):
                row += 1
                continue
            stretch = [c for c in table.cells if covers(c, row) and all(c is not m for m in moving)]
            insert_row_after(table, row, stretch)
            for label, value in pairs:
                label.col_span += value.col_span
                value.row, value.col, value.col_span = row + 1, label.col, label.col_span
            row += 2


VARIANT = Variant(
    "value_below",
    "value in the cell below its label (label row, then value row)",
    always,
    apply,
)
