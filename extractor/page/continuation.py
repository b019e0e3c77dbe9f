"""Tables continued on the next page, merged back into one table.

A table that ends a page and one that starts the next with the same column edges are one
table broken by the page; a header row repeated on the continuation is dropped. A scanned
page lies on the glass a little apart from the one before, so its edges may all stand
shifted by up to ``page_shift`` points: the same edges, moved together.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from extractor.layout import Block, Cell, Paragraph, Table
from extractor.page.compose import number_blocks
from extractor.page.grids import cluster

#: How far apart (points) two column edges may be and still be the same edge.
EDGE_TOL = 4.0
_PAGE_NUMBER = re.compile(r"^[\s\-–—第页共/PpAaGgEe.0-9]*$")


def _edges(table: Table) -> list[float]:
    xs = [x for c in table.cells if c.bbox for x in (c.bbox[0], c.bbox[2])]
    return cluster(xs, EDGE_TOL)


def _offset(a: list[float], b: list[float], page_shift: float) -> float | None:
    """What to add to ``b``'s edges to lay them on ``a``'s; None when they are no match."""
    if len(a) < 2 or len(b) < 2:
        return None
    offset = a[0] - b[0] if abs(a[0] - b[0]) <= page_shift else 0.0
    moved = [x + offset for x in b]
    if abs(a[0] - moved[0]) > EDGE_TOL or abs(a[-1] - moved[-1]) > EDGE_TOL:
        return None
    small, large = (a, moved) if len(a) <= len(moved) else (moved, a)
    return offset if all(any(abs(x - y) <= EDGE_TOL for y in large) for x in small) else None


def _row_texts(table: Table, row: int) -> list[str]:
    return [c.text for c in table.row_cells(row)]


def _merge(first: Table, second: Table, offset: float) -> Table:
    """One table of the two; ``offset`` lays the second's edges on the first's (its cells
    keep their own page's positions)."""
    edges = cluster([*_edges(first), *(x + offset for x in _edges(second))], EDGE_TOL)

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
            shift = offset if table is second else 0.0
            col, end = col_of(cell.bbox[0] + shift), col_of(cell.bbox[2] + shift)
            cell.row, cell.col, cell.col_span = cell.row + offset, col, max(end - col, 1)
            cells.append(cell)
    n_rows = first.n_rows + second.n_rows - skip
    return Table(first.index, n_rows, len(edges) - 1, cells, page=first.page)


def _ignorable(block: Block) -> bool:
    """Page numbers and running footers between a table and its continuation."""
    return isinstance(block, Paragraph) and bool(_PAGE_NUMBER.match(block.text))


def _edge_blocks(blocks: Sequence[Block]) -> list[Paragraph]:
    """The paragraphs that open or close their page."""
    by_page: dict[int | None, list[Block]] = {}
    for block in blocks:
        by_page.setdefault(block.page, []).append(block)
    edges = [b for page in by_page.values() for b in (page[0], page[-1])]
    return [b for b in edges if isinstance(b, Paragraph)]


def _running_key(paragraph: Paragraph) -> str:
    return re.sub(r"\s|\d", "", paragraph.text)


def drop_running_text(blocks: Sequence[Block]) -> list[Block]:
    """Without the running headers and footers: text that opens or closes two pages or more.

    A PDF printed from Word carries the header and footer on every page; they are no
    part of the form (a footer may even read like a label: "联系人：…")."""
    pages_of: dict[str, set[int | None]] = {}
    for paragraph in _edge_blocks(blocks):
        pages_of.setdefault(_running_key(paragraph), set()).add(paragraph.page)
    running = {key for key, pages in pages_of.items() if key and len(pages) >= 2}
    edges = {id(p) for p in _edge_blocks(blocks)}
    return [
        b
        for b in blocks
        if not (isinstance(b, Paragraph) and id(b) in edges and _running_key(b) in running)
    ]


def merge_continued(blocks: Sequence[Block], *, page_shift: float = 0.0) -> list[Block]:
    """Blocks in reading order with page-broken tables joined; a page's edges may stand
    ``page_shift`` points apart from the page before's."""
    merged: list[Block] = []
    pending: list[Block] = []
    for block in blocks:
        if _ignorable(block):
            pending.append(block)
            continue
        last = merged[-1] if merged else None
        offset = (
            _offset(_edges(last), _edges(block), page_shift)
            if isinstance(block, Table)
            and isinstance(last, Table)
            and last.page is not None
            and block.page == last.page + _pages_spanned(last)
            else None
        )
        if isinstance(block, Table) and isinstance(last, Table) and offset is not None:
            # The footers between the halves are dropped with the page break.
            merged[-1] = _merge(last, block, offset)
        else:
            merged.extend(pending)
            merged.append(block)
        pending = []
    merged.extend(pending)
    return merged


def _pages_spanned(table: Table) -> int:
    pages = [c.page for c in table.cells if c.page is not None]
    return (max(pages) - table.page + 1) if pages and table.page is not None else 1


def document_blocks(blocks: Sequence[Block], *, page_shift: float = 0.0) -> list[Block]:
    """Every page's blocks -> the document's: running text dropped, broken tables joined,
    indexes set in reading order."""
    return number_blocks(merge_continued(drop_running_text(blocks), page_shift=page_shift))


#: How far (points) a scanned page may lie shifted from the one before: a few millimetres.
SCAN_PAGE_SHIFT = 20.0

__all__ = ["SCAN_PAGE_SHIFT", "document_blocks", "drop_running_text", "merge_continued"]
