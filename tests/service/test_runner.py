"""A job's result write: once, by the worker that still holds the job, and a cancel kept."""

from __future__ import annotations

import time
from typing import Any

import pytest
from sqlalchemy import event

from service.auth import LOCAL_ADMIN
from service.db import AuditRow, JobAction, JobRow, JobState, SubmissionRow, session_scope
from service.jobs.claims import Claim, claim, claim_next, reap_expired, release
from service.jobs.leases import LeaseKeeper
from service.jobs.runner import execute
from service.usecases.submissions import cancel_job, rerun, submit
from tests.conftest import CHECKED_IN

FORM = CHECKED_IN / "001-2022-rising_company-faithful.docx"
POSTGRESQL = pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)


def _submitted(services: Any) -> tuple[str, str]:
    """A stored form and its queued job: (submission id, job id)."""
    with FORM.open("rb") as handle:
        answer = submit(services, LOCAL_ADMIN, handle=handle, filename=FORM.name)
    assert answer.job is not None
    return answer.submission.id, answer.job.id


def _rows(services: Any, submission_id: str, job_id: str) -> tuple[SubmissionRow, JobRow]:
    with session_scope(services.engine) as session:
        submission = session.get(SubmissionRow, submission_id)
        job = session.get(JobRow, job_id)
        assert submission is not None and job is not None
        return submission, job


def test_a_worker_whose_job_was_taken_back_writes_nothing(services: Any) -> None:
    submission_id, job_id = _submitted(services)
    late = claim(services.engine, job_id, worker="a:1", lease=30)
    assert late is not None
    # a:1 is presumed lost; the job goes to b:2, which is still reading it.
    assert release(services.engine, workers=["a:1"]) == [job_id]
    current = claim_next(services.engine, worker="b:2", lease=30)
    assert current is not None and current.job_id == job_id
    assert execute(services, late, worker="a:1").state is JobState.SUCCEEDED
    submission, job = _rows(services, submission_id, job_id)
    assert (job.state, job.worker, submission.record) == ("running", "b:2", None)
    execute(services, current, worker="b:2")
    submission, job = _rows(services, submission_id, job_id)
    assert (job.state, submission.state) == ("succeeded", "succeeded")
    assert submission.record is not None and submission.verdict
    assert submission.extracted is None  # no correction: the record is the one read


@POSTGRESQL
def test_a_job_ends_and_writes_its_result_in_one_statement_on_postgresql(services: Any) -> None:
    submission_id, job_id = _submitted(services)
    before, _ = _rows(services, submission_id, job_id)
    work = claim(services.engine, job_id, worker="a:1", lease=30)
    assert work is not None
    writes: list[str] = []

    def heard(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if not statement.lstrip().upper().startswith(("SELECT", "BEGIN", "COMMIT", "ROLLBACK")):
            writes.append(statement)

    event.listen(services.engine, "before_cursor_execute", heard)
    try:
        assert execute(services, work, worker="a:1").state is JobState.SUCCEEDED
    finally:
        event.remove(services.engine, "before_cursor_execute", heard)
    assert len(writes) == 1 and "UPDATE jobs" in writes[0] and "UPDATE submissions" in writes[0]
    submission, job = _rows(services, submission_id, job_id)
    assert (job.state, job.lease_expires_at, submission.state) == ("succeeded", None, "succeeded")
    assert job.finished_at is not None and job.extractor_version == submission.extractor_version
    assert submission.record is not None and submission.verdict
    assert submission.updated_at > before.updated_at


def test_a_job_canceled_while_running_ends_canceled_and_writes_no_result(services: Any) -> None:
    submission_id, job_id = _submitted(services)
    work = claim(services.engine, job_id, worker="a:1", lease=30)
    assert work is not None
    cancel_job(services, LOCAL_ADMIN, job_id)
    execute(services, work, worker="a:1")
    submission, job = _rows(services, submission_id, job_id)
    assert (job.state, job.error_code, submission.state) == ("canceled", None, "canceled")
    assert submission.record is None


def _read_again(services: Any) -> tuple[str, Claim]:
    """A form read once, and the re-reading a worker has just claimed: (submission id, claim)."""
    submission_id, first = _submitted(services)
    work = claim(services.engine, first, worker="a:1", lease=30)
    assert work is not None
    execute(services, work, worker="a:1")
    again = rerun(services, LOCAL_ADMIN, submission_id, action=JobAction.EXTRACT)
    work = claim(services.engine, again.id, worker="a:1", lease=30)
    assert work is not None
    return submission_id, work


def test_a_rerun_canceled_while_running_keeps_the_earlier_result(services: Any) -> None:
    submission_id, work = _read_again(services)
    cancel_job(services, LOCAL_ADMIN, work.job_id)
    execute(services, work, worker="a:1")
    submission, job = _rows(services, submission_id, work.job_id)
    assert (job.state, submission.state) == ("canceled", "succeeded")
    assert submission.record is not None


def test_a_correction_made_while_the_file_is_read_again_is_kept(services: Any) -> None:
    submission_id, work = _read_again(services)
    assert not work.corrected
    # What a reviewer's correction writes, committed just after the job was claimed (its
    # check that no job was running ran before the re-run was queued).
    with session_scope(services.engine) as session:
        session.add(
            AuditRow(
                submission_id=submission_id,
                action="correct",
                field="法定代表人",
                before="梁志远",
                after="梁志远（更正）",
                actor_token_id="local",
                actor_name="reviewer",
            )
        )
    execute(services, work, worker="a:1")
    submission, job = _rows(services, submission_id, work.job_id)
    assert (job.state, submission.state) == ("succeeded", "succeeded")
    assert submission.record is not None and submission.extracted is not None
    assert submission.record["values"]["法定代表人"]["value"] == "梁志远（更正）"
    assert submission.extracted["values"]["法定代表人"]["value"] == "梁志远"


def test_a_held_job_outlives_its_lease_and_a_dropped_one_is_reaped(services: Any) -> None:
    _, job_id = _submitted(services)
    assert claim(services.engine, job_id, worker="a:1", lease=2.0) is not None
    keeper = LeaseKeeper(services.engine, 2.0)
    with keeper.holding(job_id, "a:1"):
        for _ in range(10):  # five seconds: more than two leases
            time.sleep(0.5)
            assert reap_expired(services.engine) == []
    time.sleep(2.5)
    assert reap_expired(services.engine) == [job_id]
