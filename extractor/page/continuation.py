"""Tables continued on the next page, merged back into one table.

A table that ends a page and one that starts the next with the same column edges are one
table broken by the page; a header row repeated on the continuation is dropped. A scanned
page lies on the glass a little apart from the one before, so its edges may all stand
shifted by up to ``page_shift`` points: the same edges, moved together; a photographed page,
taken a little nearer or farther, stands up to ``page_scale`` larger or smaller.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from extractor.layout import Block, Cell, Paragraph, Table
from extractor.page.compose import number_blocks
from extractor.page.grids import cluster

#: How far apart (points) two column edges may be and still be the same edge.
EDGE_TOL = 4.0
_PAGE_NUMBER = re.compile(r"^[\s\-–—第页共/PpAaGgEe.0-9]*$")


@dataclass(frozen=True)
class Placement:
    """How a continued page's x positions lie on the page before's: ``x * scale + offset``."""

    offset: float = 0.0
    scale: float = 1.0

    def __call__(self, x: float) -> float:
        return x * self.scale + self.offset


#: Where each page of a table joined from pages lies on its first page: page -> placement.
Frames = dict[int, Placement]


def _edges(table: Table, frames: Frames) -> list[float]:
    """The table's column edges, laid on its first page."""
    xs = [_frame(frames, c)(x) for c in table.cells if c.bbox for x in (c.bbox[0], c.bbox[2])]
    return cluster(xs, EDGE_TOL)


def _frame(frames: Frames, cell: Cell) -> Placement:
    return frames.get(cell.page, Placement()) if cell.page is not None else Placement()


def placement(
    a: Sequence[float], b: Sequence[float], *, page_shift: float, page_scale: float = 0.0
) -> Placement | None:
    """How to lay edges ``b`` (the continuation's) on ``a``; None when they are no match.

    A scanned page may stand up to ``page_shift`` points apart from the one before, and a
    photographed one, taken from a little nearer or farther, up to ``page_scale`` (a share)
    larger or smaller: its outer edges then say by how much."""
    if len(a) < 2 or len(b) < 2:
        return None
    lay = Placement()
    if abs(a[0] - b[0]) <= page_shift:
        scale = (a[-1] - a[0]) / (b[-1] - b[0]) if b[-1] > b[0] else 1.0
        scale = scale if abs(scale - 1.0) <= page_scale else 1.0
        lay = Placement(a[0] - b[0] * scale, scale)
    moved = [lay(x) for x in b]
    if abs(a[0] - moved[0]) > EDGE_TOL or abs(a[-1] - moved[-1]) > EDGE_TOL:
        return None
    small, large = (a, moved) if len(a) <= len(moved) else (moved, a)
    return lay if all(any(abs(x - y) <= EDGE_TOL for y in large) for x in small) else None


def _row_texts(table: Table, row: int) -> list[str]:
    return [c.text for c in table.row_cells(row)]


def _merge(first: Table, second: Table, lay: Placement, frames: Frames) -> Table:
    """One table of the two; ``lay`` lays the second's edges on the first's first page, as
    ``frames`` lay each of the first's pages (the cells keep their own page's positions)."""
    edges = cluster([*_edges(first, frames), *(lay(x) for x in _edges(second, {}))], EDGE_TOL)

    def col_of(x: float) -> int:
        return min(range(len(edges)), key=lambda i: abs(edges[i] - x))

    skip = 1 if second.n_rows > 1 and _row_texts(first, 0) == _row_texts(second, 0) else 0
    cells: list[Cell] = []
    for table, offset in ((first, 0), (second, first.n_rows - skip)):
        for cell in table.cells:
            if table is second and cell.row < skip:
                continue
            if cell.bbox is None:
                cells.append(cell)
                continue
            place = lay if table is second else _frame(frames, cell)
            col, end = col_of(place(cell.bbox[0])), col_of(place(cell.bbox[2]))
            cell.row, cell.col, cell.col_span = cell.row + offset, col, max(end - col, 1)
            cells.append(cell)
    n_rows = first.n_rows + second.n_rows - skip
    return Table(first.index, n_rows, len(edges) - 1, cells, page=first.page)


def _ignorable(block: Block) -> bool:
    """Page numbers and running footers between a table and its continuation."""
    return isinstance(block, Paragraph) and bool(_PAGE_NUMBER.match(block.text))


