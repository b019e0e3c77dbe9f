"""Which submissions a principal may see, as one SQL condition used by every query."""

from __future__ import annotations

from sqlalchemy import ColumnElement, false, or_, true

from service.auth import Principal, Role
from service.db import SubmissionRow

__all__ = ["visible", "visible_row"]


def visible(principal: Principal) -> ColumnElement[bool]:
    """Applicants see their own unit's submissions; reviewers their lists; admins all."""
    if principal.role is Role.ADMIN:
        return true()
    if principal.role is Role.APPLICANT:
        if not principal.unit:
            return false()
        return SubmissionRow.unit == principal.unit
    if not principal.lists:
        return true()
    return or_(
        SubmissionRow.form.in_(principal.lists),
        (SubmissionRow.form.is_(None)) & SubmissionRow.declared_form.in_(principal.lists),
    )


def visible_row(principal: Principal, row: SubmissionRow) -> bool:
    """The same rule as ``visible``, for a row already loaded."""
    if principal.role is Role.ADMIN:
        return True
    if principal.role is Role.APPLICANT:
        return bool(principal.unit) and row.unit == principal.unit
    if not principal.lists:
        return True
    form = row.form or row.declared_form
    return form in principal.lists
