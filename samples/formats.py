"""How a value is written in a form: as the hints ask, or in the many ways people do."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from random import Random
from typing import Protocol

from samples.model import Val
from samples.numerals import chinese_decimal, chinese_int
from schemas.catalogue import FieldType

TRL_FIELD = "技术成熟度"


class Formatter(Protocol):
    def __call__(self, val: Val) -> str: ...


def number_text(value: float | int | Decimal) -> str:
    """A number without float noise or trailing zeros: 1234.50 -> 1234.5, 500.0 -> 500."""
    exact = value if isinstance(value, Decimal) else Decimal(repr(value))
    text = format(exact.normalize(), "f")
    return text.removesuffix(".0") if "." in text else text


def grouped(value: float | int) -> str:
    """Thousands separators: 1234567.5 -> 1,234,567.5."""
    whole, dot, decimals = number_text(value).partition(".")
    sign = "-" if whole.startswith("-") else ""
    digits = whole.lstrip("-")
    return f"{sign}{int(digits):,}{dot}{decimals}"


def plain(val: Val) -> str:
    """The form's own way: ISO dates, TRL6, bare numbers when the label names the unit."""
    value = val.value
    if value is None:
        return ""
    if isinstance(value, bool | list):
        raise TypeError(f"{val.name}: boxes and lists are laid out, not formatted")
    if val.name == TRL_FIELD:
        return f"TRL{value}"
    if val.type in (FieldType.NUMBER, FieldType.PERCENT, FieldType.INT) and not isinstance(
        value, str
    ):
        suffix = "" if val.unit_in_label or val.unit is None else val.unit
        return number_text(value) + suffix
    return str(value)


class Varied:
    """Writes each value in one of the ways real forms do; the truth stays normalised."""

    def __init__(self, rng: Random) -> None:
        self.rng = rng

    def __call__(self, val: Val) -> str:
        value = val.value
        if value is None or isinstance(value, bool | list | dict):
            return plain(val)
        if val.name == TRL_FIELD and isinstance(value, int):
            return self._trl(value)
        if val.type is FieldType.DATE and isinstance(value, str):
            return self._date(date.fromisoformat(value))
        if isinstance(value, str):
            return value
        if val.type is FieldType.PERCENT:
            return self._percent(value)
        if val.type is FieldType.NUMBER and val.unit == "万元":
            return self._money(value)
        if val.type is FieldType.INT:
            return self._count(int(value), val.name)
        return plain(val)

    def _trl(self, level: int) -> str:
        options = [f"TRL{level}", f"{level}级", f"TRL {level}"]
        if level >= 0:
            options.append(f"{chinese_int(level)}级")
        return self.rng.choice(options)

    def _date(self, when: date) -> str:
        return self.rng.choice(
            (
                f"{when.year}年{when.month}月{when.day}日",
                f"{when.year}/{when.month}/{when.day}",
                f"{when.year}.{when.month:02d}.{when.day:02d}",
                f"{when.year}年{when.month:02d}月{when.day:02d}日",
            )
        )

    def _percent(self, value: float | int) -> str:
        text = number_text(value)
        options = [f"{text}%", text, f"{text} %"]
        if value >= 0:
            options.append("百分之" + chinese_decimal(text))
        return self.rng.choice(options)

    def _money(self, value: float | int) -> str:
        wan = Decimal(repr(value))
        choice = self.rng.randrange(5)
        if choice == 0:
            return grouped(value)
        if choice == 1:
            return f"{grouped(value)}万元"
        if choice == 2:
            return f"{number_text(wan * 10_000)}元"
        if choice == 3:
            return f"{grouped(float(wan * 10_000))}元"
        return f"{number_text(wan / 10_000)}亿元"

    def _count(self, value: int, name: str) -> str:
        if name.endswith(("认定年度",)) or "[" in name:
            return str(value)
        if 0 <= value <= 9999 and self.rng.random() < 0.5:
            return chinese_int(value)
        if value >= 10_000:
            return grouped(value)
        return str(value)
