"""Typed pydantic models of each form, built from the catalogue.

A model is the nested "document" view of a form: scalar fields by label, a year table
as one object with a field per column, a list table as a list of row objects. Field
aliases are the catalogue labels (and column names, sub-labels), so the JSON Schema
speaks the form's own words; every field is optional because a form may leave it empty.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from functools import cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model

from schemas.catalogue import FieldSpec, FieldType, FormSpec, SubField
from schemas.normalise import GRADES, cell_kind
from schemas.record import FlatValue

_CONFIG = ConfigDict(populate_by_name=True, extra="forbid")
_SCALARS: dict[FieldType, Any] = {
    FieldType.TEXT: str,
    FieldType.LONGTEXT: str,
    FieldType.INT: int,
    FieldType.NUMBER: float,
    FieldType.PERCENT: float,
    FieldType.DATE: date,
    FieldType.YEARMONTH: str,
    FieldType.BOOL: bool,
}
_YEARMONTH_PATTERN = r"^\d{4}-\d{2}$"


def _camel(key: str) -> str:
    return "".join(part.capitalize() for part in key.split("_"))


def _identifier(text: str, index: int) -> str:
    """A Python name for a column or sub-label (pydantic needs one; the alias keeps the text)."""
    if text == "平均值":
        return "average"
    if text.isdigit():
        return f"y{text}"
    name = re.sub(r"\W", "_", text)
    return name if name.isidentifier() else f"c{index}"


def _options(kind: FieldType, options: tuple[str, ...]) -> tuple[str, ...]:
    return options or (GRADES if kind is FieldType.GRADE else ())


def _value_type(kind: FieldType, options: tuple[str, ...]) -> Any:
    if kind in _SCALARS:
        return _SCALARS[kind]
    allowed = _options(kind, options)
    literal: Any = Literal[allowed] if allowed else str
    return list[literal] if kind is FieldType.MULTI else literal


def _field_info(
    kind: FieldType, label: str, spec: FieldSpec | None = None, *, bounded: bool = True
) -> Any:
    """Optional (default None), aliased to the label, with the catalogue's bounds."""
    extra: dict[str, Any] = {}
    if spec is not None:
        if bounded and spec.min is not None:
            extra["ge"] = spec.min
        if bounded and spec.max is not None:
            extra["le"] = spec.max
        if spec.unit:
            extra["json_schema_extra"] = {"unit": spec.unit}
        if spec.hint:
            extra["description"] = spec.hint
    if kind is FieldType.YEARMONTH:
        extra["pattern"] = _YEARMONTH_PATTERN
    return Field(default=None, alias=label, title=label, **extra)


def _year_model(model_name: str, spec: FieldSpec) -> type[BaseModel]:
    fields: dict[str, Any] = {}
    for index, column in enumerate(spec.columns):
        kind = cell_kind(spec, column)
        value = _value_type(kind, spec.options) | None
        fields[_identifier(column, index)] = (value, _field_info(kind, column, spec))
    name = f"{model_name}{_camel(spec.key)}"
    return create_model(name, __config__=_CONFIG, **fields)


def _row_model(model_name: str, spec: FieldSpec) -> type[BaseModel]:
    fields: dict[str, Any] = {}
    for index, sub in enumerate(spec.rows):
        fields[_identifier(sub.label, index)] = _row_field(sub)
    name = f"{model_name}{_camel(spec.key)}Row"
    return create_model(name, __config__=_CONFIG, **fields)


def _row_field(sub: SubField) -> tuple[Any, Any]:
    return (_value_type(sub.type, ()) | None, _field_info(sub.type, sub.label))


def _field(model_name: str, spec: FieldSpec) -> tuple[Any, Any]:
    if spec.is_year_table:
        info = Field(default=None, alias=spec.label, title=spec.label)
        return (_year_model(model_name, spec) | None, info)
    if spec.is_list_table:
        info = Field(default=None, alias=spec.label, title=spec.label)
        return (list[_row_model(model_name, spec)] | None, info)  # type: ignore[misc]
    value = _value_type(spec.cell_type, spec.options) | None
    return (value, _field_info(spec.cell_type, spec.label, spec))


@cache
def form_model(form: FormSpec, edition: int) -> type[BaseModel]:
    """The typed model of ``form`` of the ``edition`` catalogue, e.g. ``RisingCompany2022``."""
    name = f"{_camel(form.key)}{edition}"
    fields: dict[str, Any] = {spec.key: _field(name, spec) for spec in form.fields}
    config = ConfigDict(populate_by_name=True, extra="forbid", title=form.title)
    return create_model(name, __config__=config, __doc__=form.title, **fields)


def json_schema(form: FormSpec, edition: int) -> dict[str, Any]:
    """The JSON Schema of a form's typed model, named by the catalogue labels."""
    return form_model(form, edition).model_json_schema(by_alias=True)


def _nested(spec: FieldSpec, values: Mapping[str, FlatValue]) -> object:
    if spec.is_year_table:
        cells = {
            c: values[f"{spec.label}/{c}"] for c in spec.columns if f"{spec.label}/{c}" in values
        }
        return cells or None
    return values.get(spec.label)


def model_from_flat(form: FormSpec, edition: int, values: Mapping[str, FlatValue]) -> BaseModel:
    """The typed model of flat values (raises pydantic's ValidationError for wrong types)."""
    document = {spec.label: _nested(spec, values) for spec in form.fields}
    return form_model(form, edition).model_validate(document)
