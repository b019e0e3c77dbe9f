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
    expected = f"registered in {first_year} or later ({ctx.edition} - {params.years} years)"
    if registered is None:
        return Outcome(Result.UNKNOWN, f"{params.field} is not a date", observed, expected)
    if registered.year >= first_year:
        return Outcome(Result.PASS, f"registered in {registered.year}", observed, expected)
    message = f"registered in {registered.year}, before {first_year}"
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
    expected = f"before {cutoff.isoformat()}"
    if founded is None:
        return Outcome(Result.UNKNOWN, f"{params.field} is not a date", observed, expected)
    if founded < cutoff:
        return Outcome(Result.PASS, f"founded {founded.isoformat()}", observed, expected)
    message = f"founded {founded.isoformat()}, not before {cutoff.isoformat()}"
    return Outcome(Result.FAIL, message, observed, expected)
