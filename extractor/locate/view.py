"""A layout as the strategies read it: frozen, with every label match made once."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from extractor.labels import Ambiguous, LabelIndex, LabelMatch, hint_tail
from extractor.layout import Cell, Layout, Paragraph, Table
from extractor.page.continuation import SCAN_PAGE_SCALE, SCAN_PAGE_SHIFT, placement
from extractor.pairs import PairSplitter, printed_labels
from schemas.catalogue import FormSpec
from schemas.normalise.columns import column_key, is_year_key

Match = LabelMatch | Ambiguous | None


@dataclass(frozen=True)
class Header:
    """A row of year headers: grid column -> column key (2021, 2022H1, 平均值)."""

    table: int
    row: int
    columns: Mapping[int, str]


@dataclass(frozen=True)
class LayoutView:
    layout: Layout
    index: LabelIndex
    tables: Mapping[int, Table]
    #: (parent table, row, col) -> the table nested in that cell.
    nested: Mapping[tuple[int, int, int], Table]
    #: id of a cell or paragraph -> the label it starts with.
    matches: Mapping[int, Match]
    #: Year-header rows in reading order.
    headers: tuple[Header, ...]
    printed: frozenset[str]
    #: id of a label cell that a page break split -> its part atop the next page, with the
    #: table that part is in.
    split_below: Mapping[int, tuple[Table, Cell]]
    #: The labels some cell or paragraph starts with.
    started: frozenset[str]

    @property
    def form(self) -> FormSpec:
        return self.index.form

    def match_of(self, block: Cell | Paragraph) -> Match:
        return self.matches.get(id(block))

    def is_label(self, cell: Cell | None) -> bool:
        return cell is not None and isinstance(self.match_of(cell), LabelMatch)

    def part_below(self, cell: Cell) -> tuple[Table, Cell] | None:
        """The rest of a label a page break split, atop the next page, and its table (the
        same one, or the next); None if whole."""
        return self.split_below.get(id(cell))

    def under(self, table: Table, cell: Cell) -> tuple[Table, Cell] | None:
        """The cell under ``cell`` and its table (the next one, under a last row)."""
        return cell_under(self.tables, self.layout.kind, table, cell)

    def cells_under(self, table: Table, cell: Cell) -> list[Cell]:
        """The cells of the row below ``cell`` that lie under it and fill its width
        exactly, left to right; none when they do not."""
        r = cell.row + cell.row_span
        under = sorted(
            (
                c
                for c in table.row_cells(r)
                if c.row == r and cell.col <= c.col < cell.col + cell.col_span
            ),
            key=lambda c: c.col,
        )
        if sum(c.col_span for c in under) != cell.col_span or (under and under[0].col != cell.col):
            return []
        return under

    def right_of(self, table: Table, cell: Cell) -> Cell | None:
        return table.at(cell.row, cell.col + cell.col_span)

    def nested_in(self, table: Table, cell: Cell) -> Table | None:
        return self.nested.get((table.index, cell.row, cell.col))

    def splitter(self) -> PairSplitter:
        return _splitter(self.form)


@cache
def _splitter(form: FormSpec) -> PairSplitter:
    from extractor.labels import label_index

    return PairSplitter(label_index(form))


def header_columns(table: Table, r: int) -> dict[int, str]:
    """Grid column -> column key, for a row of year headers (two years at least)."""
    mapping: dict[int, str] = {}
    for cell in table.row_cells(r):
        if cell.row == r:
            mapping.update(_cell_columns(cell))
    years = sum(1 for key in mapping.values() if is_year_key(key))
    return mapping if years >= 2 else {}


def _cell_columns(cell: Cell) -> dict[int, str]:
    """A header cell's grid column -> column key; a cell over k columns whose text is k
    keys (2020年 2021年: the rule between two header cells lost on a scan) gives each of
    its columns its key, in order."""
    key = column_key(cell.text)
    if key is not None:
        return {cell.col: key}
    keys = [column_key(part) for part in cell.text.split()]
    if cell.col_span < 2 or len(keys) != cell.col_span or None in keys:
        return {}
    return {cell.col + i: k for i, k in enumerate(keys) if k is not None}


def _next_table_top(
    tables: Mapping[int, Table], kind: str, table: Table, cell: Cell
) -> Cell | None:
    """The first cell of the table after ``table`` when it spans the same width as ``cell``:
    a table broken by a page whose columns below differ is still one table."""
    following = tables.get(table.index + 1)
    if following is None or following.parent is not None or not following.cells:
        return None
    top = following.row_cells(0)
    if len(top) != 1 or cell.bbox is None or top[0].bbox is None:
        return None
    # A scanned page lies a little apart from the one before: its edges move together (and
    # a photographed one may be a little larger or smaller).
    scan = kind == "scan"
    lay = placement(
        cell.bbox[::2],
        top[0].bbox[::2],
        page_shift=SCAN_PAGE_SHIFT if scan else 0.0,
        page_scale=SCAN_PAGE_SCALE if scan else 0.0,
    )
    return top[0] if lay is not None else None


def cell_under(
    tables: Mapping[int, Table], kind: str, table: Table, cell: Cell
) -> tuple[Table, Cell] | None:
    """The cell under ``cell`` and its table: in the same table, or, under its last row, atop
    the next table when that spans the same width."""
    below = table.at(cell.row + cell.row_span, cell.col)
    if below is not None:
        return table, below
    if cell.row + cell.row_span < table.n_rows:
        return None
    top = _next_table_top(tables, kind, table, cell)
    return None if top is None else (tables[table.index + 1], top)


def _next_part(
    tables: Mapping[int, Table], kind: str, table: Table, cell: Cell
) -> tuple[Table, Cell] | None:
    """The cell under ``cell`` on a later page, if it holds text."""
    under = cell_under(tables, kind, table, cell)
    if under is None:
        return None
    below = under[1]
    if below.col != cell.col or not below.text.strip():
        return None
    if cell.page is None or below.page is None or below.page <= cell.page:
        return None
    return under


def _split_label(
    index: LabelIndex,
    tables: Mapping[int, Table],
    kind: str,
    table: Table,
    cell: Cell,
    matches: Mapping[int, Match],
) -> tuple[Table, Cell, LabelMatch] | None:
    """The part atop the next page of a label a page break split, its table, and the label
    whole: the two parts read together as a longer label than the first alone (研发 |
    团队素质, 主营业务 | 利润增长率/%), the second alone as none; or the label whole above
    and the end of its printed hint below (…职业道 | 德、保密义务与责任等（1000字以内）,
    …（1000字 | 以内）)."""
    part = _next_part(tables, kind, table, cell)
    if part is None:
        return None
    below = part[1]
    second = matches.get(id(below))
    alone = matches.get(id(cell))
    if (
        isinstance(alone, LabelMatch)
        and not alone.rest
        and second is None
        and hint_tail(below.text, after=cell.text)
    ):
        return part[0], below, alone
    whole = index.match(f"{cell.text}\n{below.text}")
    if not isinstance(whole, LabelMatch) or whole.score < 1.0 or whole.rest:
        return None
    # The second part alone is no label, or the same one read fuzzily from its tail.
    if second is not None and not (isinstance(second, LabelMatch) and second.label == whole.label):
        return None
    # The first part alone may read as the label already, but fuzzily (主营业务 ~
    # 主营业务利润增长率): the whole is then sure, and its row goes on below.
    if isinstance(alone, LabelMatch):
        same = alone.label == whole.label
        if alone.score >= whole.score if same else len(alone.label) >= len(whole.label):
            return None
    return part[0], below, whole


def view_of(layout: Layout, index: LabelIndex) -> LayoutView:
    tables = {t.index: t for t in layout.tables()}
    matches: dict[int, Match] = {}
    headers: list[Header] = []
    split_below: dict[int, tuple[Table, Cell]] = {}
    for table in tables.values():
        for cell in table.cells:
            matches[id(cell)] = index.match(cell.text) if cell.text.strip() else None
    for table in tables.values():
        for cell in table.cells:
            split = (
                _split_label(index, tables, layout.kind, table, cell, matches)
                if cell.text.strip()
                else None
            )
            if split is not None:
                below_table, below, matches[id(cell)] = split
                matches[id(below)] = None
                split_below[id(cell)] = (below_table, below)
        for r in range(table.n_rows):
            columns = header_columns(table, r)
            if columns:
                headers.append(Header(table.index, r, columns))
    for paragraph in layout.paragraphs():
        matches[id(paragraph)] = index.match(paragraph.text) if paragraph.text.strip() else None
    return LayoutView(
        layout=layout,
        index=index,
        tables=tables,
        nested={t.parent: t for t in tables.values() if t.parent is not None},
        matches=matches,
        headers=tuple(headers),
        printed=printed_labels(index),
        split_below=split_below,
        started=frozenset(m.label for m in matches.values() if isinstance(m, LabelMatch)),
    )


__all__ = ["Header", "LayoutView", "cell_under", "header_columns", "view_of"]
