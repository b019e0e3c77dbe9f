"""Helpers the variant families share."""

from __future__ import annotations

from collections.abc import Iterator

from samples.model import DocSpec, TableSpec
from schemas.catalogue import FormSpec


def tables(doc: DocSpec) -> Iterator[TableSpec]:
    return (b for b in doc.blocks if isinstance(b, TableSpec))


def has_boxes(form: FormSpec) -> bool:
    return any(
        f.type is not None and f.type.value in ("choice", "multi", "bool") for f in form.fields
    )


def has_year_tables(form: FormSpec) -> bool:
    return any(f.columns for f in form.fields)


def has_blocks(form: FormSpec) -> bool:
    return any(f.columns or f.rows for f in form.fields) or form.key == "innovation_org"


def always(form: FormSpec) -> bool:
    return True
