"""The text of a layout that no field took: what a reviewer must look at by hand.

Printed labels, fill-in hints, the title and the seal and date lines are not values and
are left out; every other non-empty cell and paragraph that no strategy read is listed.
On a form read correctly the list is empty.
"""

from __future__ import annotations

from extractor.labels import LabelMatch, fold, is_closing_line, label_key, strip_hint
from extractor.layout import Cell, Paragraph, Table
from extractor.locate.model import Place, Spot, cell_place
from extractor.locate.view import LayoutView

#: What forms print where a table goes on after a page break.
CONTINUED_MARKS = frozenset({"续上表", "续表", "接上页", "接上表", "续"})


def unread_spots(view: LayoutView, used: set[Place]) -> list[Spot]:
    """Spots of every cell and paragraph with text that is neither used nor printed."""
    printed = {label_key(text) for text in view.form.printed} | CONTINUED_MARKS
    unread: list[Spot] = []
    for block in view.layout.blocks:
        if isinstance(block, Paragraph):
            if block.index not in used and _is_written(view, block, printed):
                unread.append(Spot.of_paragraph(block, block.text.strip()))
            continue
        for cell in block.cells:
            if cell_place(block, cell) in used or _label_goes_on(view, block, cell):
                continue
            if _is_written(view, cell, printed):
                unread.append(Spot.of_cell(block, cell, cell.text.strip()))
    return unread


def _label_goes_on(view: LayoutView, table: Table, cell: Cell) -> bool:
    """The end of the label above, moved into this cell by a page break (…优势竞 / 争力)."""
    above = table.at(cell.row - 1, cell.col) if cell.row else None
    found = view.match_of(above) if above is not None and above is not cell else None
    key = label_key(cell.text)
    return isinstance(found, LabelMatch) and bool(key) and label_key(found.label).endswith(key)


def _is_written(view: LayoutView, block: Cell | Paragraph, printed: set[str]) -> bool:
    text = block.text
    if not text.strip() or view.match_of(block) is not None:
        return False
    if is_closing_line(text) or not strip_hint(text):
        return False
    return label_key(text) not in printed and not _is_title(view, text)


def _is_title(view: LayoutView, text: str) -> bool:
    folded = fold(text)
    return "科创中国" in folded and view.form.list in folded


__all__ = ["unread_spots"]
