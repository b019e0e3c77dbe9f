"""Numbers below a field's ``min`` or above its ``max`` (each year cell on its own)."""

from __future__ import annotations

from schemas.catalogue import FieldSpec, FormSpec
from schemas.checks import Values
from schemas.checks.common import flag, number, show
from schemas.flags import Flag, FlagCode


def _problem(spec: FieldSpec, value: float) -> str | None:
    if spec.min is not None and value < spec.min:
        return f"小于最小值 {show(spec.min)}"
    if spec.max is not None and value > spec.max:
        return f"大于最大值 {show(spec.max)}"
    return None


def _cell_flag(spec: FieldSpec, name: str, values: Values) -> Flag | None:
    value = number(values.get(name))
    problem = None if value is None else _problem(spec, value)
    if value is None or problem is None:
        return None
    message = f"“{name}”填写 {show(value)}，{problem}（out of range）"
    return flag(name, FlagCode.OUT_OF_RANGE, message)


def out_of_range(form: FormSpec, edition: int, values: Values) -> list[Flag]:
    found = (
        _cell_flag(spec, name, values)
        for spec in form.fields
        if spec.min is not None or spec.max is not None
        for name in spec.flat_names()
    )
    return [f for f in found if f is not None]
