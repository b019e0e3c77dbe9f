"""Validation flags: what is missing, out of range or does not add up."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


class FlagCode(StrEnum):
    MISSING = "missing"
    UNPARSED = "unparsed"
    OUT_OF_RANGE = "out_of_range"
    AVERAGE_MISMATCH = "average_mismatch"
    RATIO_MISMATCH = "ratio_mismatch"
    SUBSET_EXCEEDS_TOTAL = "subset_exceeds_total"
    TOO_LONG = "too_long"
    TOO_SHORT = "too_short"
    BAD_PHONE = "bad_phone"
    BAD_EMAIL = "bad_email"
    AFTER_DEADLINE = "after_deadline"
    CHOICE_COUNT = "choice_count"
    AMBIGUOUS_LABEL = "ambiguous_label"
    LOW_CONFIDENCE = "low_confidence"
    #: A date written to the month only; kept as YYYY-MM.
    PARTIAL_DATE = "partial_date"
    #: 无, a dash or a slash written where a date or choice was asked: stated as none.
    NONE_WRITTEN = "none_written"
    #: The field's label was found but the reader could not tell where its value is.
    UNPLACED = "unplaced"
    #: Text of the form that no field took (see the record's ``unread_text``).
    UNREAD_TEXT = "unread_text"
    #: The form asked for (``--form``) is not the one the title names.
    FORM_MISMATCH = "form_mismatch"


class Flag(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    #: The flat name of the field (``label`` or ``label/column``).
    field: str
    code: FlagCode
    severity: Severity
    message: str

    def flat(self) -> dict[str, str]:
        return {
            "field": self.field,
            "code": self.code.value,
            "severity": self.severity.value,
            "message": self.message,
        }
