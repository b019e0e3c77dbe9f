"""Claiming jobs by a lease, renewing it, and putting back jobs whose lease ran out.

A claim is a conditional update (``WHERE state = 'queued'``), so two workers polling
the same table never run one job twice, on SQLite and PostgreSQL alike. The same
transaction marks the submission running and returns what running the job needs (its
file, what was declared, the registry's version, the newest step of its audit trail,
and with the database file store the original's bytes), so a job costs no further
query before it reads its file. On PostgreSQL the claim is a single statement.

Workers commit without waiting for the disk (``make_engine(durable=False)``): a claim
lost in a crash of the database server leaves the job queued, and it runs again; the
result write of the first run then finds the job no longer this worker's.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any

from sqlalchemy import ColumnElement, Engine, Update, bindparam, func, select, update
from sqlalchemy.sql._typing import _ColumnsClauseArgument

from service.db import (
    AuditRow,
    BlobRow,
    JobAction,
    JobRow,
    JobState,
    SubmissionRow,
    autocommit,
    session_scope,
)
from service.registry_store import version_column

__all__ = ["Claim", "claim", "claim_next", "mirror", "reap_expired", "release", "renew"]

log = logging.getLogger("kczg.jobs")


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Claim:
    """A job a worker has taken, and what running it needs of its submission."""

    job_id: str
    action: JobAction
    submission_id: str
    sha256: str
    file_kind: str
    filename: str
    declared_form: str | None
    declared_edition: int | None
    #: The registry's version when the job was claimed: the one its check must use.
    registry_version: int | None
    #: The newest step of the audit trail that touches a field (0: none), when the job
    #: was claimed: a correction made later is applied before the result is written.
    audit_seq: int
    #: The original's bytes when the claim read them (the database file store): the job
    #: then needs no query of its own for them.
    original: bytes | None = None

    @property
    def corrected(self) -> bool:
        """Whether the audit trail holds corrections that may be in force."""
        return self.audit_seq > 0


def _take(condition: ColumnElement[bool]) -> Update:
    """The conditional update that gives a queued job matching ``condition`` to a worker."""
    return (
        update(JobRow)
        .where(condition, JobRow.state == JobState.QUEUED.value)
        .values(
            state=JobState.RUNNING.value,
            attempts=JobRow.attempts + 1,
            worker=bindparam("taker"),
            lease_expires_at=bindparam("until"),
            started_at=bindparam("now"),
        )
        .returning(JobRow.id, JobRow.action, JobRow.submission_id)
        .execution_options(synchronize_session=False)
    )


_OLDEST_QUEUED = (
    select(JobRow.id)
    .where(JobRow.state == JobState.QUEUED.value)
    .order_by(JobRow.created_at, JobRow.id)
    .limit(1)
    .with_for_update(skip_locked=True)
    .scalar_subquery()
)


def _work_columns(*, with_original: bool) -> list[_ColumnsClauseArgument[Any]]:
    """What running a job needs of its submission, as columns of the submission's update."""
    columns: list[_ColumnsClauseArgument[Any]] = [
        SubmissionRow.sha256,
        SubmissionRow.file_kind,
        SubmissionRow.filename,
        SubmissionRow.declared_form,
        SubmissionRow.declared_edition,
        version_column(),
        select(func.coalesce(func.max(AuditRow.seq), 0))
        .where(AuditRow.submission_id == SubmissionRow.id, AuditRow.field.is_not(None))
        .scalar_subquery(),
    ]
    if with_original:
        columns.append(
            select(BlobRow.data).where(BlobRow.sha256 == SubmissionRow.sha256).scalar_subquery()
        )
    return columns


# Built once per process (see below): SQLAlchemy then compiles and keys each statement
# once, which on a fast database costs more than running it.
@cache
def _statements(*, oldest: bool, with_original: bool, one_statement: bool) -> tuple[Update, ...]:
    """The statements of a claim: the job's take and its submission's mark, or on
    PostgreSQL both in one statement (the take a CTE the mark joins), which saves the
    round trips of a second statement, of BEGIN and of COMMIT."""
    # On PostgreSQL rows other workers are taking are skipped rather than waited for.
    take = _take(JobRow.id == (_OLDEST_QUEUED if oldest else bindparam("job_id")))
    columns = _work_columns(with_original=with_original)
    # The time is given: a Python-side ``onupdate`` is not applied beside a CTE.
    mark = update(SubmissionRow).values(state=JobState.RUNNING.value, updated_at=bindparam("now"))
    if not one_statement:
        return (
            take,
            mark.where(SubmissionRow.id == bindparam("submission"))
            .returning(*columns)
            .execution_options(synchronize_session=False),
        )
    taken = take.cte("taken")
    both = (
        mark.add_cte(taken)
        .where(SubmissionRow.id == taken.c.submission_id)
        .returning(taken.c.id, taken.c.action, taken.c.submission_id, *columns)
        .execution_options(synchronize_session=False)
    )
    return (both,)


def _claim_of(row: Sequence[Any]) -> Claim:
    job_id, action, submission_id, sha256, kind, filename, form, edition, version, seq = row[:10]
    original = row[10] if len(row) > 10 else None
    return Claim(
        job_id=str(job_id),
        action=JobAction(action),
        submission_id=str(submission_id),
        sha256=sha256,
        file_kind=kind,
        filename=filename,
        declared_form=form,
        declared_edition=edition,
        registry_version=version,
        audit_seq=int(seq),
        original=None if original is None else bytes(original),
    )