def _edge_lines(blocks: Sequence[Block]) -> list[tuple[Paragraph, str]]:
    """The lines that open or close their page: the first line of a page's first block and
    the last line of its last, where those are paragraphs."""
    by_page: dict[int | None, list[Block]] = {}
    for block in blocks:
        by_page.setdefault(block.page, []).append(block)
    edges: list[tuple[Paragraph, str]] = []
    for page in by_page.values():
        first, last = page[0], page[-1]
        if isinstance(first, Paragraph) and first.text.strip():
            edges.append((first, first.text.strip().splitlines()[0]))
        if isinstance(last, Paragraph) and last.text.strip():
            edges.append((last, last.text.strip().splitlines()[-1]))
    return edges


def _running_key(text: str) -> str:
    return re.sub(r"\s|\d", "", text)


def _without_lines(paragraph: Paragraph, running: set[str]) -> Paragraph | None:
    """The paragraph without its running lines at its ends; None if nothing else is left."""
    lines = paragraph.text.strip().splitlines()
    while lines and _running_key(lines[0]) in running:
        lines.pop(0)
    while lines and _running_key(lines[-1]) in running:
        lines.pop()
    if not lines:
        return None
    return replace(paragraph, text="\n".join(lines))


def drop_running_text(blocks: Sequence[Block]) -> list[Block]:
    """Without the running headers and footers: lines that open or close two pages or more.

    A PDF printed from Word carries the header and footer on every page; they are no
    part of the form (a footer may even read like a label: "联系人：…"). A scan may read a
    header and the title under it as one paragraph: the header's line goes, the title
    stays."""
    edges = _edge_lines(blocks)
    pages_of: dict[str, set[int | None]] = {}
    for paragraph, line in edges:
        pages_of.setdefault(_running_key(line), set()).add(paragraph.page)
    running = {key for key, pages in pages_of.items() if key and len(pages) >= 2}
    at_edges = {id(paragraph) for paragraph, _ in edges}
    kept: list[Block] = []
    for block in blocks:
        if isinstance(block, Paragraph) and id(block) in at_edges:
            rest = _without_lines(block, running)
            if rest is not None:
                kept.append(rest)
            continue
        kept.append(block)
    return kept


def merge_continued(
    blocks: Sequence[Block], *, page_shift: float = 0.0, page_scale: float = 0.0
) -> list[Block]:
    """Blocks in reading order with page-broken tables joined; a page's edges may stand
    ``page_shift`` points apart from the page before's, and ``page_scale`` larger or smaller."""
    merged: list[Block] = []
    pending: list[Block] = []
    # Where the pages of the last block (a table joined from pages) lie on its first.
    frames: Frames = {}
    for block in blocks:
        if _ignorable(block):
            pending.append(block)
            continue
        last = merged[-1] if merged else None
        lay = None
        if (
            isinstance(block, Table)
            and isinstance(last, Table)
            and last.page is not None
            and block.page == last.page + _pages_spanned(last)
        ):
            lay = placement(
                _edges(last, frames),
                _edges(block, {}),
                page_shift=page_shift,
                page_scale=page_scale,
            )
        if isinstance(block, Table) and isinstance(last, Table) and lay is not None:
            # The footers between the halves are dropped with the page break.
            merged[-1] = _merge(last, block, lay, frames)
            frames = {**frames, **{c.page: lay for c in block.cells if c.page}}
        else:
            merged.extend(pending)
            merged.append(block)
            frames = {}
        pending = []
    merged.extend(pending)
    return merged


def _pages_spanned(table: Table) -> int:
    pages = [c.page for c in table.cells if c.page is not None]
    return (max(pages) - table.page + 1) if pages and table.page is not None else 1


def document_blocks(
    blocks: Sequence[Block], *, page_shift: float = 0.0, page_scale: float = 0.0
) -> list[Block]:
    """Every page's blocks -> the document's: running text dropped, broken tables joined,
    indexes set in reading order."""
    joined = merge_continued(
        drop_running_text(blocks), page_shift=page_shift, page_scale=page_scale
    )
    return number_blocks(joined)


#: How far (points) a scanned page may lie shifted from the one before: a few millimetres.
SCAN_PAGE_SHIFT = 20.0
#: How much larger or smaller a photographed page may be than the one before (a share): each
#: page is taken on its own, from a hand's breadth nearer or farther (at 40 cm, 3 cm is 8 %).
SCAN_PAGE_SCALE = 0.08

__all__ = [
    "SCAN_PAGE_SCALE",
    "SCAN_PAGE_SHIFT",
    "Placement",
    "document_blocks",
    "drop_running_text",
    "merge_continued",
    "placement",
]
