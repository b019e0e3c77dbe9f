"""Running one claimed job: read the original, check it, write the result once.

The write is keyed by the submission and guarded by the job still being this worker's,
so a job delivered twice, or reaped from a worker that then woke up, writes nothing
twice. A running job's lease is renewed by the process's lease keeper; when the
process dies the lease runs out and the reaper takes the job back.
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import version
from typing import Any

from sqlalchemy import Engine, bindparam, case, exists, literal, select, update

from schemas.errors import KczgError
from schemas.record import FormRecord
from service.db import (
    AuditRow,
    Base,
    JobAction,
    JobRow,
    JobState,
    SubmissionRow,
    autocommit,
    session_scope,
)
from service.filestore import DatabaseStore, bytes_copy
from service.jobs.claims import Claim, claim
from service.jobs.leases import lease_keeper
from service.usecases.context import Services
from service.usecases.corrections import corrected_columns, corrected_result

__all__ = ["EXTRACTOR_VERSION", "Outcome", "execute", "reads_with_claim", "run_job", "warm_up"]

log = logging.getLogger("kczg.jobs")

#: The version of the reading code that produced a result, kept on every job.
EXTRACTOR_VERSION = version("kczg-forms")


@dataclass(frozen=True)
class Outcome:
    """What a job came to."""

    state: JobState
    error_code: str | None = None
    error_message: str | None = None


def _stored_record(services: Services, submission_id: str) -> dict[str, Any] | None:
    # A re-check starts from the record as read: corrections are applied again.
    with session_scope(services.engine) as session:
        stored = session.execute(
            select(SubmissionRow.extracted, SubmissionRow.record).where(
                SubmissionRow.id == submission_id
            )
        ).one()
    record: dict[str, Any] | None = (
        stored.extracted if stored.extracted is not None else stored.record
    )
    return record


def _read(services: Services, work: Claim) -> FormRecord:
    if work.action is JobAction.CHECK:
        record = _stored_record(services, work.submission_id)
        if record is not None:
            return FormRecord.model_validate(record)
    from extractor.api import extract

    suffix = f".{work.file_kind}"
    copy = (
        services.store.local_copy(work.sha256, suffix)
        if work.original is None
        else bytes_copy(work.original, suffix)
    )
    with copy as path:
        return extract(
            path,
            edition=work.declared_edition,
            form=work.declared_form,
            source=work.filename,
            time_limit=services.settings.time_limit,
            max_pages=services.settings.max_pages,
        )


_CANCELED = JobRow.cancel_requested.is_(True)
# Built once, so that SQLAlchemy compiles them once per process (see claims).
_END_JOB = (
    update(JobRow)
    .where(
        JobRow.id == bindparam("job_id"),
        JobRow.state == JobState.RUNNING.value,
        JobRow.worker == bindparam("me"),
    )
    .values(
        state=case((_CANCELED, JobState.CANCELED.value), else_=bindparam("end_state")),
        error_code=case((_CANCELED, None), else_=bindparam("code")),
        error_message=case((_CANCELED, None), else_=bindparam("message")),
        finished_at=bindparam("now"),
        extractor_version=EXTRACTOR_VERSION,
        lease_expires_at=None,
    )
    .returning(JobRow.submission_id, JobRow.cancel_requested)
    .execution_options(synchronize_session=False)
)
_submissions = Base.metadata.tables[SubmissionRow.__tablename__]
_jobs = Base.metadata.tables[JobRow.__tablename__]
#: The columns set are the keys of the parameters given with it.
_WRITE_SUBMISSION = update(_submissions).where(_submissions.c.id == bindparam("submission"))
_CORRECTED_SINCE = exists().where(
    AuditRow.submission_id == bindparam("submission"),
    AuditRow.field.is_not(None),
    AuditRow.seq > bindparam("seen"),
)
#: The same, unless a correction was made since the job was claimed (its result would
#: lose it).
_WRITE_UNCORRECTED = _WRITE_SUBMISSION.where(~_CORRECTED_SINCE).returning(_submissions.c.id)
#: On PostgreSQL, the common end in one statement: the job still this worker's, no
#: cancel asked and no correction made since the claim; then the job ends and its
#: submission is written together (the job's update a CTE the submission's joins), or,
#: when any of that does not hold, nothing is written and ``_finish``'s transaction
#: decides.
_ENDED = (
    update(_jobs)
    .where(
        _jobs.c.id == bindparam("job_id"),
        _jobs.c.state == JobState.RUNNING.value,
        _jobs.c.worker == bindparam("me"),
        _jobs.c.cancel_requested.is_(False),
        ~_CORRECTED_SINCE,
    )
    .values(
        state=bindparam("end_state"),
        error_code=bindparam("code"),
        error_message=bindparam("message"),
        finished_at=bindparam("now"),
        # A literal, not a parameter named after the column the submission's SET has too.
        extractor_version=literal(EXTRACTOR_VERSION),
        lease_expires_at=None,
    )
    .returning(_jobs.c.submission_id)
    .cte("ended")
)
_END_AND_WRITE = (
    update(_submissions)
    .add_cte(_ENDED)
    .where(_submissions.c.id == _ENDED.c.submission_id)
    .returning(_submissions.c.id)
)


def _end_at_once(
    engine: Engine, work: Claim, worker: str, outcome: Outcome, result: dict[str, Any]
) -> bool:
    """The job's end and its submission's result in one statement on PostgreSQL (no
    BEGIN, COMMIT or second statement to wait for); False when it did not apply."""
    if engine.dialect.name != "postgresql":
        return False
    now = datetime.now(UTC)
    params = {
        "job_id": work.job_id,
        "me": worker,
        "end_state": outcome.state.value,
        "code": outcome.error_code,
        "message": outcome.error_message,
        "now": now,
        "submission": work.submission_id,
        "seen": work.audit_seq,
        # Given: a Python-side ``onupdate`` is not applied beside a CTE.
        "updated_at": now,
        **_submission_columns(outcome, result),
    }
    with autocommit(engine) as connection:
        return connection.execute(_END_AND_WRITE, params).first() is not None


def _finish(
    services: Services,
    work: Claim,
    worker: str,
    outcome: Outcome,
    read: FormRecord | None,
    result: dict[str, Any],
) -> None:
    if _end_at_once(services.engine, work, worker, outcome, result):
        return
    # On SQLite, and where the one statement did not apply: two updates in one
    # transaction, no reads: the job's guarded by still being this
    # worker's (a reaped job's late result is dropped) and decides a requested cancel in
    # the same row lock; the submission's is keyed by its id, so it is written once.
    # A worker's commit does not wait for the disk: lost in a database crash, the job is
    # still running with a lease that runs out, and the reaper queues it again.
    job_id = work.job_id
    with session_scope(services.engine) as session:
        taken = session.execute(
            _END_JOB,
            {
                "job_id": job_id,
                "me": worker,
                "end_state": outcome.state.value,
                "code": outcome.error_code,
                "message": outcome.error_message,
                "now": datetime.now(UTC),
            },
        ).first()
        if taken is None:
            log.info("job %s is no longer ours; its result is dropped", job_id)
            return
        submission_id, cancel_requested = taken
        if cancel_requested:
            # Rare: the one path that reads the submission, to keep a re-run's result.
            submission = session.get(SubmissionRow, submission_id)
            if submission is not None:
                has_result = submission.record is not None
                submission.state = (JobState.SUCCEEDED if has_result else JobState.CANCELED).value
            return
        columns = _submission_columns(outcome, result)
        if outcome.state is not JobState.SUCCEEDED or read is None:
            session.execute(_WRITE_SUBMISSION, {"submission": submission_id, **columns})
            return
        written = session.execute(
            _WRITE_UNCORRECTED, {"submission": submission_id, "seen": work.audit_seq, **columns}
        ).first()
        if written is None:
            # A reviewer corrected a field while the file was being read: the result is
            # made again with the corrections as this transaction sees them.
            registry = services.registry.at(work.registry_version)
            again = corrected_columns(services, session, submission_id, read, registry=registry)
            session.execute(
                _WRITE_SUBMISSION,
                {"submission": submission_id, **_submission_columns(outcome, again)},
            )


def _submission_columns(outcome: Outcome, result: dict[str, Any]) -> dict[str, Any]:
    """What the submission shows of its job's end: the result, or the error."""
    if outcome.state is JobState.SUCCEEDED:
        return {
            **result,
            "error_code": None,
            "error_message": None,
            "extractor_version": EXTRACTOR_VERSION,
            "state": JobState.SUCCEEDED.value,
        }
    return {
        "state": outcome.state.value,
        "error_code": outcome.error_code,
        "error_message": outcome.error_message,
    }


