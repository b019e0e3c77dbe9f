"""A reviewer's view of the queue: review status, counts per verdict and per flag code."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import func, select

from service.auth import Principal
from service.db import AuditRow, ReviewStatus, SubmissionRow, session_scope
from service.errors import NotFound, ServiceError
from service.usecases.access import visible_row
from service.usecases.context import Services
from service.usecases.corrections import (
    Action,
    AuditEntry,
    Conflicting,
    audit_rows,
    conflicts,
    in_force,
    reviewable,
)
from service.usecases.submissions import Filters, filter_conditions
from service.usecases.views import SubmissionSummary, SubmissionView

__all__ = [
    "ACTION_NAMES",
    "FLAG_NAMES",
    "RESULT_NAMES",
    "REVIEW_NAMES",
    "VERDICT_NAMES",
    "Counts",
    "ReviewView",
    "queue_counts",
    "review_view",
    "set_review",
    "stored_submission",
    "visible_submission",
]

#: The statuses as the pages name them.
REVIEW_NAMES = {
    ReviewStatus.PENDING.value: "未审",
    ReviewStatus.REVIEWED.value: "已审",
    ReviewStatus.RETURNED.value: "退回",
}

VERDICT_NAMES = {
    "eligible": "符合条件",
    "ineligible": "不符合条件",
    "needs_review": "需人工审核",
    "none": "尚无结论",
}
RESULT_NAMES = {
    "pass": "符合",
    "fail": "不符合",
    "unknown": "无法判断",
    "needs_review": "需人工审核",
}
ACTION_NAMES = {
    Action.CORRECT: "更正",
    Action.ABSENT: "标为表中未填",
    Action.RESTORE: "恢复读取值",
    Action.STATUS: "审核状态",
}
FLAG_NAMES = {
    "missing": "未填写",
    "unparsed": "无法识别",
    "out_of_range": "超出范围",
    "average_mismatch": "平均值不符",
    "ratio_mismatch": "比例不符",
    "subset_exceeds_total": "分项大于总数",
    "too_long": "字数过多",
    "too_short": "字数不足",
    "bad_phone": "电话格式有误",
    "bad_email": "邮箱格式有误",
    "after_deadline": "晚于截止日期",
    "choice_count": "勾选数目不对",
    "ambiguous_label": "标签含糊",
    "low_confidence": "识别置信度低",
}


@dataclass(frozen=True)
class Counts:
    """How many submissions of a filter have each verdict, and each flag code."""

    total: int
    verdicts: dict[str, int] = field(default_factory=dict)
    flag_codes: dict[str, int] = field(default_factory=dict)


def queue_counts(services: Services, principal: Principal, filters: Filters) -> Counts:
    """Counts over every submission the filter selects (not only the page shown)."""
    conditions = filter_conditions(principal, filters)
    with session_scope(services.engine) as session:
        verdicts = {
            (verdict or "none"): count
            for verdict, count in session.execute(
                select(SubmissionRow.verdict, func.count())
                .where(*conditions)
                .group_by(SubmissionRow.verdict)
            )
        }
        codes: Counter[str] = Counter()
        for found in session.scalars(
            select(SubmissionRow.flag_codes).where(*conditions, SubmissionRow.flag_count > 0)
        ):
            codes.update((found or "").split())
    return Counts(total=sum(verdicts.values()), verdicts=verdicts, flag_codes=dict(codes))


def set_review(
    services: Services,
    principal: Principal,
    submission_id: str,
    *,
    status: str,
    comment: str | None = None,
) -> AuditEntry:
    """Sets a submission's review status with an optional comment, kept in the audit trail."""
    if status not in REVIEW_NAMES:
        known = "、".join(f"{k}（{v}）" for k, v in REVIEW_NAMES.items())
        raise ServiceError(f"审核状态须为 {known}", field="status")
    with session_scope(services.engine) as session:
        row = reviewable(session, principal, submission_id)
        comment = (comment or "").strip() or None
        audit = AuditRow(
            submission_id=row.id,
            action=Action.STATUS,
            before=row.review_status,
            after=status,
            reason=comment,
            actor_token_id=principal.token_id,
            actor_name=principal.name or principal.role.value,
        )
        session.add(audit)
        row.review_status = status
        row.review_comment = comment
        session.flush()
        return AuditEntry.of(audit)


@dataclass(frozen=True)
class ReviewView:
    """A submission with what a reviewer did to it: the trail, corrections, conflicts."""

    submission: SubmissionView
    audit: list[AuditEntry]
    corrections: dict[str, AuditEntry]
    conflicts: list[Conflicting]
    review_comment: str | None


def stored_submission(row: SubmissionRow) -> SubmissionView:
    """A submission as stored: the JSON of its record and evaluation, not re-validated, so
    that parts a newer reader adds show before this code knows them."""
    return SubmissionView(
        **SubmissionSummary.of(row).model_dump(), record=row.record, evaluation=row.evaluation
    )


def visible_submission(
    services: Services, principal: Principal, submission_id: str
) -> SubmissionView:
    """A submission as stored, if ``principal`` may see it."""
    with session_scope(services.engine) as session:
        row = session.get(SubmissionRow, submission_id)
        if row is None or not visible_row(principal, row):
            raise NotFound(f"没有此申报（no submission {submission_id}）")
        return stored_submission(row)


def review_view(services: Services, principal: Principal, submission_id: str) -> ReviewView:
    """A submission whole, with its audit trail and the corrections in force."""
    with session_scope(services.engine) as session:
        row = session.get(SubmissionRow, submission_id)
        if row is None or not visible_row(principal, row):
            raise NotFound(f"没有此申报（no submission {submission_id}）")
        submission = stored_submission(row)
        extracted, comment = row.extracted, row.review_comment
        trail = [AuditEntry.of(entry) for entry in audit_rows(session, row.id)]
    corrections = in_force(trail)
    read = extracted if extracted is not None else submission.record or {}
    return ReviewView(
        submission=submission,
        audit=trail,
        corrections=corrections,
        conflicts=conflicts(read, corrections),
        review_comment=comment,
    )