def _claim(
    engine: Engine, *, oldest: bool, worker: str, lease: float, with_original: bool, **params: str
) -> Claim | None:
    """A job that is still queued becomes ``worker``'s, and its submission shows it
    running, in one transaction; the claim, or None."""
    now = _now()
    values = {"taker": worker, "until": now + timedelta(seconds=lease), "now": now, **params}
    one_statement = engine.dialect.name == "postgresql"
    statements = _statements(
        oldest=oldest, with_original=with_original, one_statement=one_statement
    )
    if one_statement:
        # One statement is a transaction of its own: no BEGIN and COMMIT to wait for.
        with autocommit(engine) as connection:
            row = connection.execute(statements[0], values).first()
        return None if row is None else _claim_of(row)
    take, mark = statements
    with session_scope(engine) as session:
        taken = session.execute(take, values).first()
        if taken is None:
            return None
        work = session.execute(mark, {"submission": taken.submission_id, "now": now}).one()
        return _claim_of((*taken, *work))


def claim(
    engine: Engine, job_id: str, *, worker: str, lease: float, with_original: bool = False
) -> Claim | None:
    """Takes ``job_id`` for ``worker`` if it is still queued; None if someone else has it.

    ``with_original`` reads the original's bytes with the claim (the database file store).
    """
    return _claim(
        engine,
        oldest=False,
        worker=worker,
        lease=lease,
        with_original=with_original,
        job_id=job_id,
    )


def claim_next(
    engine: Engine, *, worker: str, lease: float, with_original: bool = False
) -> Claim | None:
    """The oldest queued job, claimed for ``worker``; None when none waits.

    One statement picks and takes it; ``with_original`` as for ``claim``.
    """
    for _ in range(5):
        taken = _claim(engine, oldest=True, worker=worker, lease=lease, with_original=with_original)
        if taken is not None:
            return taken
        with session_scope(engine) as session:
            waiting = session.scalar(
                select(JobRow.id).where(JobRow.state == JobState.QUEUED.value).limit(1)
            )
        if waiting is None:
            return None
    return None


def renew(engine: Engine, job_id: str, *, worker: str, lease: float) -> bool:
    """Extends the lease of a job ``worker`` runs; False if the job is no longer its own."""
    with session_scope(engine) as session:
        result = session.execute(
            update(JobRow)
            .where(
                JobRow.id == job_id,
                JobRow.worker == worker,
                JobRow.state == JobState.RUNNING.value,
            )
            .values(lease_expires_at=_now() + timedelta(seconds=lease))
        )
        return bool(getattr(result, "rowcount", 0))


def reap_expired(engine: Engine) -> list[str]:
    """Jobs whose worker stopped renewing: queued again, or failed after their last attempt.

    Returns the ids queued again, for the caller to hand to its workers.
    """
    now = _now()
    requeued: list[str] = []
    with session_scope(engine) as session:
        expired = session.scalars(
            select(JobRow).where(
                JobRow.state == JobState.RUNNING.value, JobRow.lease_expires_at < now
            )
        ).all()
        for job in expired:
            submission = session.get(SubmissionRow, job.submission_id)
            if job.cancel_requested:
                job.state = JobState.CANCELED.value
                job.finished_at = now
            elif job.attempts >= job.max_attempts:
                job.state = JobState.FAILED.value
                job.error_code = "worker_lost"
                job.error_message = (
                    f"处理进程 {job.attempts} 次意外终止，已放弃"
                    f"（the worker died on each of {job.attempts} attempts）"
                )
                job.finished_at = now
            else:
                job.state = JobState.QUEUED.value
                job.worker = None
                job.lease_expires_at = None
                requeued.append(job.id)
            log.warning("job %s of a lost worker: now %s", job.id, job.state)
            if submission is not None:
                mirror(submission, job)
    return requeued


def release(engine: Engine, *, workers: list[str]) -> list[str]:
    """Queues again the running jobs of ``workers``, which were stopped on purpose (not
    lost), so the attempt they were on does not count; returns the job ids."""
    with session_scope(engine) as session:
        jobs = session.scalars(
            select(JobRow).where(JobRow.state == JobState.RUNNING.value, JobRow.worker.in_(workers))
        ).all()
        for job in jobs:
            job.state = JobState.QUEUED.value
            job.worker = None
            job.lease_expires_at = None
            job.attempts = max(0, job.attempts - 1)
            submission = session.get(SubmissionRow, job.submission_id)
            if submission is not None:
                mirror(submission, job)
        return [job.id for job in jobs]


def mirror(submission: SubmissionRow, job: JobRow) -> None:
    """The submission shows its newest job's state; a canceled re-run keeps the result."""
    if job.state == JobState.CANCELED.value:
        has_result = submission.record is not None
        submission.state = (JobState.SUCCEEDED if has_result else JobState.CANCELED).value
        return
    submission.state = job.state
    if job.state == JobState.FAILED.value:
        submission.error_code = job.error_code
        submission.error_message = job.error_message
