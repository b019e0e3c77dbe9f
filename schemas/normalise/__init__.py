"""Raw cell text -> a typed value in the ``--flat`` shape, or the reason it could not be read.

Parsing only: whether a value is in range or adds up is for ``schemas.validate``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from schemas.catalogue import FieldSpec, FieldType
from schemas.normalise.choices import (
    ChoiceProblem,
    parse_bool,
    parse_choice,
    parse_enum,
    parse_multi,
)
from schemas.normalise.dates import DateProblem, parse_date, parse_yearmonth
from schemas.normalise.numbers import (
    NumberProblem,
    parse_int,
    parse_number,
    parse_percent,
    parse_trl,
)
from schemas.normalise.text import char_count, clean_longtext, clean_text, is_placeholder
from schemas.record import FlatValue

__all__ = [
    "AVERAGE_COLUMN",
    "GRADES",
    "Normalised",
    "cell_kind",
    "char_count",
    "normalise",
    "normalise_as",
    "normalise_cell",
]

#: The options of a grade field when the catalogue gives none.
GRADES = ("高", "较高", "一般")
#: The year-table column holding the mean of the year columns.
AVERAGE_COLUMN = "平均值"


class Normalised(NamedTuple):
    #: None when nothing usable was written.
    value: FlatValue | None
    #: Why raw text that was written could not be read as the type (for a reviewer).
    problem: str | None


_Parser = Callable[[str, str | None, tuple[str, ...]], FlatValue | None]

_PARSERS: dict[FieldType, _Parser] = {
    FieldType.TEXT: lambda raw, _unit, _options: clean_text(raw),
    FieldType.LONGTEXT: lambda raw, _unit, _options: clean_longtext(raw),
    FieldType.INT: lambda raw, unit, _options: parse_int(raw, unit),
    FieldType.NUMBER: lambda raw, unit, _options: parse_number(raw, unit),
    FieldType.PERCENT: lambda raw, _unit, _options: parse_percent(raw),
    FieldType.DATE: lambda raw, _unit, _options: parse_date(raw),
    FieldType.YEARMONTH: lambda raw, _unit, _options: parse_yearmonth(raw),
    FieldType.BOOL: lambda raw, _unit, _options: parse_bool(raw),
    FieldType.CHOICE: lambda raw, _unit, options: parse_choice(raw, options),
    FieldType.MULTI: lambda raw, _unit, options: parse_multi(raw, options),
    FieldType.ENUM: lambda raw, _unit, options: parse_enum(raw, options),
    FieldType.GRADE: lambda raw, _unit, options: parse_enum(raw, options or GRADES),
}

#: Kinds for which a lone dash, slash or 无 is kept as what was written.
_VERBATIM = frozenset({FieldType.TEXT, FieldType.LONGTEXT})


def _read(parse: Callable[[], FlatValue | None]) -> Normalised:
    try:
        return Normalised(parse(), None)
    except (NumberProblem, DateProblem, ChoiceProblem) as problem:
        return Normalised(None, str(problem))


def normalise_as(
    kind: FieldType, raw: str, *, unit: str | None = None, options: tuple[str, ...] = ()
) -> Normalised:
    """Read ``raw`` as a value of ``kind`` (for list-table cells and single year cells)."""
    if not raw.strip():
        return Normalised(None, None)
    if kind not in _VERBATIM and is_placeholder(raw):
        return Normalised(None, None)
    parser = _PARSERS[kind]
    return _read(lambda: parser(raw, unit, options))


def normalise(spec: FieldSpec, raw: str) -> Normalised:
    """Read ``raw`` as a value of the field ``spec`` (one cell of it for a year table)."""
    if spec.key == "trl" and raw.strip() and not is_placeholder(raw):
        return _read(lambda: parse_trl(raw))
    return normalise_as(spec.cell_type, raw, unit=spec.unit, options=spec.options)


def cell_kind(spec: FieldSpec, column: str) -> FieldType:
    """The type of one year-table cell: the mean of whole numbers need not be whole."""
    if column == AVERAGE_COLUMN and spec.cell_type is FieldType.INT:
        return FieldType.NUMBER
    return spec.cell_type


def normalise_cell(spec: FieldSpec, column: str, raw: str) -> Normalised:
    """Read one cell of the year table ``spec`` (``column`` is 2021, 平均值, ...)."""
    kind = cell_kind(spec, column)
    if kind is spec.cell_type:
        return normalise(spec, raw)
    return normalise_as(kind, raw, unit=spec.unit, options=spec.options)
