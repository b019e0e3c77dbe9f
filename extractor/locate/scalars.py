"""A scalar value beside its label, in the same cell after a colon, or below it."""

from __future__ import annotations

from dataclasses import replace

from extractor.labels import fold, label_key, strip_hint, unclosed
from extractor.layout import Cell, Table
from extractor.locate.continuation import continued
from extractor.locate.model import Finding, Hit, Spot, cell_place
from extractor.locate.view import LayoutView
from schemas.normalise.numbers import printed_unit

#: Where a sentence ends: a page-broken cell joined after one starts a new line.
SENTENCE_ENDS = ("。", "！", "？", "；", ".", "!", "?")
#: How sure a value is whose label was one of two run together in a cell: the columns were
#: inferred from the cells below.
JOINED_SCORE = 0.9


def read_scalar(view: LayoutView, hit: Hit, *, decided: set[str]) -> Finding:
    """The value of a scalar label: after its colon, else beside it, else run on after it
    on its line or below it, else in the lines of its own cell after the printed label
    (also when the cell beside is empty). A value cell found empty is a place found (the
    field is missing); no place at all is ``unplaced``. Labels with a colon after the
    value in its cell, printed nowhere else and not in ``decided``, are read there too and
    added to ``decided``."""
    table, cell, label = hit.table, hit.cell, hit.match.label
    found = Finding(used={cell_place(table, cell)})
    rest = strip_hint(hit.match.rest)
    if rest and hit.match.colon:
        found.scalars[label] = (Spot.of_cell(table, cell, rest), hit.match.score)
        return found
    part = view.part_below(cell)
    if part is not None:
        found.used.add(cell_place(*part))
    target = _value_cell(view, table, cell)
    if rest and hit.match.glued and (target is None or target[1] is not view.right_of(table, cell)):
        # The value ran on after the label, the rule between them lost: the cell below is
        # another row's.
        target = None
    if target is not None:
        spot = value_spot(view, *target, found)
        if spot is None and rest:
            # The value typed under the label in its own cell, the cell beside left empty.
            spot = Spot.of_cell(table, cell, rest)
        if spot is not None:
            spot = replace(spot, unit=printed_unit(cell.text))
            found.scalars[label] = (spot, hit.match.score)
            _pairs_after(view, found, label, decided)
            _label_run_on(view, found, label, target, decided)
    elif rest:
        found.scalars[label] = (Spot.of_cell(table, cell, rest), hit.match.score)
    elif not hit.match.colon:
        # "联系人：" with nothing after the colon is a place found empty; a bare label
        # with no cell beside or below it is a place not found.
        found.unplaced.add(label)
    return found


def read_joined(view: LayoutView, table: Table, cell: Cell, *, decided: set[str]) -> Finding | None:
    """Two labels in one cell, run together (联系人电话: the rule between their cells lost
    under a seal on a copy), over as many cells of the row below, which tile it: each label's
    value is the cell under it. None for any other cell; labels in ``decided`` are not
    taken, and those read are added to it."""
    labels = _two_labels(view, cell.text)
    if labels is None or decided.intersection(labels):
        return None
    below = view.cells_under(table, cell)
    if len(below) != len(labels) or any(view.is_label(c) for c in below):
        return None
    found = Finding(used={cell_place(table, cell)})
    for label, under in zip(labels, below, strict=True):
        decided.add(label)
        spot = value_spot(view, table, under, found)
        if spot is not None:
            found.scalars[label] = (spot, JOINED_SCORE)
    return found


def _two_labels(view: LayoutView, text: str) -> tuple[str, str] | None:
    """The two scalar labels the text is, one right after the other, each whole."""
    key = label_key(text)
    keys = view.index.keys
    for cut in range(1, len(key)):
        first, second = keys.get(key[:cut]), keys.get(key[cut:])
        if first is None or second is None or first == second:
            continue
        if all(_is_scalar(view, label) for label in (first, second)):
            return first, second
    return None


def _is_scalar(view: LayoutView, label: str) -> bool:
    return label not in view.index.groups and not _is_table(view, label)