def execute(services: Services, work: Claim, *, worker: str) -> Outcome:
    """Runs a job this worker has claimed, and writes what it came to."""
    job_id = work.job_id
    keeper = lease_keeper(services.engine, services.settings.lease_seconds)
    read: FormRecord | None = None
    with keeper.holding(job_id, worker):
        try:
            read = _read(services, work)
            result = corrected_result(
                services,
                work.submission_id,
                read,
                registry=services.registry.at(work.registry_version),
                corrected=work.corrected,
            )
            outcome = Outcome(JobState.SUCCEEDED)
        except KczgError as err:
            result = {}
            outcome = Outcome(JobState.FAILED, err.kind.value, err.message)
        except (MemoryError, RecursionError) as err:
            result = {}
            outcome = Outcome(JobState.FAILED, "unsafe", f"文件过于复杂（{type(err).__name__}）")
        except Exception as err:  # a reader's bug fails this job, not the worker
            log.exception("job %s failed unexpectedly", job_id)
            result = {}
            outcome = Outcome(JobState.FAILED, "internal", f"内部错误（{type(err).__name__}）")
    _finish(services, work, worker, outcome, read, result)
    return outcome


def warm_up() -> None:
    """Loads the readers, jieba's dictionary and the eligibility rules now, so the first
    job does not pay for them (Celery's forked children share what their parent loaded;
    a spawned worker loads it while the first files are still being stored), then takes
    all that out of the garbage collector's sight.

    The collector walks every object it tracks at each full collection, and reading a
    form allocates enough to cause many: with these left in its sight a worker spent
    about a fifth of extract()'s time in them. What is loaded here lives as long as the
    process, so freezing it loses nothing; a fork then also leaves the pages of these
    objects shared, the collector no longer writing to them.
    """
    import gc

    import jieba

    import extractor.api  # noqa: F401 - imported for its side effect of loading the readers
    from eligibility.loader import rule_editions, rules_for

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    for edition in rule_editions():
        # A broken rules file is reported by the jobs that need it, as before.
        with contextlib.suppress(KczgError):
            rules_for(edition)
    gc.collect()
    gc.freeze()


def reads_with_claim(services: Services) -> bool:
    """Whether a claim reads the original too: its bytes are in the database claimed from."""
    return isinstance(services.store, DatabaseStore)


def run_job(services: Services, job_id: str, *, worker: str) -> Outcome | None:
    """Claims ``job_id`` and runs it; None if it was not queued (done, or someone has it)."""
    work = claim(
        services.engine,
        job_id,
        worker=worker,
        lease=services.settings.lease_seconds,
        with_original=reads_with_claim(services),
    )
    if work is None:
        return None
    return execute(services, work, worker=worker)
