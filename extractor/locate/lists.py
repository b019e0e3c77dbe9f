"""A list table's rows under its header of sub-labels (企业获得称号: 称号名称, 认定年度)."""

from __future__ import annotations

from extractor.labels import label_key, likeness, strip_hint
from extractor.layout import Cell, Table
from extractor.locate.model import Finding, Hit, Spot, cell_place
from extractor.locate.view import LayoutView, header_columns
from schemas.catalogue import FieldSpec

#: Least likeness of a misread sub-label to the one it is taken for.
SUB_LABEL_ALIKE = 0.75


def read_list(view: LayoutView, hit: Hit, spec: FieldSpec) -> Finding:
    table, cell = hit.table, hit.cell
    found = Finding(used={cell_place(table, cell)})
    right = view.right_of(table, cell)
    nested = view.nested_in(table, right) if right is not None else None
    if nested is not None:
        found.rows[spec.label] = _rows_of(view, nested, spec, 0, nested.n_rows, None, found)
        return found
    header_row = _sub_header_row(view, table, cell, spec)
    if header_row is None:
        found.unplaced.add(spec.label)
        return found
    spans_rows = cell.row_span > 1 and header_row == cell.row
    end = _end_of_span(table, cell) if spans_rows else table.n_rows
    found.rows[spec.label] = _rows_of(view, table, spec, header_row, end, cell, found)
    return found


def _end_of_span(table: Table, cell: Cell) -> int:
    """Where the rows of a label's merged cell end: its last row, and past it the rows atop
    the next page whose cell under the label stands empty (the merged cell a page cut)."""
    end = cell.row + cell.row_span
    while end < table.n_rows:
        under = table.at(end, cell.col)
        if under is None or under.text.strip() or under.page is None or cell.page is None:
            break
        if under.page <= cell.page:
            break
        end += 1
    return end


def _sub_header_row(view: LayoutView, table: Table, cell: Cell, spec: FieldSpec) -> int | None:
    for r in range(cell.row, min(cell.row + 3, table.n_rows)):
        if len(_sub_columns(view, table, r, spec, cell)) >= 2:
            return r
    return None


def _sub_columns(
    view: LayoutView, table: Table, r: int, spec: FieldSpec, label: Cell | None
) -> dict[int, str]:
    mapping: dict[int, str] = {}
    cells = [c for c in table.row_cells(r) if c is not label]
    for candidate in cells:
        joined = _joined_sub_labels(view, table, candidate, spec, mapping)
        if joined:
            mapping.update(joined)
            continue
        key = label_key(candidate.text)
        for sub in spec.rows:
            if sub.label not in mapping.values() and key.endswith(label_key(sub.label)):
                mapping[candidate.col] = sub.label
                break
    if len(mapping) < len(spec.rows):
        mapping.update(_misread_sub_labels(cells, spec, mapping))
    return mapping


def _joined_sub_labels(
    view: LayoutView, table: Table, cell: Cell, spec: FieldSpec, mapping: dict[int, str]
) -> dict[int, str]:
    """A header cell holding two sub-labels or more, in order (称号名称 认定年度: the rule
    between their cells lost, under a seal on a copy), over as many cells of the row below:
    each of those columns gets its sub-label."""
    key = label_key(cell.text)
    at = {sub.label: key.find(label_key(sub.label)) for sub in spec.rows}
    held = sorted((found, sub) for sub, found in at.items() if found >= 0)
    if len(held) < 2 or any(sub in mapping.values() for _, sub in held):
        return {}
    below = view.cells_under(table, cell)
    if len(below) != len(held):
        return {}
    return {c.col: sub for c, (_, sub) in zip(below, held, strict=True)}


def _misread_sub_labels(
    cells: list[Cell], spec: FieldSpec, mapping: dict[int, str]
) -> dict[int, str]:
    """Sub-labels read with a character too many or wrong (颁发日其期 on a copy): of the few
    a list has, the one a cell is likest, where it is alike enough and no other is."""
    found: dict[int, str] = {}
    for candidate in (c for c in cells if c.col not in mapping and c.text.strip()):
        key = label_key(candidate.text)
        free = [s.label for s in spec.rows if s.label not in {*mapping.values(), *found.values()}]
        scored = sorted(((likeness(key, label_key(s)), s) for s in free), reverse=True)
        if (
            scored
            and scored[0][0] >= SUB_LABEL_ALIKE
            and (len(scored) == 1 or scored[1][0] < scored[0][0])
        ):
            found[candidate.col] = scored[0][1]
    return found


def _rows_of(
    view: LayoutView,
    table: Table,
    spec: FieldSpec,
    header_row: int,
    end: int,
    label: Cell | None,
    found: Finding,
) -> list[dict[str, Spot]]:
    columns = _sub_columns(view, table, header_row, spec, label)
    found.used.update(cell_place(table, c) for c in table.row_cells(header_row) if c.col in columns)
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
