"""Positioned text pieces -> cell texts and paragraphs: shared by the PDF and scan readers."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

from extractor.labels import unclosed
from extractor.layout import Block, Cell, Paragraph, Table
from extractor.page.grids import Grid, GridCell


@dataclass(frozen=True)
class Token:
    """A word, a recognised character run or a box mark, in points from the page's top-left."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    score: float = 1.0

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


def text_lines(tokens: Sequence[Token]) -> list[list[Token]]:
    """Tokens grouped into visual lines (top to bottom), each left to right."""
    lines: list[list[Token]] = []
    bounds: list[tuple[float, float]] = []
    for token in sorted(tokens, key=lambda t: (t.cy, t.x0)):
        if lines:
            top, bottom = bounds[-1]
            if top <= token.cy <= bottom:
                lines[-1].append(token)
                bounds[-1] = (min(top, token.top), max(bottom, token.bottom))
                continue
        lines.append([token])
        bounds.append((token.top, token.bottom))
    return [sorted(line, key=lambda t: t.x0) for line in lines]


def _cjk(char: str) -> bool:
    return "\u3000" <= char <= "\u9fff" or "\uff00" <= char <= "\uffef"


def line_text(line: Sequence[Token], space_gap: float) -> str:
    """A line's tokens joined, with a space at wide gaps except between two Chinese characters."""
    parts: list[str] = []
    previous: Token | None = None
    for token in line:
        if not token.text:
            continue
        wide = previous is not None and token.x0 - previous.x1 > space_gap
        if wide and previous and not (_cjk(previous.text[-1]) and _cjk(token.text[0])):
            parts.append(" ")
        parts.append(token.text)
        previous = token
    return "".join(parts).strip()


#: Characters at which a long e-mail address or URL is broken over two lines.
_BREAKS = "-@._/"


#: Marks a line may not open with: a word processor carries the character before them over
#: to the next line too, leaving the line it broke a character or two short of the edge.
#: The recogniser writes a closing quote as an opening one as often as not: both count.
_NO_LINE_START = "”“’‘」』）)】》〉，,。.、；;：:？?！!\"'"


def _width(line: Sequence[Token]) -> float:
    return line[-1].x1 - line[0].x0


