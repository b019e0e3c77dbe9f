"""(d) Narrative sections as "Heading 2" paragraphs and body text outside the tables."""

from __future__ import annotations

from random import Random

from samples.layouts.registry import Variant
from samples.layouts.reshape import split_table
from samples.model import DocBlock, DocSpec, Para, ParaSpec, TableSpec, Val
from schemas.catalogue import FormSpec


def _section_paragraphs(table: TableSpec, first: int) -> list[ParaSpec]:
    heading = next(c for c in table.starting_in(first))
    body = next(c for c in table.starting_in(first + 1))
    lines = heading.text().split("\n")
    out = [ParaSpec([[lines[0]]], style="Heading 2")]
    out += [ParaSpec([[line]]) for line in lines[1:]]
    vals: list[Para] = [[p for p in para if isinstance(p, Val)] for para in body.paras]
    out += [ParaSpec([para]) for para in vals if para]
    return out


def _unfold(table: TableSpec) -> list[DocBlock]:
    """The table with each run of section rows taken out as paragraphs."""
    sections = sorted((b for b in table.blocks if b.kind == "section"), key=lambda b: b.first_row)
    if not sections:
        return [table]
    first = sections[0].first_row
    run_end = first
    paragraphs: list[ParaSpec] = []
    for block in sections:
        if block.first_row != run_end:
            break
        paragraphs += _section_paragraphs(table, block.first_row)
        run_end = block.last_row + 1
    out: list[DocBlock] = []
    rest = table
    if first > 0:
        head, rest = split_table(table, first, keep_text=False)
        out.append(head)
    out += paragraphs
    taken = run_end - first
    if taken < rest.n_rows:
        _, tail = split_table(rest, taken, keep_text=False)
        out += _unfold(tail)
    return out


def apply(doc: DocSpec, form: FormSpec, rng: Random) -> None:
    blocks: list[DocBlock] = []
    for block in doc.blocks:
        blocks += _unfold(block) if isinstance(block, TableSpec) else [block]
    doc.blocks = blocks


def applies(form: FormSpec) -> bool:
    return any(f.type is not None and f.type.value == "longtext" for f in form.fields)


VARIANT = Variant(
    "headings",
    "narrative sections as Word Heading 2 paragraphs with body paragraphs outside the tables",
    applies,
    apply,
)
