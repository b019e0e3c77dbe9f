"""A year table's row: its cells under the column headers of the nearest header row above
(or of the previous table, for a table split in two without its header)."""

from __future__ import annotations

from dataclasses import replace

from extractor.labels import strip_hint
from extractor.locate.model import Finding, Hit, Spot, cell_place
from extractor.locate.view import LayoutView
from schemas.catalogue import FieldSpec
from schemas.normalise.columns import match_columns
from schemas.normalise.numbers import printed_unit


def header_for(view: LayoutView, table: int, row: int, columns: tuple[str, ...]) -> dict[int, str]:
    """Grid column -> catalogue column, from the last header row at or above ``row`` that
    names two of the field's columns at least."""
    for header in reversed(view.headers):
        if (header.table, header.row) > (table, row):
            continue
        hits = match_columns(header.columns, columns)
        if len(hits) >= 2:
            return hits
    return {}


def read_year_row(view: LayoutView, hit: Hit, spec: FieldSpec) -> Finding:
    table, cell = hit.table, hit.cell
    found = Finding(used={cell_place(table, cell)})
    part = view.part_below(cell)
    if part is not None:
        found.used.add(cell_place(*part))
    below = part[1] if part is not None and part[0] is table else None
    unit = printed_unit(cell.text if part is None else f"{cell.text}{part[1].text}")
    header = header_for(view, table.index, cell.row, spec.columns)
    # Columns no header names cannot be placed: that is the reader's failure, not a gap.
    found.unplaced.update(
        f"{spec.label}/{column}" for column in spec.columns if column not in header.values()
    )
    for col, column in header.items():
        target = table.at(cell.row, col)
        if target is None or target is cell:
            continue
        found.used.add(cell_place(table, target))
        text = strip_hint(target.text)
        rest = table.at(below.row, col) if below is not None else None
        if rest is not None and rest is not target and rest.col == col:
            # The row went on atop the next page: a value wrapped there goes on too.
            found.used.add(cell_place(table, rest))
            text += strip_hint(rest.text)
        if text or target.sealed:
            name = f"{spec.label}/{column}"
            spot = replace(Spot.of_cell(table, target, text), unit=unit)
            found.scalars[name] = (spot, hit.match.score)
    return found


__all__ = ["header_for", "read_year_row"]
