"""The verdict rule of the spec."""

from __future__ import annotations

from eligibility.checks import Result
from eligibility.models import Kind
from eligibility.verdict import Verdict, verdict

C, J = Kind.CHECKABLE, Kind.JUDGEMENT


def test_all_checkable_passes_is_eligible() -> None:
    assert verdict([(C, Result.PASS), (C, Result.PASS)]) is Verdict.ELIGIBLE


def test_a_failure_wins_over_unknowns_and_judgements() -> None:
    pairs = [(J, Result.NEEDS_REVIEW), (C, Result.UNKNOWN), (C, Result.FAIL)]
    assert verdict(pairs) is Verdict.INELIGIBLE


def test_unknown_is_never_a_pass() -> None:
    assert verdict([(C, Result.PASS), (C, Result.UNKNOWN)]) is Verdict.NEEDS_REVIEW


def test_a_judgement_needs_review() -> None:
    assert verdict([(C, Result.PASS), (J, Result.NEEDS_REVIEW)]) is Verdict.NEEDS_REVIEW


def test_a_checkable_needing_review_is_not_eligible() -> None:
    assert verdict([(C, Result.NEEDS_REVIEW)]) is Verdict.NEEDS_REVIEW
