"""Running one claimed job: read the original, check it, write the result once.

The write is keyed by the submission and guarded by the job still being this worker's,
so a job delivered twice, or reaped from a worker that then woke up, writes nothing
twice. A running job renews its lease from a heartbeat thread; when the process dies
the lease runs out and the reaper takes the job back.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import version
from typing import Any

from sqlalchemy import select

from schemas.errors import KczgError
from schemas.record import FormRecord
from service.db import JobAction, JobRow, JobState, SubmissionRow, session_scope
from service.jobs.claims import claim, renew
from service.usecases.context import Services
from service.usecases.corrections import corrected_result

__all__ = ["EXTRACTOR_VERSION", "Outcome", "execute", "run_job", "warm_up"]

log = logging.getLogger("kczg.jobs")

#: The version of the reading code that produced a result, kept on every job.
EXTRACTOR_VERSION = version("kczg-forms")


@dataclass(frozen=True)
class Outcome:
    """What a job came to."""

    state: JobState
    error_code: str | None = None
    error_message: str | None = None


@dataclass(frozen=True)
class _Work:
    action: JobAction
    submission_id: str
    sha256: str
    suffix: str
    filename: str
    form: str | None
    edition: int | None
    record: dict[str, Any] | None


def _load(services: Services, job_id: str) -> _Work | None:
    # One query for what the run needs; the stored record only for a re-check.
    with session_scope(services.engine) as session:
        found = session.execute(
            select(
                JobRow.action,
                SubmissionRow.id,
                SubmissionRow.sha256,
                SubmissionRow.file_kind,
                SubmissionRow.filename,
                SubmissionRow.declared_form,
                SubmissionRow.declared_edition,
            )
            .join(SubmissionRow, SubmissionRow.id == JobRow.submission_id)
            .where(JobRow.id == job_id)
        ).first()
        if found is None:
            return None
        action, submission_id, sha256, kind, filename, form, edition = found
        record = None
        if JobAction(action) is JobAction.CHECK:
            # A re-check starts from the record as read: corrections are applied again.
            stored = session.execute(
                select(SubmissionRow.extracted, SubmissionRow.record).where(
                    SubmissionRow.id == submission_id
                )
            ).one()
            record = stored.extracted if stored.extracted is not None else stored.record
        return _Work(
            action=JobAction(action),
            submission_id=submission_id,
            sha256=sha256,
            suffix=f".{kind}",
            filename=filename,
            form=form,
            edition=edition,
            record=record,
        )


def _read(services: Services, work: _Work) -> FormRecord:
    if work.action is JobAction.CHECK and work.record is not None:
        return FormRecord.model_validate(work.record)
    from extractor.api import extract

    with services.store.local_copy(work.sha256, work.suffix) as path:
        return extract(
            path,
            edition=work.edition,
            form=work.form,
            source=work.filename,
            time_limit=services.settings.time_limit,
            max_pages=services.settings.max_pages,
        )


class _Heartbeat:
    """Renews a job's lease every third of it until stopped."""

    def __init__(self, services: Services, job_id: str, worker: str) -> None:
        self._stop = threading.Event()
        lease = services.settings.lease_seconds

        def beat() -> None:
            while not self._stop.wait(lease / 3):
                try:
                    renew(services.engine, job_id, worker=worker, lease=lease)
                except KczgError:
                    log.warning("could not renew the lease of job %s", job_id)

        self._thread = threading.Thread(target=beat, name=f"lease {job_id}", daemon=True)

    def __enter__(self) -> _Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


def _finish(services: Services, job_id: str, worker: str, outcome: Outcome, **result: Any) -> None:
    now = datetime.now(UTC)
    with session_scope(services.engine) as session:
        job = session.scalar(select(JobRow).where(JobRow.id == job_id).with_for_update())
        if job is None or job.state != JobState.RUNNING.value or job.worker != worker:
            log.info("job %s is no longer ours; its result is dropped", job_id)
            return
        submission = session.get(SubmissionRow, job.submission_id)
        if job.cancel_requested:
            outcome = Outcome(JobState.CANCELED)
        job.state = outcome.state.value
        job.error_code = outcome.error_code
        job.error_message = outcome.error_message
        job.finished_at = now
        job.extractor_version = EXTRACTOR_VERSION
        job.lease_expires_at = None
        if submission is None:
            return
        if outcome.state is JobState.SUCCEEDED:
            for name, value in result.items():
                setattr(submission, name, value)
            submission.error_code = None
            submission.error_message = None
            submission.extractor_version = EXTRACTOR_VERSION
            submission.state = JobState.SUCCEEDED.value
        elif outcome.state is JobState.FAILED:
            submission.state = JobState.FAILED.value
            submission.error_code = outcome.error_code
            submission.error_message = outcome.error_message
        else:
            has_result = submission.record is not None
            submission.state = (JobState.SUCCEEDED if has_result else JobState.CANCELED).value


def execute(services: Services, job_id: str, *, worker: str) -> Outcome:
    """Runs a job this worker has claimed, and writes what it came to."""
    work = _load(services, job_id)
    if work is None:
        return Outcome(JobState.FAILED, "not_found", "job or submission gone")
    with _Heartbeat(services, job_id, worker):
        try:
            record = _read(services, work)
            result = corrected_result(services, work.submission_id, record)
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
    _finish(services, job_id, worker, outcome, **result)
    return outcome


def warm_up() -> None:
    """Loads the readers and jieba's dictionary now, so the first job does not pay for them
    (Celery's forked children share what their parent loaded; a spawned worker loads it
    while the first files are still being stored)."""
    import jieba

    import extractor.api  # noqa: F401 - imported for its side effect of loading the readers

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()


def run_job(services: Services, job_id: str, *, worker: str) -> Outcome | None:
    """Claims ``job_id`` and runs it; None if it was not queued (done, or someone has it)."""
    if not claim(services.engine, job_id, worker=worker, lease=services.settings.lease_seconds):
        return None
    return execute(services, job_id, worker=worker)
