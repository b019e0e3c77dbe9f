"""(e) A year table split in two with a paragraph between, with and without a repeated header."""

from __future__ import annotations

import copy
from random import Random

from samples.layouts.common import has_year_tables
from samples.layouts.registry import Variant
from samples.layouts.reshape import split_table
from samples.model import Block, DocBlock, DocSpec, ParaSpec, TableSpec
from schemas.catalogue import FormSpec

NOTES = ("（续表）", "注：以上数据以企业年度财务报表为准。", "续上表")


def _split(table: TableSpec, block: Block, repeat_header: bool, note: str) -> list[DocBlock]:
    at = block.first_row + 1 + max(1, (block.last_row - block.first_row) // 2)
    header = [copy.copy(c) for c in table.starting_in(block.first_row) if c.col >= block.first_col]
    top, bottom = split_table(table, at, keep_text=repeat_header)
    if repeat_header:
        for cell in bottom.cells:
            if cell.row > 0 or cell.col >= block.first_col:
                cell.row += 1
            else:
                cell.row_span += 1
        for cell in header:
            cell.row = 0
        bottom.cells += header
        bottom.n_rows += 1
        bottom.blocks = []
    return [top, ParaSpec([[note]]), bottom]


def apply(doc: DocSpec, form: FormSpec, rng: Random) -> None:
    out: list[DocBlock] = []
    for block in doc.blocks:
        years = [] if isinstance(block, ParaSpec) else [b for b in block.blocks if b.kind == "year"]
        if isinstance(block, ParaSpec) or not years:
            out.append(block)
            continue
        first, last = years[0], years[-1]
        if first is last:
            out += _split(block, first, True, rng.choice(NOTES))
            continue
        pieces = _split(block, last, False, rng.choice(NOTES))
        head = pieces[0]
        assert isinstance(head, TableSpec)
        out += _split(head, first, True, rng.choice(NOTES)) + pieces[1:]
    doc.blocks = out


VARIANT = Variant(
    "split_year_tables",
    "a year table split into two tables with a paragraph between: the first with its header "
    "row repeated, the last without",
    has_year_tables,
    apply,
)
