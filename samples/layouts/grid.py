"""Building a table cell by cell, with merged cells and the blocks a layout may move."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from samples.model import Block, Box, CellSpec, Inline, Para, Role, TableSpec, Val
from schemas.catalogue import FieldSpec, FieldType, FormSpec
from schemas.record import FlatValue

Values = dict[str, FlatValue]


def paras(text: str) -> list[Para]:
    return [[line] for line in text.split("\n")]


def cell(role: Role, text: str, field: str | None = None) -> CellSpec:
    return CellSpec(row=0, col=0, paras=paras(text), role=role, field=field)


def vertical(text: str) -> str:
    """A group label written one character per line, as in the notice's side columns."""
    return "\n".join(ch for ch in text if not ch.isspace())


class Grid:
    def __init__(self, widths: Sequence[float]) -> None:
        self.widths = list(widths)
        self.cells: list[CellSpec] = []
        self.blocks: list[Block] = []
        self.n_rows = 0

    def row(self, items: Iterable[tuple[CellSpec, int]], start_col: int = 0) -> int:
        """Append a row of (cell, column span) from ``start_col``; returns its index."""
        r = self.n_rows
        col = start_col
        for spec, span in items:
            spec.row, spec.col, spec.col_span = r, col, span
            self.cells.append(spec)
            col += span
        self.n_rows += 1
        return r

    def place(
        self, spec: CellSpec, row: int, col: int, row_span: int = 1, col_span: int = 1
    ) -> None:
        spec.row, spec.col, spec.row_span, spec.col_span = row, col, row_span, col_span
        self.cells.append(spec)

    def group(self, text: str, first_row: int, last_row: int, col: int = 0, span: int = 1) -> None:
        self.place(cell("group", text), first_row, col, last_row - first_row + 1, span)

    def build(self) -> TableSpec:
        n_cols = len(self.widths)
        return TableSpec(self.n_rows, n_cols, self.cells, self.widths, self.blocks)


class Filler:
    """Makes the value cells of one form from its values."""

    def __init__(self, form: FormSpec, values: Values) -> None:
        self.form = form
        self.values = values

    def val(self, label: str, column: str | None = None, *, unit_in_label: bool = True) -> Val:
        spec = self.form.field(label)
        name = label if column is None else f"{label}/{column}"
        unit = "%" if spec.cell_type is FieldType.PERCENT else spec.unit
        return Val(name, spec.cell_type, self.values.get(name), unit, unit_in_label)

    def value(self, label: str, *, unit_in_label: bool = True, hint: str | None = None) -> CellSpec:
        """The value cell of a field; ``hint`` is printed text kept above the value."""
        lines: list[Para] = [[hint]] if hint else []
        lines.append([self.val(label, unit_in_label=unit_in_label)])
        return CellSpec(0, 0, lines, "value", field=label)

    def chosen(self, label: str) -> set[str]:
        value = self.values.get(label)
        if isinstance(value, bool):
            return {"是" if value else "否"}
        if isinstance(value, list):
            return {str(v) for v in value}
        return set() if value is None else {str(value)}

    def boxes(
        self, label: str, lines: Sequence[Sequence[str]], *, after: bool, sep: str = " "
    ) -> CellSpec:
        """Tick boxes laid out as printed: one paragraph per printed line of options."""
        ticked = self.chosen(label)
        out: list[Para] = []
        for line in lines:
            para: Para = []
            for index, option in enumerate(line):
                if index:
                    para.append(sep)
                pieces: list[Inline] = [option, Box(option in ticked)]
                para.extend(pieces if after else reversed(pieces))
            out.append(para)
        return CellSpec(0, 0, out, "value", field=label)

    def spec(self, label: str) -> FieldSpec:
        return self.form.field(label)


def column_header(column: str) -> str:
    return f"{column}年" if column.isdigit() else column


def year_block(
    grid: Grid,
    fill: Filler,
    corner: str,
    rows: Sequence[tuple[str, str]],
    first_col: int,
    label_span: int = 1,
) -> tuple[int, int]:
    """A year table: header row (corner, 2020年, ...) then one row per (label, printed label)."""
    columns = fill.spec(rows[0][0]).columns
    header = [(cell("colheader", corner), label_span)]
    header += [(cell("colheader", column_header(c)), 1) for c in columns]
    first = grid.row(header, first_col)
    for label, printed in rows:
        items = [(cell("label", printed, label), label_span)]
        items += [
            (CellSpec(0, 0, [[fill.val(label, c)]], "value", field=label), 1) for c in columns
        ]
        grid.row(items, first_col)
    last = grid.n_rows - 1
    grid.blocks.append(Block("year", first, last, first_col))
    return first, last


def list_block(
    grid: Grid,
    fill: Filler,
    label: str,
    printed: str,
    headers: Sequence[tuple[str, str, int]],
    min_rows: int,
    first_col: int = 0,
) -> tuple[int, int]:
    """A list table: label cell down the left, a header row, then the data rows.

    ``headers`` are (sub-label, printed header, column span); empty rows are kept up
    to ``min_rows`` as on a blank form.
    """
    value = fill.values.get(label)
    rows = value if isinstance(value, list) else []
    first = grid.row([(cell("colheader", text), span) for _, text, span in headers], first_col + 1)
    for index in range(max(min_rows, len(rows))):
        data = rows[index] if index < len(rows) else None
        items: list[tuple[CellSpec, int]] = []
        for sub, _, span in headers:
            raw = data.get(sub) if isinstance(data, dict) else None
            sub_type = next(s.type for s in fill.spec(label).rows if s.label == sub)
            val = Val(f"{label}[{index}].{sub}", sub_type, raw)
            items.append((CellSpec(0, 0, [[val]], "value", field=label), span))
        grid.row(items, first_col + 1)
    last = grid.n_rows - 1
    grid.place(cell("label", printed, label), first, first_col, last - first + 1, 1)
    grid.blocks.append(Block("list", first, last, first_col))
    return first, last


def section(grid: Grid, fill: Filler, label: str, heading: str, n_cols: int) -> None:
    """A narrative section: a full-width heading row, then the text in a full-width row."""
    first = grid.row([(cell("section", heading, label), n_cols)])
    value = CellSpec(0, 0, [[fill.val(label)]], "value", field=label)
    grid.row([(value, n_cols)])
    grid.blocks.append(Block("section", first, first + 1, 0))


def signature(unit: str) -> list[Para]:
    return [[f"{unit}公章"], [""], ["年    月    日"]]


def opinion(grid: Grid, fill: Filler, label: str, unit: str, value_span: int) -> None:
    """申报单位意见 / 推荐单位意见: the opinion (if any) above the seal line."""
    lines: list[Para] = [[fill.val(label)], [""], *signature(unit)]
    grid.row(
        [
            (cell("label", label, label), 1),
            (CellSpec(0, 0, lines, "value", field=label), value_span),
        ]
    )