def _pairs_after(view: LayoutView, found: Finding, label: str, decided: set[str]) -> None:
    """A one-line value followed by other fields' "label：value" (宋建国 电话：0571-…): a
    copy that loses the border between their cells joins them. Only labels printed nowhere
    else as a label are taken, so a value never takes a field from its own cell."""
    spot, score = found.scalars[label]
    split = view.splitter().after_value(spot.text) if "\n" not in spot.text.strip() else None
    if split is None:
        return
    head, pairs = split
    taken = [
        pair
        for pair in pairs
        if pair.label not in decided
        and pair.label not in view.started
        and not _is_table(view, pair.label)
    ]
    if len(taken) < len(pairs):
        return
    found.scalars[label] = (replace(spot, text=head), score)
    for pair in taken:
        decided.add(pair.label)
        if pair.value:
            found.scalars[pair.label] = (replace(spot, text=pair.value), 1.0)


def _label_run_on(
    view: LayoutView, found: Finding, label: str, target: tuple[Table, Cell], decided: set[str]
) -> None:
    """A one-line value with the next field's label run on after it and that field's value
    in the cell beside (刘娜电话 | 17951361354: the rule between the value and the label lost
    under a seal): the label takes the cell beside. Only a scalar label printed nowhere else
    as a label, whose key the value ends with, and a cell beside that is no label."""
    spot, score = found.scalars[label]
    table, cell = target
    beside = view.right_of(table, cell)
    if "\n" in spot.text.strip() or beside is None or view.is_label(beside):
        return
    key = label_key(spot.text)
    for cut in range(1, len(key) - 1):
        other = view.index.keys.get(key[cut:])
        if other is None or other == label or other in decided or other in view.started:
            continue
        if not _is_scalar(view, other) or not fold(spot.text).endswith(key[cut:]):
            continue
        head = _before_key(spot.text, len(key) - cut)
        tail = value_spot(view, table, beside, found)
        if not head or tail is None:
            return
        decided.add(other)
        found.scalars[label] = (replace(spot, text=head), min(score, JOINED_SCORE))
        found.scalars[other] = (tail, JOINED_SCORE)
        return


def _before_key(text: str, length: int) -> str:
    """The text before its last ``length`` characters of key (white space not counted)."""
    kept = text.rstrip()
    while length and kept:
        if not kept[-1].isspace():
            length -= 1
        kept = kept[:-1]
    return kept.rstrip()


def _is_table(view: LayoutView, label: str) -> bool:
    spec = view.form.field(label)
    return spec.is_year_table or spec.is_list_table


def _value_cell(view: LayoutView, table: Table, cell: Cell) -> tuple[Table, Cell] | None:
    # A value cell beside or below decides, even when empty: the lines after a printed
    # label in its own cell are a value only when there is no such cell.
    right = view.right_of(table, cell)
    if right is not None and not view.is_label(right):
        return table, right
    part = view.part_below(cell)
    if part is not None:
        # A page break split the label's own row: its value is under the part it moved on.
        table, cell = part
    under = view.under(table, cell)
    if under is not None and unclosed(cell.text) and continued(view, table, cell):
        # The label's own row was split by a page break: its aside goes on below it.
        under = view.under(*under)
    if under is None or view.is_label(under[1]):
        return None
    return under if right is None or under[1].col_span >= cell.col_span else None


def value_spot(view: LayoutView, table: Table, cell: Cell, found: Finding) -> Spot | None:
    """A value cell's text (a nested table's, the parts a page break moved on), hint
    removed; the cells read are added to ``found.used``."""
    found.used.add(cell_place(table, cell))
    nested = view.nested_in(table, cell)
    if nested is not None:
        found.used.update(cell_place(nested, c) for c in nested.cells)
        text = "\n".join(c.text for c in nested.cells if c.text.strip())
        return Spot.of_cell(table, cell, text)
    text = cell.text
    for part_table, part in continued(view, table, cell):
        found.used.add(cell_place(part_table, part))
        text += ("\n" if text.rstrip().endswith(SENTENCE_ENDS) else "") + part.text
    text = strip_hint(text)
    # An empty-looking cell under a seal is a value not seen, not a place found empty.
    return Spot.of_cell(table, cell, text) if text or cell.sealed else None


__all__ = ["JOINED_SCORE", "SENTENCE_ENDS", "read_joined", "read_scalar", "value_spot"]
