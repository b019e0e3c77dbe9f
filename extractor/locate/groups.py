"""A group of composite labels (孵化科技型企业数量 / 总数, 高新技术企业数 ...): sub-labels in
the rows its label spans, or in a table nested beside it."""

from __future__ import annotations

import itertools

from extractor.labels import interleaved, label_key, strip_hint
from extractor.layout import Cell, Table
from extractor.locate.model import Finding, Hit, Spot, cell_place
from extractor.locate.scalars import JOINED_SCORE
from extractor.locate.view import LayoutView


def read_group(view: LayoutView, hit: Hit, prefix: str) -> Finding:
    table, cell = hit.table, hit.cell
    found = Finding(used={cell_place(table, cell)})
    right = view.right_of(table, cell)
    nested = view.nested_in(table, right) if right is not None else None
    seen: set[str] = set()
    if nested is not None:
        _read_rows(view, nested, range(nested.n_rows), prefix, hit.match.score, found, seen)
    rows = range(cell.row, min(cell.row + max(cell.row_span, 2), table.n_rows))
    _read_rows(view, table, rows, prefix, hit.match.score, found, seen)
    found.unplaced.update(f"{prefix}/{sub}" for sub in view.index.groups[prefix])
    found.unplaced -= seen
    return found


def _read_rows(
    view: LayoutView,
    table: Table,
    rows: range,
    prefix: str,
    score: float,
    found: Finding,
    seen: set[str],
) -> None:
    subs = {label_key(s): s for s in view.index.groups[prefix]}
    for r in rows:
        for sub_cell in table.row_cells(r):
            sub = subs.get(label_key(sub_cell.text)) or subs.get(
                label_key(sub_cell.text.split("\n")[0])
            )
            if sub is None:
                _read_joined(view, table, sub_cell, prefix, score, found, seen)
                continue
            name = f"{prefix}/{sub}"
            if name in found.scalars:
                continue
            seen.add(name)
            found.used.add(cell_place(table, sub_cell))
            spot = _sub_value(view, table, sub_cell, label_key(sub_cell.text), found)
            if spot is not None:
                found.scalars[name] = (spot, score)


def _read_joined(
    view: LayoutView,
    table: Table,
    cell: Cell,
    prefix: str,
    score: float,
    found: Finding,
    seen: set[str],
) -> None:
    """Sub-labels run together in one cell (the rules between theirs lost under a seal),
    over as many cells below: each takes the value under it, where exactly one choice and
    order of the sub-labels not yet read makes the cell's text."""
    below = view.cells_under(table, cell)
    free = [s for s in view.index.groups[prefix] if f"{prefix}/{s}" not in seen]
    if len(below) < 2 or any(view.is_label(c) or _is_sub(view, c) for c in below):
        return
    readings = [
        order
        for chosen in itertools.combinations(free, len(below))
        if (order := interleaved(cell.text, chosen)) is not None
    ]
    if len(readings) != 1:
        return
    found.used.add(cell_place(table, cell))
    for sub, under in zip(readings[0], below, strict=True):
        name = f"{prefix}/{sub}"
        seen.add(name)
        found.used.add(cell_place(table, under))
        text = strip_hint(under.text)
        if text or under.sealed:
            found.scalars[name] = (Spot.of_cell(table, under, text), min(score, JOINED_SCORE))


def _sub_value(
    view: LayoutView, table: Table, cell: Cell, key: str, found: Finding
) -> Spot | None:
    rest = strip_hint("\n".join(cell.text.split("\n")[1:]))
    if rest:
        return Spot.of_cell(table, cell, rest)
    below = table.at(cell.row + cell.row_span, cell.col)
    if below is not None and label_key(below.text) != key and not _is_sub(view, below):
        found.used.add(cell_place(table, below))
        text = strip_hint(below.text)
        return Spot.of_cell(table, below, text) if text or below.sealed else None
    right = view.right_of(table, cell)
    if right is not None and not _is_sub(view, right) and not view.is_label(right):
        found.used.add(cell_place(table, right))
        text = strip_hint(right.text)
        return Spot.of_cell(table, right, text) if text or right.sealed else None
    return None


def _is_sub(view: LayoutView, cell: Cell) -> bool:
    key = label_key(cell.text)
    return any(key == label_key(s) for subs in view.index.groups.values() for s in subs)


__all__ = ["read_group"]
