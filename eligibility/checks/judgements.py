"""Judgements: always left to the reviewer, with what the form says to help them."""

from __future__ import annotations

from typing import Any

from eligibility.checks.base import (
    Context,
    Outcome,
    Result,
    as_number,
    is_missing,
    missing,
)
from eligibility.models import Judgement, RequiredGiven, RoleWarning, SizeWarning

_FOR_REVIEWER = "由评审专家判断"


def judgement(params: Judgement, ctx: Context) -> Outcome:
    return Outcome(Result.NEEDS_REVIEW, _FOR_REVIEWER)


def required_given(params: RequiredGiven, ctx: Context) -> Outcome:
    value = ctx.value(params.field)
    if is_missing(value):
        return missing(params.field)
    return Outcome(Result.NEEDS_REVIEW, _FOR_REVIEWER, {params.field: value}, "已填写")


def _revenue(params: SizeWarning, ctx: Context) -> tuple[str, float | None]:
    """The latest year's revenue cell the form gives: the edition's year, else the one before."""
    for year in (ctx.edition, ctx.edition - 1):
        name = f"{params.revenue_label}/{year}"
        number = as_number(ctx.value(name))
        if number is not None:
            return name, number
    return f"{params.revenue_label}/{ctx.edition}", None


def size_warning(params: SizeWarning, ctx: Context) -> Outcome:
    given = ctx.value(params.employees_field)
    employees = as_number(given)
    revenue_name, revenue = _revenue(params, ctx)
    observed: dict[str, Any] = {params.employees_field: given, revenue_name: revenue}
    expected = (
        f"{params.employees_field}不超过{params.max_employees}，"
        f"{revenue_name}不超过{params.max_revenue:g}"
    )
    warnings = []
    if employees is not None and employees > params.max_employees:
        warnings.append(f"{params.employees_field}为{employees:g}，超过{params.max_employees}")
    if revenue is not None and revenue > params.max_revenue:
        warnings.append(f"{revenue_name}为{revenue:g}，超过{params.max_revenue:g}")
    message = _FOR_REVIEWER
    if warnings:
        message += "；提醒：规模偏大，未必属于中小型企业（" + "；".join(warnings) + "）"
    return Outcome(Result.NEEDS_REVIEW, message, observed, expected)


def role_warning(params: RoleWarning, ctx: Context) -> Outcome:
    value = ctx.value(params.field)
    if is_missing(value):
        return missing(params.field)
    role = str(value).casefold()
    message = _FOR_REVIEWER
    if not any(candidate.casefold() in role for candidate in params.roles):
        message += f"；提醒：担任职务“{value}”不是创始人类职务"
    expected = "创始人类职务：" + "、".join(params.roles)
    return Outcome(Result.NEEDS_REVIEW, message, {params.field: value}, expected)
