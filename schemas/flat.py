"""A record from the published ``--flat`` shape, e.g. JSON typed in by hand.

Every name must be a flat name of the form and edition, and every value must have
the field's type; text is read the way a form's text is (``"1.2亿元"``, ``"☑是 □否"``).
Flags in the input are ignored: they are computed again from the values.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from schemas.catalogue import FieldSpec, FieldType, FormSpec, SubField, UnknownForm, form_spec
from schemas.editions import UnknownEdition
from schemas.errors import ErrorKind, KczgError
from schemas.normalise import Normalised, cell_kind, normalise_as, normalise_cell
from schemas.provenance import Provenance
from schemas.record import FieldValue, FlatValue, FormRecord, Scalar
from schemas.validate import validate

_NUMERIC = frozenset({FieldType.INT, FieldType.NUMBER, FieldType.PERCENT})
_EXPECTED = {
    FieldType.INT: "a whole number",
    FieldType.NUMBER: "a number",
    FieldType.PERCENT: "a number of percent",
    FieldType.BOOL: "true or false",
    FieldType.MULTI: "a list of options",
}


class FlatRecordError(KczgError, ValueError):
    """Flat input that is not a record of a known form: names the field at fault."""

    kind = ErrorKind.INVALID


def _form(data: Mapping[str, Any]) -> tuple[FormSpec, int]:
    name, edition = data.get("form"), data.get("edition")
    if not isinstance(name, str) or not name.strip():
        raise FlatRecordError("“form” must name a form, e.g. 新锐企业榜 or rising_company")
    if isinstance(edition, str) and edition.strip().isdigit():
        edition = int(edition)
    if isinstance(edition, bool) or not isinstance(edition, int):
        raise FlatRecordError(f"“edition” must be a year such as 2022, got {edition!r}")
    try:
        return form_spec(name.strip(), edition), edition
    except (UnknownForm, UnknownEdition) as error:
        raise FlatRecordError(str(error)) from None


def _spec(form: FormSpec, edition: int, name: str) -> FieldSpec:
    try:
        return form.field_for_flat(name)
    except KeyError:
        raise FlatRecordError(
            f"“{name}” is not a field of {form.list} {edition} (not a catalogue label, "
            "or label/column of a year table)"
        ) from None


def _wrong_type(name: str, kind: FieldType, value: object) -> FlatRecordError:
    expected = _EXPECTED.get(kind, "text")
    shown = json.dumps(value, ensure_ascii=False)
    return FlatRecordError(f"field “{name}”: expected {expected}, got {shown}")


def _from_text(name: str, read: Normalised) -> FlatValue | None:
    if read.problem is not None:
        raise FlatRecordError(f"field “{name}”: {read.problem}")
    return read.value


def _typed(name: str, kind: FieldType, value: object) -> FlatValue:
    """A value that is not text, if it is of the kind's type."""
    if isinstance(value, bool):
        if kind is FieldType.BOOL:
            return value
    elif isinstance(value, int | float) and kind in _NUMERIC:
        if kind is not FieldType.INT:
            return float(value)
        if float(value).is_integer():
            return int(value)
    raise _wrong_type(name, kind, value)


def _cell(spec: FieldSpec, name: str, value: object) -> FlatValue | None:
    column = name[len(spec.label) + 1 :] if spec.is_year_table else ""
    kind = cell_kind(spec, column)
    if isinstance(value, str):
        if spec.is_year_table:
            return _from_text(name, normalise_cell(spec, column, value))
        return _from_text(name, normalise_as(kind, value, unit=spec.unit, options=spec.options))
    if kind is FieldType.MULTI and isinstance(value, list):
        if not all(isinstance(v, str) for v in value):
            raise _wrong_type(name, kind, value)
        joined = "、".join(value)
        return _from_text(name, normalise_as(kind, joined, options=spec.options))
    return _typed(name, kind, value)


def _sub_value(name: str, sub: SubField, value: object) -> Scalar:
    where = f"{name}/{sub.label}"
    read = (
        _from_text(where, normalise_as(sub.type, value))
        if isinstance(value, str)
        else _typed(where, sub.type, value)
    )
    # Sub-fields are text, whole numbers and dates: never lists.
    return None if isinstance(read, list) else read


def _row(spec: FieldSpec, name: str, number: int, row: object) -> dict[str, Scalar]:
    if not isinstance(row, Mapping):
        raise FlatRecordError(f"field “{name}”: row {number} must be an object keyed by sub-labels")
    subs = {sub.label: sub for sub in spec.rows}
    cells: dict[str, Scalar] = {}
    for key, value in row.items():
        if key not in subs:
            known = "、".join(subs)
            raise FlatRecordError(f"field “{name}”: row {number} has “{key}”, not one of {known}")
        read = None if value is None else _sub_value(name, subs[key], value)
        if read is not None:
            cells[key] = read
    return cells


def _rows(spec: FieldSpec, name: str, value: object) -> FlatValue | None:
    if not isinstance(value, list):
        raise FlatRecordError(f"field “{name}”: expected a list of rows, got {value!r}")
    rows = [_row(spec, name, n, row) for n, row in enumerate(value, start=1)]
    return [row for row in rows if row] or None


def _value(spec: FieldSpec, name: str, value: object) -> FlatValue | None:
    if value is None:
        return None
    if spec.is_list_table:
        return _rows(spec, name, value)
    return _cell(spec, name, value)


def record_from_flat(data: Mapping[str, Any], source: str) -> FormRecord:
    """A checked record of ``--flat`` data; ``source`` names where it came from."""
    if not isinstance(data, Mapping):
        raise FlatRecordError("a flat record is a JSON object with “form”, “edition” and “values”")
    form, edition = _form(data)
    given = data.get("values")
    if not isinstance(given, Mapping):
        raise FlatRecordError("“values” must be an object of flat name -> value")
    values: dict[str, FieldValue] = {}
    for name, raw in given.items():
        value = _value(_spec(form, edition, str(name)), str(name), raw)
        if value is not None:
            provenance = Provenance(file=source, raw=json.dumps(raw, ensure_ascii=False))
            values[name] = FieldValue(name=name, value=value, provenance=provenance)
    flat = {name: field.value for name, field in values.items()}
    return FormRecord(
        form=form.list,
        form_key=form.key,
        edition=edition,
        source=source,
        values=values,
        flags=validate(form, edition, flat),
    )
