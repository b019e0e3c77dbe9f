"""Where each label of a form stands in a layout, and where its value is.

The readers give cells and paragraphs; this module finds the label hits and, for
each kind of field, the cell or text its value was written in:

- a scalar value beside its label, in the same cell after a colon, or below it;
- a year table's cells under the column headers of the nearest header row above
  (or of the previous table, for a table split in two without its header);
- a list table's rows under its header of sub-labels;
- a group of composite labels (孵化科技型企业数量 / 总数, 高新技术企业数 ...);
- a narrative section's paragraphs after its heading.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from extractor.labels import (
    Ambiguous,
    LabelIndex,
    LabelMatch,
    label_key,
    strip_hint,
    unclosed,
)
from extractor.layout import Cell, Layout, Paragraph, Table
from extractor.pairs import PairSplitter, may_hold_pairs, printed_labels
from schemas.catalogue import FieldSpec
from schemas.normalise.columns import column_key, is_year_key, match_columns


@dataclass(frozen=True)
class Spot:
    """Raw text read for one value, with where it was read."""

    text: str
    table: int | None = None
    row: int | None = None
    column: int | None = None
    paragraph: int | None = None
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    confidence: float = 1.0

    @classmethod
    def of_cell(cls, table: Table, cell: Cell, text: str | None = None) -> Spot:
        return cls(
            text=cell.text if text is None else text,
            table=table.index,
            row=cell.row,
            column=cell.col,
            page=cell.page if cell.page is not None else table.page,
            bbox=cell.bbox,
            confidence=cell.confidence,
        )


@dataclass(frozen=True)
class Hit:
    match: LabelMatch
    table: Table | None = None
    cell: Cell | None = None
    paragraph: Paragraph | None = None


@dataclass
class Located:
    """Everything found for one form in one layout."""

    scalars: dict[str, tuple[Spot, float]] = field(default_factory=dict)
    rows: dict[str, list[dict[str, Spot]]] = field(default_factory=dict)
    ambiguous: list[Ambiguous] = field(default_factory=list)


#: How far apart (points) two cell edges may be and still be the same edge.
_EDGE_TOL = 4.0

#: Where a sentence ends: a page-broken cell joined after one starts a new line.
_SENTENCE_ENDS = ("。", "！", "？", "；", ".", "!", "?")

def _header_mapping(table: Table, r: int) -> dict[int, str]:
    """Grid column -> column key, for a row of year headers (two years at least)."""
    mapping = {
        cell.col: key
        for cell in table.row_cells(r)
        if cell.row == r and (key := column_key(cell.text)) is not None
    }
    years = sum(1 for key in mapping.values() if is_year_key(key))
    return mapping if years >= 2 else {}


class Locator:
    def __init__(self, layout: Layout, index: LabelIndex) -> None:
        self.layout = layout
        self.index = index
        self.form = index.form
        self._tables = {t.index: t for t in layout.tables()}
        self._nested = {t.parent: t for t in self._tables.values() if t.parent is not None}
        self._matches: dict[int, LabelMatch | Ambiguous | None] = {}
        self._headers: list[tuple[int, dict[int, str]]] = []
        self._decided: set[str] = set()
        self._splitter: PairSplitter | None = None
        self._printed = printed_labels(index)
        self.found = Located()

    def run(self) -> Located:
        for block in self.layout.blocks:
            if isinstance(block, Table):
                self._scan_table(block)
        self._scan_paragraphs()
        return self.found

    def match_of(self, block: Cell | Paragraph) -> LabelMatch | Ambiguous | None:
        """The label a cell or paragraph starts with; each is matched once."""
        key = id(block)
        if key not in self._matches:
            self._matches[key] = self.index.match(block.text) if block.text.strip() else None
        return self._matches[key]

    def is_label(self, cell: Cell | None) -> bool:
        return cell is not None and isinstance(self.match_of(cell), LabelMatch)

    # -- several pairs on one line -----------------------------------------------

    def _read_pairs(self, text: str, spot_of: Callable[[str], Spot]) -> bool:
        """Read "label：value" pairs when a line holds two or more; whether it did."""
        if not may_hold_pairs(text, self._printed):
            return False
        if self._splitter is None:
            self._splitter = PairSplitter(self.index)
        pairs = self._splitter.split(text)
        for pair in pairs:
            spec = self.form.field(pair.label)
            if spec.is_year_table or spec.is_list_table or pair.label in self._decided:
                continue
            self._decided.add(pair.label)
            if pair.value:
                self.found.scalars[pair.label] = (spot_of(pair.value), 1.0)
        return bool(pairs)

    # -- tables -------------------------------------------------------------

    def _scan_table(self, table: Table) -> None:
        for r in range(table.n_rows):
            self._note_header(table, r)
            for cell in table.row_cells(r):
                if cell.row != r or self._read_pairs(cell.text, partial(_cell_spot, table, cell)):
                    continue
                found = self.match_of(cell)
                if isinstance(found, Ambiguous):
                    self.found.ambiguous.append(found)
                elif found is not None:
                    self._read_hit(Hit(found, table, cell))

    def _note_header(self, table: Table, r: int) -> None:
        mapping = _header_mapping(table, r)
        if mapping:
            self._headers.append((table.index, mapping))

    def _read_hit(self, hit: Hit) -> None:
        label = hit.match.label
        if label in self.index.groups:
            self._read_group(hit, label)
            return
        spec = self.form.field(label)
        if spec.is_year_table:
            self._read_year_row(hit, spec)
        elif spec.is_list_table:
            self._read_list(hit, spec)
        elif label not in self._decided:
            # The first place a label is printed decides its value, even an empty one:
            # the same words later (a list table's column header) are not that field.
            self._decided.add(label)
            spot = self._scalar_spot(hit)
            if spot is not None:
                self.found.scalars[label] = (spot, hit.match.score)

    def _scalar_spot(self, hit: Hit) -> Spot | None:
        """The value of a scalar label: after its colon, else beside or below it, else in
        the lines of its own cell after the printed label."""
        assert hit.table is not None and hit.cell is not None
        table, cell = hit.table, hit.cell
        rest = strip_hint(hit.match.rest)
        if rest and hit.match.colon:
            return Spot.of_cell(table, cell, rest)
        # A value cell beside or below decides, even when empty: the lines after a printed
        # label in its own cell are a value only when there is no such cell.
        right = self._right_of(table, cell)
        if right is not None and not self.is_label(right):
            return self._value_spot(table, right)
        below = table.at(cell.row + cell.row_span, cell.col)
        if below is not None and unclosed(cell.text) and self._continued(table, cell):
            # The label's own row was split by a page break: its aside goes on below it.
            below = table.at(below.row + below.row_span, cell.col)
        if below is not None and not self.is_label(below) and (
            right is None or below.col_span >= cell.col_span
        ):
            return self._value_spot(table, below)
        return Spot.of_cell(table, cell, rest) if rest else None

    def _value_spot(self, table: Table, cell: Cell) -> Spot | None:
        nested = self._nested_in(table, cell)
        if nested is not None:
            text = "\n".join(c.text for c in nested.cells if c.text.strip())
            return Spot.of_cell(table, cell, text)
        text = cell.text
        for part in self._continued(table, cell):
            text += ("\n" if text.rstrip().endswith(_SENTENCE_ENDS) else "") + part.text
        text = strip_hint(text)
        return Spot.of_cell(table, cell, text) if text else None

    def _continued(self, table: Table, cell: Cell) -> list[Cell]:
        """The parts of a cell that a page break split into rows of the pages after it,
        in the same table or at the top of the next one."""
        parts: list[Cell] = []
        current = cell
        left = table.at(cell.row, cell.col - 1) if cell.col else None
        while True:
            below = table.at(current.row + current.row_span, cell.col)
            if below is None and current.row + current.row_span >= table.n_rows:
                below = self._top_of_next_table(table, current)
                if below is None:
                    return parts
                table, cell, left = self._tables[table.index + 1], below, None
            if below is None or not self._continues(table, cell, current, below, left):
                return parts
            parts.append(below)
            current = below

    def _continues(
        self, table: Table, cell: Cell, current: Cell, below: Cell, left: Cell | None
    ) -> bool:
        if (below.col, below.col_span) != (cell.col, cell.col_span):
            return False
        if below.page is None or current.page is None or below.page <= current.page:
            return False
        if not below.text.strip() or self.is_label(below):
            return False
        # The label beside a split row is split too; another label starts another row.
        beside = table.at(below.row, cell.col - 1) if cell.col else None
        return beside is None or beside is left or not self.is_label(beside)

    def _top_of_next_table(self, table: Table, cell: Cell) -> Cell | None:
        """The first cell of the next table when it spans the same width as ``cell``: a
        table broken by a page whose columns below differ is still one table."""
        following = self._tables.get(table.index + 1)
        if following is None or following.parent is not None or not following.cells:
            return None
        top = following.row_cells(0)
        if len(top) != 1 or cell.bbox is None or top[0].bbox is None:
            return None
        edges = zip(top[0].bbox[::2], cell.bbox[::2], strict=True)
        same = all(abs(a - b) <= _EDGE_TOL for a, b in edges)
        return top[0] if same else None

    def _right_of(self, table: Table, cell: Cell) -> Cell | None:
        return table.at(cell.row, cell.col + cell.col_span)

    def _nested_in(self, table: Table, cell: Cell) -> Table | None:
        return self._nested.get((table.index, cell.row, cell.col))

    # -- year tables ----------------------------------------------------------

    def _header_for(self, table: Table, row: int, columns: tuple[str, ...]) -> dict[int, str]:
        for index, mapping in reversed(self._headers):
            if index > table.index:
                continue
            hits = match_columns(mapping, columns)
            if len(hits) >= 2:
                return hits
        return {}

    def _read_year_row(self, hit: Hit, spec: FieldSpec) -> None:
        assert hit.table is not None and hit.cell is not None
        table, cell = hit.table, hit.cell
        header = self._header_for(table, cell.row, spec.columns)
        for col, column in header.items():
            name = f"{spec.label}/{column}"
            target = table.at(cell.row, col)
            if name in self.found.scalars or target is None or target is cell:
                continue
            text = strip_hint(target.text)
            if text:
                self.found.scalars[name] = (Spot.of_cell(table, target, text), hit.match.score)

    # -- composite groups -----------------------------------------------------

    def _read_group(self, hit: Hit, prefix: str) -> None:
        """Sub-labels of a group in the rows its label spans, or in a table nested beside it."""
        assert hit.table is not None and hit.cell is not None
        table, cell = hit.table, hit.cell
        right = self._right_of(table, cell)
        nested = self._nested_in(table, right) if right is not None else None
        if nested is not None:
            self._read_group_rows(nested, range(nested.n_rows), prefix, hit.match.score)
        rows = range(cell.row, min(cell.row + max(cell.row_span, 2), table.n_rows))
        self._read_group_rows(table, rows, prefix, hit.match.score)

    def _read_group_rows(self, table: Table, rows: range, prefix: str, score: float) -> None:
        subs = {label_key(s): s for s in self.index.groups[prefix]}
        for r in rows:
            for sub_cell in table.row_cells(r):
                sub = subs.get(label_key(sub_cell.text)) or subs.get(
                    label_key(sub_cell.text.split("\n")[0])
                )
                name = f"{prefix}/{sub}"
                if sub is None or name in self.found.scalars:
                    continue
                spot = self._sub_value(table, sub_cell, label_key(sub_cell.text))
                if spot is not None:
                    self.found.scalars[name] = (spot, score)

    def _sub_value(self, table: Table, cell: Cell, key: str) -> Spot | None:
        rest = strip_hint("\n".join(cell.text.split("\n")[1:]))
        if rest:
            return Spot.of_cell(table, cell, rest)
        below = table.at(cell.row + cell.row_span, cell.col)
        if below is not None and label_key(below.text) != key and not self._is_sub(below):
            text = strip_hint(below.text)
            return Spot.of_cell(table, below, text) if text else None
        right = self._right_of(table, cell)
        if right is not None and not self._is_sub(right) and not self.is_label(right):
            text = strip_hint(right.text)
            return Spot.of_cell(table, right, text) if text else None
        return None

    def _is_sub(self, cell: Cell) -> bool:
        key = label_key(cell.text)
        return any(key == label_key(s) for subs in self.index.groups.values() for s in subs)

    # -- list tables ----------------------------------------------------------

    def _read_list(self, hit: Hit, spec: FieldSpec) -> None:
        assert hit.table is not None and hit.cell is not None
        if spec.label in self.found.rows:
            return
        table, cell = hit.table, hit.cell
        right = self._right_of(table, cell)
        nested = self._nested_in(table, right) if right is not None else None
        if nested is not None:
            self.found.rows[spec.label] = self._rows_of(nested, spec, 0, nested.n_rows, None)
            return
        header_row = self._sub_header_row(table, cell, spec)
        if header_row is None:
            return
        spans_rows = cell.row_span > 1 and header_row == cell.row
        end = cell.row + cell.row_span if spans_rows else table.n_rows
        self.found.rows[spec.label] = self._rows_of(table, spec, header_row, end, cell)

    def _sub_header_row(self, table: Table, cell: Cell, spec: FieldSpec) -> int | None:
        for r in range(cell.row, min(cell.row + 3, table.n_rows)):
            if len(self._sub_columns(table, r, spec, cell)) >= 2:
                return r
        return None

    def _sub_columns(
        self, table: Table, r: int, spec: FieldSpec, label: Cell | None
    ) -> dict[int, str]:
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
        self, table: Table, spec: FieldSpec, header_row: int, end: int, label: Cell | None
    ) -> list[dict[str, Spot]]:
        columns = self._sub_columns(table, header_row, spec, label)
        rows: list[dict[str, Spot]] = []
        for r in range(header_row + 1, end):
            cells = [c for c in table.row_cells(r) if c is not label]
            if any(self.is_label(c) for c in cells) or _header_mapping(table, r):
                break
            row = {
                columns[c.col]: Spot.of_cell(table, c, strip_hint(c.text))
                for c in cells
                if c.col in columns and strip_hint(c.text)
            }
            if row:
                rows.append(row)
        return rows

    # -- paragraphs -----------------------------------------------------------

    def _scan_paragraphs(self) -> None:
        blocks = self.layout.blocks
        for i, block in enumerate(blocks):
            if not isinstance(block, Paragraph) or not block.text.strip():
                continue
            if self._read_pairs(block.text, partial(_paragraph_spot, block)):
                continue
            found = self.match_of(block)
            if not isinstance(found, LabelMatch) or found.label in self.index.groups:
                continue
            spec = self.form.field(found.label)
            if spec.is_year_table or spec.is_list_table or found.label in self._decided:
                continue
            self._decided.add(found.label)
            spot = self._paragraph_value(blocks, i, found)
            if spot is not None:
                self.found.scalars[found.label] = (spot, found.score)

    def _paragraph_value(
        self, blocks: list[Table | Paragraph], i: int, found: LabelMatch
    ) -> Spot | None:
        """A heading's text: its own lines after the label and the paragraphs after it, or
        the top rows of a table right after it (a heading left alone at a page's foot)."""
        head = blocks[i]
        assert isinstance(head, Paragraph)
        texts = [found.rest] if found.rest else []
        for block in blocks[i + 1 :]:
            if isinstance(block, Table):
                if not texts:
                    texts = self._leading_rows(block)
                break
            if isinstance(self.match_of(block), LabelMatch):
                break
            texts.append(block.text)
        text = strip_hint("\n".join(texts))
        return _paragraph_spot(head, text) if text else None

    def _leading_rows(self, table: Table) -> list[str]:
        texts: list[str] = []
        for r in range(table.n_rows):
            cells = [c for c in table.row_cells(r) if c.row == r]
            if any(self.is_label(c) for c in cells):
                break
            texts.extend(c.text for c in cells if c.text.strip())
        return texts


def _cell_spot(table: Table, cell: Cell, text: str) -> Spot:
    return Spot.of_cell(table, cell, text)


def _paragraph_spot(paragraph: Paragraph, text: str) -> Spot:
    return Spot(
        text=text,
        paragraph=paragraph.index,
        page=paragraph.page,
        bbox=paragraph.bbox,
        confidence=paragraph.confidence,
    )
