"""Checks on one field's value: a choice, a range, ticked boxes, a table's rows."""

from __future__ import annotations

from eligibility.checks.base import (
    Context,
    Outcome,
    Result,
    as_int,
    is_missing,
    missing,
)
from eligibility.models import ChoiceIn, IntRange, NotOnly, RowsPresent
from schemas.flags import FlagCode


def choice_in(params: ChoiceIn, ctx: Context) -> Outcome:
    value = ctx.value(params.field)
    expected = "exactly one of " + "、".join(params.allowed)
    if is_missing(value):
        too_many = ctx.has_flag(params.field, FlagCode.CHOICE_COUNT)
        if too_many is not None:
            return Outcome(Result.FAIL, too_many, {params.field: None}, expected)
        return missing(params.field)
    ticked = value if isinstance(value, list) else [value]
    observed = {params.field: value}
    if len(ticked) != 1:
        message = f"{len(ticked)} boxes ticked under {params.field}; exactly one is allowed"
        return Outcome(Result.FAIL, message, observed, expected)
    if ticked[0] not in params.allowed:
        return Outcome(Result.FAIL, f"{ticked[0]} is not allowed", observed, expected)
    return Outcome(Result.PASS, f"{ticked[0]} is allowed", observed, expected)


def int_range(params: IntRange, ctx: Context) -> Outcome:
    value = ctx.value(params.field)
    if is_missing(value):
        return missing(params.field)
    number = as_int(value)
    observed = {params.field: value}
    expected = f"{params.min}..{params.max}"
    if number is None:
        return Outcome(Result.UNKNOWN, f"{params.field} is not a whole number", observed, expected)
    if params.min <= number <= params.max:
        return Outcome(Result.PASS, f"{params.field} {number} is in range", observed, expected)
    return Outcome(Result.FAIL, f"{params.field} {number} is out of range", observed, expected)


def not_only(params: NotOnly, ctx: Context) -> Outcome:
    value = ctx.value(params.field)
    if is_missing(value):
        return missing(params.field)
    ticked = value if isinstance(value, list) else [value]
    observed = {params.field: value}
    expected = f"something other than {params.forbidden} ticked"
    if all(item == params.forbidden for item in ticked):
        return Outcome(Result.FAIL, f"only {params.forbidden} is ticked", observed, expected)
    return Outcome(Result.PASS, f"{len(ticked)} form(s) ticked", observed, expected)


def rows_present(params: RowsPresent, ctx: Context) -> Outcome:
    value = ctx.value(params.field)
    if not isinstance(value, list) or not value:
        return Outcome(
            Result.UNKNOWN,
            f"no row under {params.field}: training or teaching must be shown otherwise",
            {params.field: value},
            "at least one row",
        )
    return Outcome(
        Result.PASS, f"{len(value)} row(s) given", {params.field: value}, "at least one row"
    )
