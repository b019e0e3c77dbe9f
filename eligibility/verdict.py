"""The verdict of a record from all its checks."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from eligibility.checks.base import Result
from eligibility.models import Kind


class Verdict(StrEnum):
    ELIGIBLE = "eligible"
    INELIGIBLE = "ineligible"
    NEEDS_REVIEW = "needs_review"


def verdict(results: Iterable[tuple[Kind, Result]]) -> Verdict:
    """Ineligible if a checkable condition fails; needs review if anything is unknown or a
    judgement; else eligible. Missing data is never a pass."""
    pairs = list(results)
    if any(kind is Kind.CHECKABLE and result is Result.FAIL for kind, result in pairs):
        return Verdict.INELIGIBLE
    if any(kind is Kind.JUDGEMENT or result is not Result.PASS for kind, result in pairs):
        return Verdict.NEEDS_REVIEW
    return Verdict.ELIGIBLE
