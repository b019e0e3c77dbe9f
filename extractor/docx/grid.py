"""A ``w:tbl`` as a true grid: merged cells once, at their top-left, with spans.

One pass over ``w:tr``/``w:tc`` (never python-docx's per-cell lookups, which are
quadratic). Horizontal merges are ``w:gridSpan`` or the legacy ``w:hMerge``
(restart + continue cells, folded into one); vertical merges are ``w:vMerge``
restart/continue, joined to the cell above when it starts in the same grid
column with the same width. ``w:gridBefore``/``w:gridAfter`` leave grid columns
empty at a row's ends. Rows and cells wrapped in content controls or custom XML
are read through; rows deleted in tracked changes are left out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from xml.etree.ElementTree import Element

from extractor.docx import tags
from extractor.docx.tags import unwrapped
from extractor.docx.xml import int_val, w_val
from extractor.layout import Cell, Table

#: Reads the content of a (possibly hMerge-folded) cell whose top-left grid slot is
#: (row, col) and returns its text.
CellReader = Callable[[list[Element], int, int], str]


@dataclass
class _LogicalCell:
    parts: list[Element]
    span: int
    v_merge: str | None


def fill_table(table: Table, tbl: Element, read_cell: CellReader) -> None:
    cells: list[Cell] = []
    above: dict[int, Cell] = {}
    n_rows = 0
    n_cols = 0
    for row, tr in enumerate(_rows(tbl)):
        n_rows += 1
        properties = tr.find(tags.TR_PR)
        col = int_val(properties.find(tags.GRID_BEFORE) if properties is not None else None, 0)
        current: dict[int, Cell] = {}
        for logical in _logical_cells(tr):
            top = above.get(col) if logical.v_merge == "continue" else None
            if top is not None and top.col_span == logical.span:
                top.row_span += 1
                _append_text(top, read_cell(logical.parts, top.row, top.col))
                current[col] = top
            else:
                text = read_cell(logical.parts, row, col)
                cell = Cell(text=text, row=row, col=col, col_span=logical.span)
                cells.append(cell)
                current[col] = cell
            col += logical.span
        after = properties.find(tags.GRID_AFTER) if properties is not None else None
        n_cols = max(n_cols, col + int_val(after, 0))
        above = current
    table.n_rows = n_rows
    table.n_cols = n_cols
    table.cells = cells


def _rows(tbl: Element) -> Iterator[Element]:
    for tr in unwrapped(tbl, (tags.TR,), skip_placeholders=False):
        properties = tr.find(tags.TR_PR)
        if properties is None or properties.find(tags.DELETED) is None:
            yield tr


def _logical_cells(tr: Element) -> Iterator[_LogicalCell]:
    """The row's cells with legacy hMerge continuations folded into their start."""
    pending: _LogicalCell | None = None
    for tc in unwrapped(tr, (tags.TC,), skip_placeholders=False):
        properties = tc.find(tags.TC_PR)
        span = max(1, int_val(_child(properties, tags.GRID_SPAN), 1))
        h_merge = _child(properties, tags.H_MERGE)
        if pending is not None and h_merge is not None and w_val(h_merge) != "restart":
            pending.parts.append(tc)
            pending.span += span
            continue
        if pending is not None:
            yield pending
        pending = _LogicalCell([tc], span, _v_merge(properties))
    if pending is not None:
        yield pending


def _v_merge(properties: Element | None) -> str | None:
    merge = _child(properties, tags.V_MERGE)
    if merge is None:
        return None
    return "restart" if w_val(merge) == "restart" else "continue"


def _child(properties: Element | None, tag: str) -> Element | None:
    return properties.find(tag) if properties is not None else None


def _append_text(cell: Cell, text: str) -> None:
    # A continuation cell is normally empty; when it is not, Word still shows its
    # text inside the merged cell, so keep it.
    if text:
        cell.text = f"{cell.text}\n{text}" if cell.text else text
