"""Reviewers' corrections: kept as an append-only audit trail, applied to the record read.

A submission keeps the record as read (``extracted``) and the record with the
corrections in force applied (``record``), checked again at once. A later reading of
the file replaces ``extracted`` only; the corrections are applied to it again, and a
correction whose field now reads differently from when it was made is a conflict,
shown to the reviewer rather than silently resolved.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from eligibility.registry import Registry
from schemas.catalogue import FieldSpec, FormSpec, form_spec
from schemas.flags import Flag, FlagCode
from schemas.flat import FlatRecordError, record_from_flat
from schemas.provenance import Provenance
from schemas.record import FieldValue, FlatValue, FormRecord
from schemas.validate import validate
from service.auth import Principal, Role
from service.db import AuditRow, JobRow, JobState, SubmissionRow, session_scope
from service.errors import Conflict, NotFound, ServiceError
from service.usecases.access import visible_row
from service.usecases.context import Services
from service.usecases.results import checked_result

__all__ = [
    "Action",
    "AuditEntry",
    "Conflicting",
    "apply_corrections",
    "audit_rows",
    "conflicts",
    "correct",
    "corrected_columns",
    "corrected_result",
    "in_force",
    "reviewable",
]


class Action:
    """The steps of the audit trail."""

    CORRECT = "correct"
    ABSENT = "absent"
    RESTORE = "restore"
    STATUS = "status"


@dataclass(frozen=True)
class AuditEntry:
    """One step as the page and the export show it."""

    seq: int
    submission_id: str
    action: str
    field: str | None
    before: Any
    after: Any
    reason: str | None
    actor: str
    at: datetime

    @classmethod
    def of(cls, row: AuditRow) -> AuditEntry:
        return cls(
            seq=row.seq,
            submission_id=row.submission_id,
            action=row.action,
            field=row.field,
            before=row.before,
            after=row.after,
            reason=row.reason,
            actor=row.actor_name,
            at=row.created_at,
        )


@dataclass(frozen=True)
class Conflicting:
    """A correction made when the field read ``then``; the file now reads ``now``."""

    field: str
    then: Any
    now: Any
    kept: Any


def in_force(entries: Iterable[AuditEntry]) -> dict[str, AuditEntry]:
    """The newest correction of each field, a restore taking it back."""
    found: dict[str, AuditEntry] = {}
    for entry in sorted(entries, key=lambda e: e.seq):
        if entry.field is None:
            continue
        if entry.action in (Action.CORRECT, Action.ABSENT):
            found[entry.field] = entry
        elif entry.action == Action.RESTORE:
            found.pop(entry.field, None)
    return found


def apply_corrections(record: FormRecord, corrections: Mapping[str, AuditEntry]) -> FormRecord:
    """``record`` with the corrections applied and its flags computed again.

    Flags the reader raised (unreadable, ambiguous, low confidence) stay unless their field
    was corrected; every validation flag is computed from the corrected values.
    """
    if not corrections:
        return record
    spec = form_spec(record.form, record.edition)
    values = dict(record.values)
    for name, entry in corrections.items():
        if entry.action == Action.ABSENT:
            values.pop(name, None)
            continue
        old = values.get(name)
        where = old.provenance if old else Provenance(file=record.source)
        values[name] = FieldValue(name=name, value=entry.after, provenance=where, confidence=1.0)
    validated = set(validate(spec, record.edition, record.flat_values()))
    reader = [f for f in record.flags if f not in validated and f.field not in corrections]
    unread = {flag.field for flag in reader}
    flat = {name: fv.value for name, fv in values.items()}
    flags: list[Flag] = reader + [
        flag
        for flag in validate(spec, record.edition, flat)
        if not (flag.code is FlagCode.MISSING and flag.field in unread)
    ]
    return record.model_copy(update={"values": values, "flags": flags})


def conflicts(
    extracted: Mapping[str, Any], corrections: Mapping[str, AuditEntry]
) -> list[Conflicting]:
    """Corrections whose field reads otherwise now than when they were made."""
    read = extracted.get("values", {})
    found = []
    for name, entry in corrections.items():
        now = read.get(name, {}).get("value") if name in read else None
        if now != entry.before:
            found.append(Conflicting(field=name, then=entry.before, now=now, kept=entry.after))
    return found


def audit_rows(session: Session, submission_id: str) -> list[AuditRow]:
    """A submission's audit rows, oldest first."""
    return list(
        session.scalars(
            select(AuditRow).where(AuditRow.submission_id == submission_id).order_by(AuditRow.seq)
        )
    )


def _entries(session: Session, submission_id: str) -> list[AuditEntry]:
    return [AuditEntry.of(row) for row in audit_rows(session, submission_id)]


def _columns(
    services: Services,
    read: FormRecord,
    entries: list[AuditEntry],
    registry: Registry | None = None,
) -> dict[str, Any]:
    corrections = in_force(entries)
    result = checked_result(services, apply_corrections(read, corrections), registry=registry)
    # With no correction in force the record is the one read: kept once, not twice.
    result["extracted"] = read.model_dump(mode="json") if corrections else None
    return result


