"""Required fields left empty: every year-table cell, at least one row of a list table."""

from __future__ import annotations

from schemas.catalogue import FieldSpec, FormSpec
from schemas.checks import Values
from schemas.checks.common import flag, is_blank
from schemas.flags import Flag, FlagCode


def _missing_names(spec: FieldSpec, values: Values) -> list[str]:
    return [name for name in spec.flat_names() if is_blank(values.get(name))]


def _message(spec: FieldSpec, name: str) -> str:
    if spec.is_list_table:
        return f"“{name}”至少需填写一行（missing: at least one row is required）"
    return f"必填项“{name}”未填写（missing）"


def missing(form: FormSpec, edition: int, values: Values) -> list[Flag]:
    return [
        flag(name, FlagCode.MISSING, _message(spec, name))
        for spec in form.fields
        if spec.required
        for name in _missing_names(spec, values)
    ]
