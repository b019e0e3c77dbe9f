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
    expected = "只勾选一项：" + "、".join(params.allowed)
    if is_missing(value):
        too_many = ctx.has_flag(params.field, FlagCode.CHOICE_COUNT)
        if too_many is not None:
            message = f"{params.field}勾选有误：{too_many}"
            return Outcome(Result.FAIL, message, {params.field: None}, expected)
        return missing(params.field)
    ticked = value if isinstance(value, list) else [value]
    observed = {params.field: value}
    if len(ticked) != 1:
        shown = "、".join(str(item) for item in ticked)
        message = f"{params.field}勾选了{len(ticked)}项（{shown}），只能勾选一项"
        return Outcome(Result.FAIL, message, observed, expected)
    if ticked[0] not in params.allowed:
        return Outcome(Result.FAIL, f"{ticked[0]}不在可选范围内", observed, expected)
    return Outcome(Result.PASS, f"{ticked[0]}在可选范围内", observed, expected)


def int_range(params: IntRange, ctx: Context) -> Outcome:
    value = ctx.value(params.field)
    if is_missing(value):
        return missing(params.field)
    number = as_int(value)
    observed = {params.field: value}
    expected = f"{params.min}至{params.max}"
    if number is None:
        message = f"{params.field}不是整数：{value}"
        return Outcome(Result.UNKNOWN, message, observed, expected)
    if params.min <= number <= params.max:
        message = f"{params.field}为{number}，在{expected}之间"
        return Outcome(Result.PASS, message, observed, expected)
    message = f"{params.field}为{number}，超出{expected}"
    return Outcome(Result.FAIL, message, observed, expected)


def not_only(params: NotOnly, ctx: Context) -> Outcome:
    value = ctx.value(params.field)
    if is_missing(value):
        return missing(params.field)
    ticked = value if isinstance(value, list) else [value]
    observed = {params.field: value}
    expected = f"勾选“{params.forbidden}”以外的形式"
    if all(item == params.forbidden for item in ticked):
        return Outcome(Result.FAIL, f"只勾选了{params.forbidden}", observed, expected)
    message = "勾选了" + "、".join(str(item) for item in ticked)
    return Outcome(Result.PASS, message, observed, expected)


def rows_present(params: RowsPresent, ctx: Context) -> Outcome:
    value = ctx.value(params.field)
    if not isinstance(value, list) or not value:
        return Outcome(
            Result.UNKNOWN,
            f"{params.field}未填写任何一行：培训、认证或授课情况须另行核实",
            {params.field: value},
            "至少一行",
        )
    return Outcome(
        Result.PASS, f"{params.field}填写了{len(value)}行", {params.field: value}, "至少一行"
    )
