"""Checks on dates, always against the edition, never against today."""

from __future__ import annotations

from eligibility.checks.base import Context, Outcome, Result, as_date, is_missing, missing
from eligibility.models import FoundedBefore, RegisteredWithin


def registered_within(params: RegisteredWithin, ctx: Context) -> Outcome:
    value = ctx.value(params.field)
    if is_missing(value):
        return missing(params.field)
    registered = as_date(value)
    first_year = ctx.edition - params.years
    observed = {params.field: value}
    expected = f"{first_year}年或以后登记（以{ctx.edition}年反推{params.years}年）"
    if registered is None:
        return Outcome(Result.UNKNOWN, f"{params.field}不是有效日期：{value}", observed, expected)
    if registered.year >= first_year:
        return Outcome(Result.PASS, f"登记于{registered.year}年", observed, expected)
    message = f"登记于{registered.year}年，早于{first_year}年"
    return Outcome(Result.FAIL, message, observed, expected)


def founded_before(params: FoundedBefore, ctx: Context) -> Outcome:
    value = ctx.value(params.field)
    if is_missing(value):
        return missing(params.field)
    cutoff = params.before
    observed = {params.field: value}
    for override in params.overrides:
        if ctx.value(override.when_field) == override.equals:
            cutoff = override.before
            observed[override.when_field] = override.equals
    founded = as_date(value)
    expected = f"{cutoff.isoformat()}之前"
    if founded is None:
        return Outcome(Result.UNKNOWN, f"{params.field}不是有效日期：{value}", observed, expected)
    if founded < cutoff:
        return Outcome(Result.PASS, f"成立于{founded.isoformat()}", observed, expected)
    message = f"成立于{founded.isoformat()}，不在{cutoff.isoformat()}之前"
    return Outcome(Result.FAIL, message, observed, expected)