def corrected_result(
    services: Services,
    submission_id: str,
    read: FormRecord,
    *,
    registry: Registry | None = None,
    corrected: bool = True,
) -> dict[str, Any]:
    """The submission columns of a record as read, with the corrections in force applied.

    ``corrected=False`` says the submission has no correction (a job learns it with its
    claim), so the audit trail is not read; ``registry`` is passed to ``checked_result``.
    """
    entries: list[AuditEntry] = []
    if corrected:
        with session_scope(services.engine) as session:
            entries = _entries(session, submission_id)
    return _columns(services, read, entries, registry)


def corrected_columns(
    services: Services,
    session: Session,
    submission_id: str,
    read: FormRecord,
    *,
    registry: Registry | None = None,
) -> dict[str, Any]:
    """``corrected_result`` within ``session``: the corrections in force as it sees them."""
    return _columns(services, read, _entries(session, submission_id), registry)


def _rows_value(spec: FieldSpec, text: str) -> list[dict[str, str]]:
    """A list table typed as lines, cells split by | in the order of its columns."""
    labels = [sub.label for sub in spec.rows]
    rows = []
    for line in text.splitlines():
        if not line.strip():
            continue
        cells = [cell.strip() for cell in line.split("|")]
        if len(cells) > len(labels):
            raise ServiceError(
                f"每行最多 {len(labels)} 栏（{' | '.join(labels)}）：“{line}”", field="value"
            )
        rows.append({label: cell for label, cell in zip(labels, cells, strict=False) if cell})
    return rows


def _typed(form: FormSpec, edition: int, name: str, text: str) -> FlatValue:
    """The reviewer's text read as the field's type, the way a form's text is read."""
    try:
        spec = form.field_for_flat(name)
    except KeyError:
        raise ServiceError(f"“{name}”不是{form.list}的字段", field="field") from None
    if not text.strip():
        raise ServiceError("请填写更正后的值，或勾选“表中未填”", field="value")
    raw: object = _rows_value(spec, text) if spec.is_list_table else text
    values = {"form": form.list, "edition": edition, "values": {name: raw}}
    try:
        read = record_from_flat(values, "correction")
    except FlatRecordError as err:
        raise ServiceError(f"无法按“{name}”的类型读取：{err.message}", field="value") from None
    if name not in read.values:
        raise ServiceError(f"“{text}”读不出“{name}”的值", field="value")
    return read.values[name].value


def reviewable(session: Session, principal: Principal, submission_id: str) -> SubmissionRow:
    """The submission, if ``principal`` is a reviewer or admin who may see it."""
    principal.require(Role.REVIEWER, Role.ADMIN)
    row = session.get(SubmissionRow, submission_id)
    if row is None or not visible_row(principal, row):
        raise NotFound(f"没有此申报（no submission {submission_id}）")
    return row


def _running(session: Session, submission_id: str) -> bool:
    states = session.scalars(select(JobRow.state).where(JobRow.submission_id == submission_id))
    return any(not JobState(state).finished for state in states)


def correct(
    services: Services,
    principal: Principal,
    submission_id: str,
    *,
    field: str,
    text: str = "",
    absent: bool = False,
    restore: bool = False,
    reason: str | None = None,
) -> AuditEntry:
    """Records a correction of ``field`` and checks the corrected record again at once.

    ``text`` is read as the field's type; ``absent`` says the value is not on the form;
    ``restore`` takes the field back to what was read.
    """
    with session_scope(services.engine) as session:
        row = reviewable(session, principal, submission_id)
        if row.record is None:
            raise Conflict("尚无读取结果，无法更正（nothing was read yet）")
        if _running(session, row.id):
            raise Conflict(
                "此申报正在重新读取，请稍后再更正（a job of this submission is running）"
            )
        read = FormRecord.model_validate(row.extracted if row.extracted is not None else row.record)
        form = form_spec(read.form, read.edition)
        if restore or absent:
            try:
                form.field_for_flat(field)
            except KeyError:
                raise ServiceError(f"“{field}”不是{form.list}的字段", field="field") from None
            after = None
        else:
            after = _typed(form, read.edition, field, text)
        action = Action.RESTORE if restore else Action.ABSENT if absent else Action.CORRECT
        audit = AuditRow(
            submission_id=row.id,
            action=action,
            field=field,
            before=read.value(field),
            after=after,
            reason=(reason or "").strip() or None,
            actor_token_id=principal.token_id,
            actor_name=principal.name or principal.role.value,
        )
        session.add(audit)
        session.flush()
        entry = AuditEntry.of(audit)
    _recheck(services, submission_id)
    return entry


def _recheck(services: Services, submission_id: str) -> None:
    with session_scope(services.engine) as session:
        row = session.scalar(
            select(SubmissionRow).where(SubmissionRow.id == submission_id).with_for_update()
        )
        if row is None or row.record is None:
            return
        read = FormRecord.model_validate(row.extracted if row.extracted is not None else row.record)
        for name, value in _columns(services, read, _entries(session, row.id)).items():
            setattr(row, name, value)
