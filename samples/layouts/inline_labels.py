"""(a) Label and value in one cell: "联系人：张三", "电话: 138…"."""

from __future__ import annotations

from random import Random

from samples.layouts.common import always, tables
from samples.layouts.pairs import first_line, label_value_pairs
from samples.layouts.registry import Variant
from samples.model import DocSpec, Para
from schemas.catalogue import FormSpec

SEPARATORS = ("：", ":", "： ", ": ")


def apply(doc: DocSpec, form: FormSpec, rng: Random) -> None:
    for table in tables(doc):
        for row in range(table.n_rows):
            for label, value in label_value_pairs(table, row):
                head: Para = [first_line(label) + rng.choice(SEPARATORS), *value.paras[0]]
                label.paras = [head, *value.paras[1:]]
                label.role = "value"
                label.col_span += value.col_span
                table.cells.remove(value)


VARIANT = Variant(
    "inline_labels",
    "label and value in the same cell (联系人：张三 / 电话: 138…), label hints dropped",
    always,
    apply,
)
