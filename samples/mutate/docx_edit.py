"""The few edits a person re-typing a form makes in Word, on the document's XML.

Cells are ``w:tc`` at any depth (nested tables too), each with its own paragraphs; body
paragraphs are the ``w:p`` directly in ``w:body``. Text is replaced in the first run of a
paragraph, keeping its formatting, so the edited file looks like the original.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass

from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement as _Element

_W_T = qn("w:t")
_W_R = qn("w:r")
_W_P = qn("w:p")
_W_TC = qn("w:tc")
_W_TR = qn("w:tr")
_W_TBL = qn("w:tbl")
_W_PPR = qn("w:pPr")
_W_SECT = qn("w:sectPr")


def paragraph_text(p: _Element) -> str:
    """What a plain paragraph shows (runs directly in it; controls are left alone)."""
    return "".join(t.text or "" for r in p.iterchildren(_W_R) for t in r.iterchildren(_W_T))


def _is_plain(p: _Element) -> bool:
    """Whether every character of the paragraph is in a direct run (editable safely)."""
    shown = "".join(t.text or "" for t in p.iter(_W_T))
    return shown == paragraph_text(p)


@dataclass
class CellRef:
    """One table cell: its row's cells and its place in the row."""

    tc: _Element
    row: list[_Element]
    at: int

    def paragraphs(self) -> list[_Element]:
        return list(self.tc.iterchildren(_W_P))

    def text(self) -> str:
        return "\n".join(paragraph_text(p) for p in self.paragraphs())

    def editable(self) -> bool:
        return all(_is_plain(p) for p in self.paragraphs())

    def set_lines(self, lines: list[str]) -> None:
        set_paragraph_lines(self.tc, self.paragraphs(), lines)


def rows(document: DocxDocument) -> Iterator[list[CellRef]]:
    """Every table row of the document (nested tables too), as cell references."""
    for tr in document.element.body.iter(_W_TR):
        tcs = list(tr.iterchildren(_W_TC))
        yield [CellRef(tc, tcs, i) for i, tc in enumerate(tcs)]


def body_paragraphs(document: DocxDocument) -> list[_Element]:
    return list(document.element.body.iterchildren(_W_P))


def set_text(p: _Element, text: str) -> None:
    """Replace a paragraph's text, keeping the formatting of its first run."""
    runs = list(p.iterchildren(_W_R))
    if not runs:
        run = p.makeelement(_W_R, {})
        p.append(run)
        runs = [run]
    first = runs[0]
    for extra in runs[1:]:
        p.remove(extra)
    for child in list(first):
        if child.tag != qn("w:rPr"):
            first.remove(child)
    t = first.makeelement(_W_T, {})
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    first.append(t)


def set_paragraph_lines(parent: _Element, paragraphs: list[_Element], lines: list[str]) -> None:
    """Write ``lines`` as paragraphs in place of ``paragraphs`` (copies of the first one)."""
    template = paragraphs[0]
    for extra in paragraphs[1:]:
        parent.remove(extra)
    set_text(template, lines[0])
    anchor = template
    for line in lines[1:]:
        clone = copy.deepcopy(template)
        set_text(clone, line)
        anchor.addnext(clone)
        anchor = clone


def append_body_paragraphs(document: DocxDocument, lines: list[str]) -> None:
    """Paragraphs added at the end of the body, after its last table or paragraph."""
    body = document.element.body
    last = next(iter(body.iterchildren(_W_SECT)), None)
    for line in lines:
        p = body.makeelement(_W_P, {})
        set_text(p, line)
        if last is not None:
            last.addprevious(p)
        else:
            body.append(p)


__all__ = [
    "CellRef",
    "append_body_paragraphs",
    "body_paragraphs",
    "paragraph_text",
    "rows",
    "set_paragraph_lines",
    "set_text",
]
