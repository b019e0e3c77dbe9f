"""A narrative section's text: its heading's own lines after the label and the paragraphs
after it, or the top rows of a table right after it (a heading left alone at a page's foot,
its printed hint perhaps cut and going on atop the table).

The section ends at the next label, at a table, or at the closing block (seal, signature
and date lines) that forms print after their last section.
"""

from __future__ import annotations

from extractor.labels import LabelMatch, is_closing_line, strip_hint
from extractor.layout import Block, Paragraph, Table
from extractor.locate.model import Finding, Place, Spot, cell_place
from extractor.locate.view import LayoutView


def read_section(view: LayoutView, blocks: list[Block], i: int, found: LabelMatch) -> Finding:
    head = blocks[i]
    assert isinstance(head, Paragraph)
    finding = Finding(used={head.index})
    # A heading's own lines may be only its printed hint (cut by the page, the rest of it
    # atop the table after): the text is then still to come.
    texts = [found.rest] if strip_hint(found.rest) else []
    for block in blocks[i + 1 :]:
        if isinstance(block, Table):
            if not texts:
                texts = _leading_rows(view, block, finding.used)
            break
        if isinstance(view.match_of(block), LabelMatch) or is_closing_line(block.text):
            break
        finding.used.add(block.index)
        texts.append(block.text)
    text = strip_hint("\n".join(texts))
    if text:
        finding.scalars[found.label] = (Spot.of_paragraph(head, text), found.score)
    return finding


def _leading_rows(view: LayoutView, table: Table, used: set[Place]) -> list[str]:
    texts: list[str] = []
    for r in range(table.n_rows):
        cells = [c for c in table.row_cells(r) if c.row == r]
        if any(view.is_label(c) for c in cells):
            break
        for c in cells:
            if c.text.strip():
                used.add(cell_place(table, c))
                texts.append(c.text)
    return texts


__all__ = ["read_section"]
