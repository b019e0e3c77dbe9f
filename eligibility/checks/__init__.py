"""One evaluator per kind of check, looked up by the ``check`` name of a condition."""

from __future__ import annotations

from eligibility.checks.base import Context, Evaluator, Outcome, Result
from eligibility.checks.dates import founded_before, registered_within
from eligibility.checks.fields import choice_in, int_range, not_only, rows_present
from eligibility.checks.judgements import judgement, required_given, role_warning, size_warning
from eligibility.checks.listed import not_listed_before
from eligibility.checks.places import mainland, pilot_city

CHECKS: dict[str, Evaluator] = {
    "choice_in": choice_in,
    "int_range": int_range,
    "not_only": not_only,
    "rows_present": rows_present,
    "registered_within": registered_within,
    "founded_before": founded_before,
    "mainland": mainland,
    "pilot_city": pilot_city,
    "not_listed_before": not_listed_before,
    "judgement": judgement,
    "required_given": required_given,
    "size_warning": size_warning,
    "role_warning": role_warning,
}

__all__ = ["CHECKS", "Context", "Evaluator", "Outcome", "Result"]
