"""Evaluates one record against the conditions of its list and edition."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from eligibility.checks import CHECKS, Context, Result
from eligibility.loader import rules_for
from eligibility.models import Condition, EditionRules, Kind, Reference, When
from eligibility.pilot_cities import PilotCities
from eligibility.registry import Registry
from eligibility.verdict import Verdict, verdict
from schemas.errors import ErrorKind, KczgError
from schemas.record import FormRecord


class NotCovered(KczgError, ValueError):
    """The rules of the edition give no conditions for the record's list."""

    kind = ErrorKind.NOT_COVERED


@dataclass(frozen=True)
class CheckResult:
    id: str
    kind: Kind
    result: Result
    observed: dict[str, Any]
    expected: str
    reference: str
    message: str

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind.value,
            "result": self.result.value,
            "observed": self.observed,
            "expected": self.expected,
            "reference": self.reference,
            "message": self.message,
        }


@dataclass(frozen=True)
class NoteResult:
    id: str
    text: str
    reference: str


@dataclass(frozen=True)
class Evaluation:
    source: str
    form: str
    edition: int
    verdict: Verdict
    checks: tuple[CheckResult, ...]
    notes: tuple[NoteResult, ...] = ()

    def failed(self) -> list[str]:
        return [c.id for c in self.checks if c.result is Result.FAIL]

    def as_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "form": self.form,
            "edition": self.edition,
            "verdict": self.verdict.value,
            "checks": [check.as_json() for check in self.checks],
            "notes": [{"id": n.id, "text": n.text, "reference": n.reference} for n in self.notes],
        }


def _applies(when: When | None, record: FormRecord) -> bool:
    if when is None:
        return True
    value = record.value(when.field)
    if when.equals is not None:
        return value == when.equals
    return value != when.not_equals


def conditions_for(rules: EditionRules, form: str, record: FormRecord) -> list[Condition]:
    if rules.list_info(form) is None:
        known = "、".join(item.name for item in rules.lists)
        raise NotCovered(f"the {rules.edition} edition has no {form}; its lists: {known}")
    found = [c for c in rules.conditions if form in c.lists and _applies(c.when, record)]
    if not found:
        raise NotCovered(f"the {rules.edition} notice gives no conditions for the {form}")
    return found


def _quote(rules: EditionRules, ref: Reference) -> str:
    return f"{rules.source_title(ref)} {ref.section}: “{ref.quote}”"


def evaluate(
    record: FormRecord,
    edition: int,
    registry: Registry,
    pilot_cities: PilotCities | None = None,
) -> Evaluation:
    """Every condition of the record's list in ``edition``, each with its evidence.

    Raises ``UnknownEdition`` for an edition without rules and ``NotCovered`` for a list
    the edition does not have.
    """
    rules = rules_for(edition)
    context = Context(record, edition, registry, pilot_cities)
    results: list[CheckResult] = []
    for condition in conditions_for(rules, record.form, record):
        outcome = CHECKS[condition.params.check](condition.params, context)
        results.append(
            CheckResult(
                id=condition.id,
                kind=condition.kind,
                result=outcome.result,
                observed=outcome.observed,
                expected=outcome.expected,
                reference=_quote(rules, condition.reference),
                message=outcome.message,
            )
        )
    notes = tuple(
        NoteResult(n.id, n.text, _quote(rules, n.reference))
        for n in rules.notes
        if record.form in n.lists
    )
    return Evaluation(
        source=record.source,
        form=record.form,
        edition=edition,
        verdict=verdict((r.kind, r.result) for r in results),
        checks=tuple(results),
        notes=notes,
    )
