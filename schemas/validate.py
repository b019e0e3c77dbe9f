"""Every check over the flat values of one form; clean values give no flags at all."""

from __future__ import annotations

from collections.abc import Mapping

from schemas.catalogue import FormSpec
from schemas.checks import Check
from schemas.checks.contact import bad_email, bad_phone
from schemas.checks.deadline import after_deadline
from schemas.checks.lengths import text_length
from schemas.checks.presence import missing
from schemas.checks.ranges import out_of_range
from schemas.checks.tables import average_mismatch, ratio_mismatch, subset_exceeds_total
from schemas.flags import Flag
from schemas.record import FlatValue

CHECKS: tuple[Check, ...] = (
    missing,
    out_of_range,
    average_mismatch,
    ratio_mismatch,
    subset_exceeds_total,
    text_length,
    bad_phone,
    bad_email,
    after_deadline,
)


def validate(form: FormSpec, edition: int, values: Mapping[str, FlatValue]) -> list[Flag]:
    """The flags of a form's flat values (``label`` or ``label/column`` -> value)."""
    return [found for check in CHECKS for found in check(form, edition, values)]
