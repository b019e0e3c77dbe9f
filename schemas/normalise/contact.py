"""Phone numbers and e-mail addresses as typed: full-width ＠ and digits, broken over lines."""

from __future__ import annotations

from schemas.normalise.text import clean_text, to_halfwidth, without_whitespace

__all__ = ["EMAIL_LABELS", "PHONE_LABELS", "clean_email", "clean_phone"]

#: Labels of fields that hold phone numbers (联系方式 is a phone on every form that has it).
PHONE_LABELS = ("电话", "联系方式")
EMAIL_LABELS = ("邮箱", "电子邮箱")


#: Marks no address begins or ends with: a sentence's stop typed after it, a speck or a
#: rule's remains read beside it.
_NOT_AT_ENDS = "/\\.,;:!|'`。，；：、"


def clean_email(raw: str) -> str:
    """An address has no white space (a line break in it is where the cell wrapped) and no
    mark at its ends."""
    return without_whitespace(to_halfwidth(raw)).strip(_NOT_AT_ENDS)


def clean_phone(raw: str) -> str:
    """Digits and dashes in half width; spaces between several numbers stay."""
    return clean_text(to_halfwidth(raw))
