"""Where each label of a form stands in a layout, and where its value is.

The readers give cells and paragraphs; ``locate`` finds the label hits over a frozen
view of the layout (``view``) and hands each to the strategy for its kind of field, one
module each:

- ``scalars``: a value beside its label, in the same cell after a colon, or below it
  (``continuation``: the parts of a cell a page break moved on), and two labels run
  together in a cell over their two values;
- ``year_tables``: a row's cells under the column headers of the nearest header row;
- ``lists``: a list table's rows under its header of sub-labels;
- ``groups``: composite labels (孵化科技型企业数量 / 总数 ...);
- ``paragraphs``: a narrative section's paragraphs after its heading;
- ``inline``: several "label：value" pairs on one line.

The first place a label is printed decides a scalar's value, even an empty one. What no
strategy took is listed by ``coverage``.
"""

from __future__ import annotations

from functools import partial

from extractor.labels import Ambiguous, LabelIndex, LabelMatch
from extractor.layout import Layout, Paragraph, Table
from extractor.locate.coverage import unread_spots
from extractor.locate.groups import read_group
from extractor.locate.inline import read_pairs
from extractor.locate.lists import read_list
from extractor.locate.model import Hit, Located, Spot, cell_place
from extractor.locate.paragraphs import read_section
from extractor.locate.scalars import read_joined, read_scalar
from extractor.locate.view import LayoutView, view_of
from extractor.locate.year_tables import read_year_row


def locate(layout: Layout, index: LabelIndex) -> Located:
    """Every value of ``index``'s form found in ``layout``, and the text none took."""
    view = view_of(layout, index)
    located = Located()
    decided: set[str] = set()
    for block in layout.blocks:
        if isinstance(block, Table):
            _scan_table(view, block, located, decided)
    _scan_paragraphs(view, located, decided)
    for header in view.headers:
        table = view.tables[header.table]
        located.used.update(cell_place(table, c) for c in table.row_cells(header.row))
    located.unread = unread_spots(view, located.used)
    return located


def _scan_table(view: LayoutView, table: Table, located: Located, decided: set[str]) -> None:
    for r in range(table.n_rows):
        for cell in table.row_cells(r):
            if cell.row != r:
                continue
            pairs = read_pairs(view, cell.text, partial(Spot.of_cell, table, cell), decided)
            if pairs is not None:
                pairs.used.add(cell_place(table, cell))
                located.add(pairs)
                continue
            joined = read_joined(view, table, cell, decided=decided)
            if joined is not None:
                located.add(joined)
                continue
            found = view.match_of(cell)
            if isinstance(found, Ambiguous):
                located.ambiguous.append(found)
            elif found is not None:
                _read_hit(view, Hit(found, table, cell), located, decided)


def _read_hit(view: LayoutView, hit: Hit, located: Located, decided: set[str]) -> None:
    label = hit.match.label
    if label in view.index.groups:
        located.add(read_group(view, hit, label))
        return
    spec = view.form.field(label)
    if spec.is_year_table:
        located.add(read_year_row(view, hit, spec))
    elif spec.is_list_table:
        if label not in located.rows:
            located.add(read_list(view, hit, spec))
    elif label not in decided:
        # The same words printed later (a list table's column header) are not that field.
        decided.add(label)
        located.add(read_scalar(view, hit, decided=decided))


def _scan_paragraphs(view: LayoutView, located: Located, decided: set[str]) -> None:
    blocks = view.layout.blocks
    for i, block in enumerate(blocks):
        if not isinstance(block, Paragraph) or not block.text.strip():
            continue
        pairs = read_pairs(view, block.text, partial(Spot.of_paragraph, block), decided)
        if pairs is not None:
            pairs.used.add(block.index)
            located.add(pairs)
            continue
        found = view.match_of(block)
        if not isinstance(found, LabelMatch) or found.label in view.index.groups:
            continue
        spec = view.form.field(found.label)
        if spec.is_year_table or spec.is_list_table or found.label in decided:
            continue
        decided.add(found.label)
        located.add(read_section(view, blocks, i, found))


__all__ = ["Located", "Spot", "locate"]