def _wraps(
    line: Sequence[Token],
    following: Sequence[Token],
    text: str,
    *,
    left: float | None,
    right: float,
) -> bool:
    """Whether a line runs to the right edge, so that the next one (``following``, which
    reads ``text``) continues it.

    A line the next one outgrows by more than its first word had room for that word, so
    it did not wrap, wherever it ends (a short label centred over a longer value); a line
    centred between ``left`` and ``right`` has its room on both sides."""
    height = sorted(t.bottom - t.top for t in line)[len(line) // 2]
    # The character before a mark no line opens with goes down with it.
    carried = 1.5 * height if any(char in _NO_LINE_START for char in text[:2]) else 0.0
    word = text.split(" ", 1)[0]
    first = height if _cjk(word[0]) else _width(following) * len(word) / len(text)
    if _width(following) - _width(line) > first + carried + height / 4:
        return False
    free = right - line[-1].x1
    before = None if left is None else line[0].x0 - left
    if before is not None and before > 0.75 * height and abs(before - free) <= height / 3:
        free += before
    return free <= 2.0 * height + carried


def _glue(before: str, after: str) -> str:
    """What stood at a line wrap: nothing in Chinese or inside an address, else a space."""
    if _cjk(before[-1]) or _cjk(after[0]) or before[-1] in _BREAKS or after[0] in _BREAKS:
        return ""
    word = before.rsplit(" ", 1)[-1] + after.split(" ", 1)[0]
    return "" if "@" in word or "://" in word else " "


def _address_goes_on(before: str, after: str) -> bool:
    """An e-mail address broken after a hyphen or dot, wherever the line ended."""
    word = before.rsplit(maxsplit=1)[-1]
    return "@" in word and word[-1] in _BREAKS and after[:1].isascii() and after[:1].isalnum()


def joined_text(
    tokens: Sequence[Token],
    space_gap: float,
    right: float | None = None,
    *,
    left: float | None = None,
) -> str:
    """Lines joined by line breaks; a line wrapped at ``right`` joins the next without one,
    so that a wrapped hint, heading or address reads as the one line it was written as.
    ``left``, a cell's left edge, tells a centred line from one that runs to the edge."""
    out = ""
    previous: Sequence[Token] | None = None
    for line in text_lines(tokens):
        text = line_text(line, space_gap)
        if not text:
            continue
        if not out:
            out = text
        elif _address_goes_on(out, text) or (
            right is not None
            and previous is not None
            and (
                _wraps(previous, line, text, left=left, right=right)
                # No paragraph ends inside brackets: a hint broken before a long word goes on.
                or unclosed(out.rsplit("\n", 1)[-1])
            )
        ):
            out += _glue(out, text) + text
        else:
            out += "\n" + text
        previous = line
    return out


def _mean_score(tokens: Sequence[Token]) -> float:
    return sum(t.score for t in tokens) / len(tokens) if tokens else 1.0


def _grid_of(grids: Sequence[Grid], token: Token) -> int | None:
    """The grid the token stands in; of a grid and one nested in its cell, the nested one."""
    holding = [
        i
        for i, grid in enumerate(grids)
        if grid.bbox[0] <= token.cx <= grid.bbox[2] and grid.bbox[1] <= token.cy <= grid.bbox[3]
    ]
    return min(holding, key=lambda i: _area(grids[i].bbox), default=None)


def _area(bbox: tuple[float, float, float, float]) -> float:
    return (bbox[2] - bbox[0]) * (bbox[3] - bbox[1])


def _slot(grid: Grid, token: Token) -> tuple[int, int]:
    row = min(max(bisect.bisect_right(grid.ys, token.cy) - 1, 0), len(grid.ys) - 2)
    col = min(max(bisect.bisect_right(grid.xs, token.cx) - 1, 0), len(grid.xs) - 2)
    return row, col


def _table(grid: Grid, tokens: Sequence[Token], page: int, space_gap: float) -> Table:
    slots = grid.slot_cell()
    by_cell: dict[GridCell, list[Token]] = {cell: [] for cell in grid.cells}
    for token in tokens:
        cell = slots.get(_slot(grid, token))
        if cell is not None:
            by_cell[cell].append(token)
    cells = [
        Cell(
            text=joined_text(found, space_gap, cell.bbox[2], left=cell.bbox[0]),
            row=cell.row,
            col=cell.col,
            row_span=cell.row_span,
            col_span=cell.col_span,
            page=page,
            bbox=cell.bbox,
            confidence=_mean_score(found),
        )
        for cell, found in by_cell.items()
    ]
    return Table(index=0, n_rows=len(grid.ys) - 1, n_cols=len(grid.xs) - 1, cells=cells, page=page)


def _paragraphs(tokens: Sequence[Token], page: int, space_gap: float) -> list[Paragraph]:
    """Lines grouped into paragraphs where the gap between them is small; lines that run to
    the right edge of the text are joined with the next."""
    right = max((t.x1 for t in tokens), default=0.0)
    groups: list[list[list[Token]]] = []
    for line in text_lines(tokens):
        top = min(t.top for t in line)
        height = max(t.bottom for t in line) - top
        if groups:
            last = groups[-1][-1]
            if top - max(t.bottom for t in last) <= 0.6 * height:
                groups[-1].append(line)
                continue
        groups.append([line])
    paragraphs = []
    for group in groups:
        found = [t for line in group for t in line]
        text = joined_text(found, space_gap, right).strip()
        if not text:
            continue
        bbox = (
            min(t.x0 for t in found),
            min(t.top for t in found),
            max(t.x1 for t in found),
            max(t.bottom for t in found),
        )
        paragraphs.append(Paragraph(0, text, page=page, bbox=bbox, confidence=_mean_score(found)))
    return paragraphs


def page_blocks(
    grids: Sequence[Grid], tokens: Sequence[Token], page: int, space_gap: float
) -> list[Block]:
    """Tables and the paragraphs between them, top to bottom, indexes not yet set."""
    in_grid: list[list[Token]] = [[] for _ in grids]
    free: list[Token] = []
    for token in tokens:
        i = _grid_of(grids, token)
        (free if i is None else in_grid[i]).append(token)
    placed: list[tuple[float, Block]] = [
        (grid.ys[0], _table(grid, found, page, space_gap))
        for grid, found in zip(grids, in_grid, strict=True)
    ]
    # A paragraph's lines must not straddle a table: split the free text at table tops.
    cuts = sorted(grid.ys[0] for grid in grids)
    bands: list[list[Token]] = [[] for _ in range(len(cuts) + 1)]
    for token in free:
        bands[bisect.bisect_right(cuts, token.cy)].append(token)
    for band in bands:
        placed.extend((p.bbox[1] if p.bbox else 0.0, p) for p in _paragraphs(band, page, space_gap))
    placed.sort(key=lambda item: item[0])
    return [block for _, block in placed]


def number_blocks(blocks: Sequence[Block]) -> list[Block]:
    """Set table and paragraph indexes in reading order."""
    tables = paragraphs = 0
    for block in blocks:
        if isinstance(block, Table):
            block.index = tables
            tables += 1
        else:
            block.index = paragraphs
            paragraphs += 1
    return list(blocks)


__all__ = ["Token", "joined_text", "line_text", "number_blocks", "page_blocks", "text_lines"]
