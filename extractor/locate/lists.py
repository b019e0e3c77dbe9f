"""A list table's rows under its header of sub-labels (企业获得称号: 称号名称, 认定年度)."""

from __future__ import annotations

from extractor.labels import label_key, strip_hint
from extractor.layout import Cell, Table
from extractor.locate.model import Finding, Hit, Spot, cell_place
from extractor.locate.view import LayoutView, header_columns
from schemas.catalogue import FieldSpec


def read_list(view: LayoutView, hit: Hit, spec: FieldSpec) -> Finding:
    table, cell = hit.table, hit.cell
    found = Finding(used={cell_place(table, cell)})
    right = view.right_of(table, cell)
    nested = view.nested_in(table, right) if right is not None else None
    if nested is not None:
        found.rows[spec.label] = _rows_of(view, nested, spec, 0, nested.n_rows, None, found)
        return found
    header_row = _sub_header_row(table, cell, spec)
    if header_row is None:
        found.unplaced.add(spec.label)
        return found
    spans_rows = cell.row_span > 1 and header_row == cell.row
    end = cell.row + cell.row_span if spans_rows else table.n_rows
    found.rows[spec.label] = _rows_of(view, table, spec, header_row, end, cell, found)
    return found


def _sub_header_row(table: Table, cell: Cell, spec: FieldSpec) -> int | None:
    for r in range(cell.row, min(cell.row + 3, table.n_rows)):
        if len(_sub_columns(table, r, spec, cell)) >= 2:
            return r
    return None


def _sub_columns(table: Table, r: int, spec: FieldSpec, label: Cell | None) -> dict[int, str]:
    mapping: dict[int, str] = {}
    for candidate in table.row_cells(r):
        if candidate is label:
            continue
        key = label_key(candidate.text)
        for sub in spec.rows:
            if sub.label not in mapping.values() and key.endswith(label_key(sub.label)):
                mapping[candidate.col] = sub.label
                break
    return mapping


def _rows_of(
    view: LayoutView,
    table: Table,
    spec: FieldSpec,
    header_row: int,
    end: int,
    label: Cell | None,
    found: Finding,
) -> list[dict[str, Spot]]:
    columns = _sub_columns(table, header_row, spec, label)
    found.used.update(
        cell_place(table, c) for c in table.row_cells(header_row) if c.col in columns
    )
    rows: list[dict[str, Spot]] = []
    for r in range(header_row + 1, end):
        cells = [c for c in table.row_cells(r) if c is not label]
        if any(view.is_label(c) for c in cells) or header_columns(table, r):
            break
        row = {}
        for c in cells:
            if c.col in columns:
                found.used.add(cell_place(table, c))
                text = strip_hint(c.text)
                if text:
                    row[columns[c.col]] = Spot.of_cell(table, c, text)
        if row:
            rows.append(row)
    return rows


__all__ = ["read_list"]
