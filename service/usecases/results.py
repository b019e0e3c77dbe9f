"""What a record comes to once checked: the columns a submission keeps of it.

The runner writes these after reading a file, and a reviewer's correction writes them
again at once: one function, so a corrected record is checked exactly as a read one.
"""

from __future__ import annotations

from typing import Any

from eligibility.batch import submission_from_record
from eligibility.evaluate import evaluate
from eligibility.pilot_cities import PilotCities
from eligibility.registry import Registry
from schemas.errors import KczgError
from schemas.record import FormRecord
from service.usecases.context import Services

__all__ = ["checked_result", "pilot_cities"]


def pilot_cities(services: Services) -> PilotCities | None:
    """The pilot-city list the settings name, or None (then pilot_city is unknown)."""
    path = services.settings.pilot_cities
    return PilotCities.load(path) if path is not None else None


def _evaluation(services: Services, record: FormRecord, registry: Registry) -> dict[str, Any]:
    try:
        result = evaluate(record, record.edition, registry, pilot_cities(services))
    except KczgError as err:
        return {"error": {"code": err.kind.value, "message": err.message}}
    return result.as_json()


def checked_result(
    services: Services, record: FormRecord, *, registry: Registry | None = None
) -> dict[str, Any]:
    """The submission columns of ``record``: itself, its evaluation, verdict and counts.

    ``registry`` is the one a job read with its claim; by default, the registry as it is.
    """
    held = registry if registry is not None else services.registry.current()
    evaluation = _evaluation(services, record, held)
    errors = sum(1 for flag in record.flags if flag.severity == "error")
    return {
        "record": record.model_dump(mode="json"),
        "evaluation": evaluation,
        "verdict": evaluation.get("verdict"),
        "form": record.form,
        "edition": record.edition,
        "applicant": submission_from_record(record, record.source).applicant,
        "error_count": errors,
        "flag_count": len(record.flags),
        "flag_codes": " ".join(sorted({flag.code.value for flag in record.flags})),
    }
