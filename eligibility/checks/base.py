"""What every check receives and returns."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from eligibility.pilot_cities import PilotCities
from eligibility.registry import Registry
from schemas.flags import FlagCode
from schemas.record import FlatValue, FormRecord


class Result(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    UNKNOWN = "unknown"
    NEEDS_REVIEW = "needs_review"


@dataclass(frozen=True)
class Outcome:
    result: Result
    message: str
    #: The values the check looked at, by flat name (plus what it found, e.g. matches).
    observed: dict[str, Any] = field(default_factory=dict)
    expected: str = ""


@dataclass(frozen=True)
class Context:
    record: FormRecord
    edition: int
    registry: Registry
    pilot_cities: PilotCities | None

    def value(self, name: str) -> FlatValue:
        return self.record.value(name)

    def has_flag(self, name: str, code: FlagCode) -> str | None:
        """The message of a flag the reader raised on this field, if any."""
        for flag in self.record.flags:
            if flag.field == name and flag.code is code:
                return flag.message
        return None


#: An evaluator: the condition's params and the record's context in, an outcome out.
Evaluator = Callable[[Any, Context], Outcome]


def is_missing(value: FlatValue) -> bool:
    return value is None or value == "" or value == []


def missing(name: str) -> Outcome:
    return Outcome(Result.UNKNOWN, f"申报表未填写{name}", {name: None})


def as_date(value: FlatValue) -> date | None:
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def as_int(value: FlatValue) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return None


def as_number(value: FlatValue) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    return None
