"""Checks on dates, always against the edition, never against today.

A date may be known only to the month (2016-05, read from "2016年5月"): a check uses what
is known, and is unknown only when the missing day is what would decide it.
"""

from __future__ import annotations

import calendar
from datetime import date

from eligibility.checks.base import Context, Outcome, Result, as_date, is_missing, missing
from eligibility.models import FoundedBefore, RegisteredWithin
from schemas.record import FlatValue


def _span(value: FlatValue) -> tuple[date, date] | None:
    """The first and last day a written date may be: one day, or a whole month."""
    exact = as_date(value)
    if exact is not None:
        return exact, exact
    if not isinstance(value, str):
        return None
    year, dash, month = value.strip().partition("-")
    if not (dash and year.isdigit() and month.isdigit() and len(year) == 4):
        return None
    y, m = int(year), int(month)
    if not 1 <= m <= 12:
        return None
    return date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1])


def registered_within(params: RegisteredWithin, ctx: Context) -> Outcome:
    value = ctx.value(params.field)
    if is_missing(value):
        return missing(params.field)
    span = _span(value)
    first_year = ctx.edition - params.years
    observed = {params.field: value}
    expected = f"{first_year}年或以后登记（以{ctx.edition}年反推{params.years}年）"
    if span is None:
        return Outcome(Result.UNKNOWN, f"{params.field}不是有效日期：{value}", observed, expected)
    year = span[0].year
    if year >= first_year:
        return Outcome(Result.PASS, f"登记于{year}年", observed, expected)
    message = f"登记于{year}年，早于{first_year}年"
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
    span = _span(value)
    expected = f"{cutoff.isoformat()}之前"
    if span is None:
        return Outcome(Result.UNKNOWN, f"{params.field}不是有效日期：{value}", observed, expected)
    first, last = span
    shown = value.strip() if isinstance(value, str) else str(value)
    if last < cutoff:
        return Outcome(Result.PASS, f"成立于{shown}", observed, expected)
    if first >= cutoff:
        message = f"成立于{shown}，不在{cutoff.isoformat()}之前"
        return Outcome(Result.FAIL, message, observed, expected)
    cut = cutoff.isoformat()
    message = f"成立于{shown}，未写明日，而{cut}正在该月内"
    return Outcome(Result.UNKNOWN, message, observed, expected)
