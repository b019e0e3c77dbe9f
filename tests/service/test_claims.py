"""Claiming jobs: workers racing for the same table each get a job of their own."""

from __future__ import annotations

import threading
from typing import Any

from sqlalchemy import select

from service.db import JobAction, JobRow, JobState, SubmissionRow, session_scope
from service.jobs.claims import claim, claim_next, release


def _queue(services: Any, count: int) -> list[str]:
    ids = []
    with session_scope(services.engine) as session:
        for number in range(count):
            row = SubmissionRow(
                sha256=f"{number:064x}", filename=f"{number}.docx", file_kind="docx", size=1
            )
            session.add(row)
            session.flush()
            job = JobRow(submission_id=row.id, action=JobAction.EXTRACT.value, max_attempts=3)
            session.add(job)
            session.flush()
            ids.append(job.id)
    return ids


def test_racing_workers_claim_every_job_exactly_once(services: Any) -> None:
    queued = _queue(services, 30)
    taken: dict[str, list[str]] = {}
    start = threading.Barrier(4)

    def work(name: str) -> None:
        start.wait()
        mine = taken.setdefault(name, [])
        while work := claim_next(services.engine, worker=name, lease=30):
            mine.append(work.job_id)

    threads = [threading.Thread(target=work, args=(f"w:{n}",)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    claimed = [job for jobs in taken.values() for job in jobs]
    assert sorted(claimed) == sorted(queued)
    with session_scope(services.engine) as session:
        rows = session.execute(select(JobRow.id, JobRow.worker, JobRow.attempts)).all()
        running = set(session.scalars(select(SubmissionRow.state)))
    assert {job: worker for job, worker, _ in rows} == {
        job: name for name, jobs in taken.items() for job in jobs
    }
    assert {attempts for *_, attempts in rows} == {1}
    assert running == {JobState.RUNNING.value}


def test_a_claimed_job_is_not_claimed_again_and_a_released_one_is(services: Any) -> None:
    (job_id,) = _queue(services, 1)
    assert claim(services.engine, job_id, worker="a:1", lease=30)
    assert not claim(services.engine, job_id, worker="b:2", lease=30)
    assert claim_next(services.engine, worker="b:2", lease=30) is None
    assert release(services.engine, workers=["a:1"]) == [job_id]
    # Stopped on purpose, not lost: the interrupted attempt does not count.
    again = claim_next(services.engine, worker="b:2", lease=30)
    assert again is not None and again.job_id == job_id
    with session_scope(services.engine) as session:
        job = session.get(JobRow, job_id)
        assert job is not None and (job.worker, job.attempts) == ("b:2", 1)
