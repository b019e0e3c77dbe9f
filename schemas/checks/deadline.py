"""Dates later than the edition's submission deadline, list-table dates included."""

from __future__ import annotations

from datetime import date

from schemas.catalogue import FieldSpec, FieldType, FormSpec
from schemas.checks import Values
from schemas.checks.common import flag
from schemas.editions import edition_info
from schemas.flags import Flag, FlagCode
from schemas.record import FlatValue


def _date(value: FlatValue | None) -> date | None:
    """A date, or the first day of a date known only to the month (2016-05)."""
    if not isinstance(value, str):
        return None
    for text in (value, f"{value}-01"):
        try:
            return date.fromisoformat(text)
        except ValueError:
            continue
    return None


def _written_dates(spec: FieldSpec, values: Values) -> list[tuple[str, date]]:
    """(where, date) for each date of a field; ``where`` names a list-table row."""
    value = values.get(spec.label)
    if spec.type is FieldType.DATE:
        found = _date(value)
        return [] if found is None else [(f"“{spec.label}”", found)]
    date_columns = [sub.label for sub in spec.rows if sub.type is FieldType.DATE]
    if not date_columns or not isinstance(value, list):
        return []
    dates = []
    for number, row in enumerate(value, start=1):
        for column in date_columns:
            found = _date(row.get(column)) if isinstance(row, dict) else None
            if found is not None:
                dates.append((f"“{spec.label}”第 {number} 行的“{column}”", found))
    return dates


def after_deadline(form: FormSpec, edition: int, values: Values) -> list[Flag]:
    deadline = edition_info(edition).deadline
    return [
        flag(
            spec.label,
            FlagCode.AFTER_DEADLINE,
            f"{where}为 {when.isoformat()}，晚于 {edition} 年申报截止日期 "
            f"{deadline.isoformat()}（after deadline）",
        )
        for spec in form.fields
        for where, when in _written_dates(spec, values)
        if when > deadline
    ]
