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
from schemas.normalise.contact import EMAIL_LABELS, PHONE_LABELS, clean_email, clean_phone
from schemas.normalise.dates import DateProblem, parse_date, parse_date_or_month, parse_yearmonth
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
    "NONE_WRITTEN",
    "PARTIAL_DATE",
    "Normalised",
    "Note",
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
    #: What a reviewer should know about a value read (a date given only to the month),
    #: or that the writer said there is none (无, —) where no value can stand for it.
    note: Note | None = None


class Note(NamedTuple):
    code: str
    message: str


#: Note codes: a date written to the month only; a dash or 无 written for a value.
PARTIAL_DATE = "partial_date"
NONE_WRITTEN = "none_written"


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
_NUMERIC = frozenset({FieldType.INT, FieldType.NUMBER, FieldType.PERCENT})


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
        return _none_written(kind, raw)
    if kind is FieldType.DATE:
        return _date(raw)
    parser = _PARSERS[kind]
    return _read(lambda: parser(raw, unit, options))


def _none_written(kind: FieldType, raw: str) -> Normalised:
    """无 or a dash in place of a value: none of it. For an amount or a count that is zero;
    for a date or a choice there is no value, and a reviewer is told so."""
    if kind in _NUMERIC:
        return Normalised(0 if kind is FieldType.INT else 0.0, None)
    message = f"填写了“{raw.strip()}”，表示无此项，未视为漏填（none written）"
    return Normalised(None, None, Note(NONE_WRITTEN, message))


def _date(raw: str) -> Normalised:
    try:
        value, whole = parse_date_or_month(raw)
    except DateProblem as problem:
        return Normalised(None, str(problem))
    if whole:
        return Normalised(value, None)
    message = f"“{raw.strip()}”只写到月，缺少日；按 {value} 记录（day missing）"
    return Normalised(value, None, Note(PARTIAL_DATE, message))


def normalise(spec: FieldSpec, raw: str, *, printed: str | None = None) -> Normalised:
    """Read ``raw`` as a value of the field ``spec`` (one cell of it for a year table);
    ``printed`` is the money unit the form's label prints, when it names one."""
    if spec.key == "trl" and raw.strip() and not is_placeholder(raw):
        return _read(lambda: parse_trl(raw))
    if spec.label in EMAIL_LABELS and raw.strip():
        return Normalised(clean_email(raw), None)
    if spec.label in PHONE_LABELS and raw.strip():
        return Normalised(clean_phone(raw), None)
    if printed and spec.cell_type is FieldType.NUMBER and raw.strip() and not is_placeholder(raw):
        return _read(lambda: parse_number(raw, spec.unit, printed=printed))
    return normalise_as(spec.cell_type, raw, unit=spec.unit, options=spec.options)


def cell_kind(spec: FieldSpec, column: str) -> FieldType:
    """The type of one year-table cell: the mean of whole numbers need not be whole."""
    if column == AVERAGE_COLUMN and spec.cell_type is FieldType.INT:
        return FieldType.NUMBER
    return spec.cell_type


def normalise_cell(
    spec: FieldSpec, column: str, raw: str, *, printed: str | None = None
) -> Normalised:
    """Read one cell of the year table ``spec`` (``column`` is 2021, 平均值, ...)."""
    kind = cell_kind(spec, column)
    if kind is spec.cell_type:
        return normalise(spec, raw, printed=printed)
    return normalise_as(kind, raw, unit=spec.unit, options=spec.options)
