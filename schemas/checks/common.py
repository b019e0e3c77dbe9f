"""Helpers the checks share: reading numbers back and writing them into messages."""

from __future__ import annotations

from decimal import Decimal

from schemas.catalogue import FieldSpec
from schemas.flags import Flag, FlagCode, Severity
from schemas.normalise import AVERAGE_COLUMN
from schemas.record import FlatValue

AVERAGE = AVERAGE_COLUMN


def number(value: FlatValue | None) -> float | None:
    """A numeric value, or None for anything else (booleans are not numbers here)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def is_blank(value: FlatValue | None) -> bool:
    if value is None:
        return True
    if isinstance(value, str | list):
        return not (value.strip() if isinstance(value, str) else value)
    return False


def decimals_written(value: float) -> int:
    """Decimal places of a number as written (0.25 -> 2, 120.0 -> 0)."""
    exponent = Decimal(repr(float(value))).normalize().as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def half_unit(value: float) -> float:
    """Half a unit of the last decimal place written: how far rounding may move it."""
    return 0.5 * 10.0 ** -decimals_written(value)


def show(value: float) -> str:
    """A number as a reviewer would write it: no trailing zeros, at most 4 decimals."""
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def year_columns(spec: FieldSpec) -> tuple[str, ...]:
    return tuple(c for c in spec.columns if c != AVERAGE)


def cell(spec: FieldSpec, column: str) -> str:
    return f"{spec.label}/{column}"


def flag(name: str, code: FlagCode, message: str, severity: Severity = Severity.ERROR) -> Flag:
    return Flag(field=name, code=code, severity=severity, message=message)
