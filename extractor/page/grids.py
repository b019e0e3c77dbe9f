"""Table grids from ruling lines: shared by the PDF reader (vector lines) and the scan reader.

A grid is built from the x positions of the vertical rules and the y positions of the
horizontal ones; two neighbouring slots belong to one (merged) cell when no rule separates
them, so merged cells come out of the line structure alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from extractor.layout import BBox

#: Edges shorter than this (points) are glyph parts or ticks, not table rules.
MIN_RULE = 3.0


@dataclass(frozen=True)
class Rule:
    """A horizontal or vertical line segment: ``pos`` is its y (or x), it runs start..end."""

    horizontal: bool
    pos: float
    start: float
    end: float


@dataclass(frozen=True)
class GridCell:
    row: int
    col: int
    row_span: int
    col_span: int
    bbox: BBox


@dataclass(frozen=True)
class Grid:
    xs: tuple[float, ...]
    ys: tuple[float, ...]
    cells: tuple[GridCell, ...]

    @property
    def bbox(self) -> BBox:
        return (self.xs[0], self.ys[0], self.xs[-1], self.ys[-1])

    def slot_cell(self) -> dict[tuple[int, int], GridCell]:
        covered: dict[tuple[int, int], GridCell] = {}
        for cell in self.cells:
            for r in range(cell.row, cell.row + cell.row_span):
                for c in range(cell.col, cell.col + cell.col_span):
                    covered[(r, c)] = cell
        return covered


def cluster(values: Iterable[float], tol: float) -> list[float]:
    """Values closer than ``tol`` to their neighbour merged into their mean."""
    groups: list[list[float]] = []
    for value in sorted(values):
        if groups and value - groups[-1][-1] <= tol:
            groups[-1].append(value)
        else:
            groups.append([value])
    return [sum(g) / len(g) for g in groups]


class _Sets:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        self.parent[self.find(a)] = self.find(b)

    def groups(self) -> list[list[int]]:
        found: dict[int, list[int]] = {}
        for i in range(len(self.parent)):
            found.setdefault(self.find(i), []).append(i)
        return list(found.values())


def _touch(h: Rule, v: Rule, tol: float) -> bool:
    return h.start - tol <= v.pos <= h.end + tol and v.start - tol <= h.pos <= v.end + tol


def _connected(rules: Sequence[Rule], tol: float) -> list[list[Rule]]:
    sets = _Sets(len(rules))
    horizontal = [i for i, r in enumerate(rules) if r.horizontal]
    vertical = [i for i, r in enumerate(rules) if not r.horizontal]
    for i in horizontal:
        for j in vertical:
            if _touch(rules[i], rules[j], tol):
                sets.union(i, j)
    return [[rules[i] for i in group] for group in sets.groups()]


def _covered(rules: Sequence[Rule], pos: float, lo: float, hi: float, tol: float) -> bool:
    """Whether rules at ``pos`` cover at least half of lo..hi."""
    spans = sorted(
        (max(r.start, lo), min(r.end, hi))
        for r in rules
        if abs(r.pos - pos) <= tol and r.end > lo and r.start < hi
    )
    total, reach = 0.0, lo
    for start, end in spans:
        if end > reach:
            total += end - max(start, reach)
            reach = end
    return total >= 0.5 * (hi - lo)


def _cells(rules: Sequence[Rule], tol: float) -> Grid | None:
    """The cells a connected group of rules draws (one or more); None if it draws none."""
    hs = [r for r in rules if r.horizontal]
    vs = [r for r in rules if not r.horizontal]
    ys = cluster((r.pos for r in hs), tol)
    xs = cluster((r.pos for r in vs), tol)
    if len(xs) < 2 or len(ys) < 2:
        return None
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    sets = _Sets(n_rows * n_cols)
    for r in range(n_rows):
        for c in range(n_cols):
            if c + 1 < n_cols and not _covered(vs, xs[c + 1], ys[r], ys[r + 1], tol):
                sets.union(r * n_cols + c, r * n_cols + c + 1)
            if r + 1 < n_rows and not _covered(hs, ys[r + 1], xs[c], xs[c + 1], tol):
                sets.union(r * n_cols + c, (r + 1) * n_cols + c)
    cells = []
    for group in sets.groups():
        rows = [i // n_cols for i in group]
        cols = [i % n_cols for i in group]
        r0, r1, c0, c1 = min(rows), max(rows) + 1, min(cols), max(cols) + 1
        cells.append(GridCell(r0, c0, r1 - r0, c1 - c0, (xs[c0], ys[r0], xs[c1], ys[r1])))
    cells.sort(key=lambda cell: (cell.row, cell.col))
    return Grid(tuple(xs), tuple(ys), tuple(cells))


def build_grids(rules: Sequence[Rule], tol: float) -> list[Grid]:
    """Every table the rules draw, top to bottom. A lone box is a page frame or a boxed
    note, not a table."""
    return tables_and_boxes(rules, tol)[0]


def tables_and_boxes(rules: Sequence[Rule], tol: float) -> tuple[list[Grid], list[BBox]]:
    """Every table the rules draw, and every box they draw that is no table (one cell) and
    holds none (a boxed note or heading, or a row a page break cut from its table), each
    top to bottom."""
    drawn = [g for group in _connected(rules, tol) if (g := _cells(group, tol)) is not None]
    drawn.sort(key=lambda g: (g.ys[0], g.xs[0]))
    tables = [grid for grid in drawn if len(grid.cells) >= 2]
    boxes = [
        grid.bbox
        for grid in drawn
        if len(grid.cells) == 1 and not any(_holds(grid.bbox, table.bbox) for table in tables)
    ]
    return tables, boxes


def _holds(box: BBox, other: BBox) -> bool:
    return box[0] <= other[0] and other[2] <= box[2] and box[1] <= other[1] and other[3] <= box[3]


__all__ = ["MIN_RULE", "Grid", "GridCell", "Rule", "build_grids", "cluster", "tables_and_boxes"]
