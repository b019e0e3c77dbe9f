"""Jobs on real Celery workers (``kczg worker`` subprocesses on the Redis at 127.0.0.1).

Workers are killed the hard way (SIGKILL to a child running a job, or to the whole
worker) and the job table must still end with every job run once to its end, or
failed with a reason after its last attempt: nothing lost, doubled or left running.
"""

from __future__ import annotations

import base64
import csv
import json
import os
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from PIL import Image, ImageDraw, ImageFont
from sqlalchemy import func, select

from service.db import JobRow, SubmissionRow, session_scope
from tests.conftest import CHECKED_IN, KCZG, READER_FONT, StartWorker, bearer, celery_env

FORM = CHECKED_IN / "001-2022-rising_company-faithful.docx"
POSTGRESQL = pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)


@pytest.fixture
def celery_services(celery_settings: Any) -> Iterator[Any]:
    """Services of the server side: jobs go to Celery, with the dispatcher's reaper."""
    from service.usecases.context import open_services
    from service.workers.dispatch import CeleryDispatcher

    services = open_services(celery_settings, upgrade=True)
    dispatcher = CeleryDispatcher(services).start()
    services.dispatcher = dispatcher
    yield services
    dispatcher.stop()
    services.engine.dispose()


def _slow_scan(folder: Path) -> Path:
    """A photographed page of text: OCR keeps a worker busy for seconds."""
    font = ImageFont.truetype(READER_FONT, 36)
    image = Image.new("RGB", (1200, 400), "white")
    draw = ImageDraw.Draw(image)
    for line in range(4):
        draw.text(
            (60, 40 + line * 80), f"第{line}行 科创中国 申报表 企业名称", fill="black", font=font
        )
    path = folder / "scan.png"
    image.save(path)
    return path


def _submit(services: Any, path: Path, *, dispatch: bool = True) -> tuple[str, str]:
    from service.auth import LOCAL_ADMIN
    from service.usecases.submissions import submit

    with path.open("rb") as handle:
        answer = submit(services, LOCAL_ADMIN, handle=handle, filename=path.name, dispatch=dispatch)
    assert answer.job is not None
    return answer.submission.id, answer.job.id


def _job(services: Any, job_id: str) -> JobRow:
    with session_scope(services.engine) as session:
        job = session.get(JobRow, job_id)
        assert job is not None
        session.expunge(job)
        return job


def _wait(services: Any, job_id: str, done: Callable[[JobRow], bool], timeout: float) -> JobRow:
    deadline = time.monotonic() + timeout
    while True:
        job = _job(services, job_id)
        if done(job):
            return job
        if time.monotonic() > deadline:
            pytest.fail(
                f"job {job_id} still {job.state} (attempt {job.attempts}) after {timeout} s"
            )
        time.sleep(0.05)


def _running_attempt(number: int) -> Callable[[JobRow], bool]:
    return lambda job: job.state == "running" and job.attempts == number


def _finished(job: JobRow) -> bool:
    return job.state in ("succeeded", "failed", "canceled")


def _kill_child(job: JobRow) -> None:
    """SIGKILL to the worker child process running ``job`` (named host:pid in its row)."""
    assert job.worker is not None
    os.kill(int(job.worker.rsplit(":", 1)[1]), signal.SIGKILL)


def test_an_upload_is_read_by_a_celery_worker_of_another_data_directory(
    celery_services: Any, start_worker: StartWorker, tmp_path: Path, make_token: Any
) -> None:
    from service.api import create_app

    # PostgreSQL holds the originals, so the worker may be on another machine; on SQLite
    # a worker shares the server's data directory.
    shared = celery_services.settings.uses_postgresql()
    worker_dir = tmp_path / "elsewhere" if shared else celery_services.settings.data_dir
    worker = start_worker(data_dir=worker_dir)
    token, _ = make_token("admin")
    with TestClient(create_app(celery_services)) as api, FORM.open("rb") as handle:
        answer = api.post(
            "/api/v1/submissions",
            headers=bearer(token),
            files={"file": (FORM.name, handle, "application/octet-stream")},
        )
        assert answer.status_code == 202, answer.text
        job_id = answer.json()["job"]["id"]
        job = _wait(celery_services, job_id, _finished, timeout=120)
        read = api.get(answer.headers["Location"], headers=bearer(token)).json()
    assert job.state == "succeeded", (job.error_code, job.error_message, worker.output()[-2000:])
    assert job.attempts == 1
    assert job.worker is not None and int(job.worker.rsplit(":", 1)[1]) != os.getpid()
    assert read["form"] == "新锐企业榜" and read["verdict"]
    if shared:
        assert not (worker_dir / "files").exists()


@POSTGRESQL
def test_a_job_whose_worker_child_is_killed_runs_again_once(
    celery_services: Any, start_worker: StartWorker, tmp_path: Path
) -> None:
    worker = start_worker()
    submission_id, job_id = _submit(celery_services, _slow_scan(tmp_path))
    _kill_child(_wait(celery_services, job_id, _running_attempt(1), timeout=60))
    job = _wait(celery_services, job_id, _finished, timeout=120)
    assert job.attempts == 2, worker.output()[-2000:]
    # The scan is readable but no known form: the second attempt ran it to its end.
    assert (job.state, job.error_code) == ("failed", "unknown_form")
    with session_scope(celery_services.engine) as session:
        row = session.get(SubmissionRow, submission_id)
        assert row is not None and row.state == "failed" and row.error_code == "unknown_form"
        assert session.scalar(select(func.count()).select_from(JobRow)) == 1


@POSTGRESQL
def test_a_job_whose_worker_dies_on_every_attempt_fails_with_the_reason(
    celery_settings: Any, start_worker: StartWorker, tmp_path: Path
) -> None:
    from service.usecases.context import open_services
    from service.workers.dispatch import CeleryDispatcher

    settings = celery_settings.model_copy(update={"max_attempts": 2})
    services = open_services(settings, upgrade=True)
    services.dispatcher = CeleryDispatcher(services).start()
    try:
        start_worker()
        _, job_id = _submit(services, _slow_scan(tmp_path))
        for attempt in (1, 2):
            _kill_child(_wait(services, job_id, _running_attempt(attempt), timeout=60))
        job = _wait(services, job_id, _finished, timeout=60)
    finally:
        services.dispatcher.stop()  # type: ignore[attr-defined]
        services.engine.dispose()
    assert (job.state, job.attempts, job.error_code) == ("failed", 2, "worker_lost")
    assert job.error_message is not None and "2" in job.error_message


@POSTGRESQL
def test_a_job_of_a_killed_worker_is_run_by_the_worker_started_after(
    celery_services: Any, start_worker: StartWorker, tmp_path: Path
) -> None:
    first = start_worker()
    _, job_id = _submit(celery_services, _slow_scan(tmp_path))
    _wait(celery_services, job_id, _running_attempt(1), timeout=60)
    first.kill()
    assert _job(celery_services, job_id).state == "running"
    start_worker()
    job = _wait(celery_services, job_id, _finished, timeout=120)
    assert (job.state, job.attempts, job.error_code) == ("failed", 2, "unknown_form")


@POSTGRESQL
def test_bulk_ingest_on_celery_survives_a_killed_worker(
    celery_settings: Any, start_worker: StartWorker, tmp_path: Path
) -> None:
    folder = tmp_path / "forms"
    folder.mkdir()
    forms = sorted(CHECKED_IN.glob("*.docx"))[:6]
    for path in forms:
        (folder / path.name).write_bytes(path.read_bytes())
    # The same bytes twice under another name: one submission.
    (folder / "again.docx").write_bytes(forms[0].read_bytes())
    _slow_scan(folder)
    first = start_worker()
    report = tmp_path / "report.csv"
    ingest = subprocess.Popen(
        [str(KCZG), "ingest", str(folder), "--report", str(report)],
        env=celery_env(celery_settings, tmp_path / "ingest"),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        engine_services = _services_of(celery_settings)
        deadline = time.monotonic() + 90
        while not _any_running(engine_services):
            assert ingest.poll() is None and time.monotonic() < deadline, "no job started"
            time.sleep(0.05)
        first.kill()
        start_worker()
        output, _ = ingest.communicate(timeout=240)
    finally:
        if ingest.poll() is None:
            ingest.kill()
    assert ingest.returncode == 0, output.decode()
    with report.open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 8
    assert sorted(r["outcome"] for r in rows) == ["duplicate"] + ["stored"] * 7
    with session_scope(engine_services.engine) as session:
        states = session.execute(select(JobRow.state, func.count()).group_by(JobRow.state)).all()
        submissions = session.scalar(select(func.count()).select_from(SubmissionRow))
    engine_services.engine.dispose()
    assert submissions == 7
    assert dict(states) == {"succeeded": 6, "failed": 1}


def _services_of(settings: Any) -> Any:
    from service.usecases.context import open_services

    return open_services(settings)


def _any_running(services: Any) -> bool:
    with session_scope(services.engine) as session:
        return bool(
            session.scalar(
                select(func.count()).select_from(JobRow).where(JobRow.state == "running")
            )
        )


@POSTGRESQL
def test_a_lost_message_is_sent_again_and_a_waiting_one_is_not(
    celery_services: Any, tmp_path: Path
) -> None:
    from datetime import UTC, datetime, timedelta

    from sqlalchemy import update

    dispatcher = celery_services.dispatcher
    _, job_id = _submit(celery_services, FORM)
    assert dispatcher.backlog() == 1
    with session_scope(celery_services.engine) as session:
        long_ago = datetime.now(UTC) - timedelta(minutes=10)
        session.execute(update(JobRow).where(JobRow.id == job_id).values(created_at=long_ago))
    # Queued for long only because no worker is free: its message still waits.
    assert dispatcher.reaper.sweep() == 0
    assert dispatcher.backlog() == 1
    # Redis lost it (restarted without its data): the job table sends it again.
    dispatcher.redis.flushdb()
    assert dispatcher.reaper.sweep() == 1
    assert dispatcher.backlog() == 1


def _messages(dispatcher: Any) -> list[tuple[str, list[Any]]]:
    """The tasks waiting in the broker, oldest first: their names and arguments."""
    from service.workers.celery_app import QUEUE

    sent = []
    for raw in reversed(dispatcher.redis.lrange(QUEUE, 0, -1)):
        message = json.loads(raw)
        args, _kwargs, _embed = json.loads(base64.b64decode(message["body"]))
        sent.append((message["headers"]["task"], args))
    return sent


@POSTGRESQL
def test_a_batch_of_jobs_is_one_message_and_a_killed_child_loses_none_of_it(
    celery_services: Any, start_worker: StartWorker, tmp_path: Path
) -> None:
    dispatcher = celery_services.dispatcher
    _, scan_job = _submit(celery_services, _slow_scan(tmp_path), dispatch=False)
    forms = [
        _submit(celery_services, path, dispatch=False)[1]
        for path in sorted(CHECKED_IN.glob("*.docx"))[:3]
    ]
    dispatcher.dispatch_many([scan_job, *forms])
    assert _messages(dispatcher) == [("kczg.run_jobs", [[scan_job, *forms]])]
    worker = start_worker()
    # Killed on the batch's first job: the batch comes back, the jobs after it run once,
    # and the one that was running comes back by its lease.
    _kill_child(_wait(celery_services, scan_job, _running_attempt(1), timeout=60))
    ends = [_wait(celery_services, job, _finished, timeout=120) for job in forms]
    scan = _wait(celery_services, scan_job, _finished, timeout=120)
    runs = [(job.state, job.attempts) for job in ends]
    assert runs == [("succeeded", 1)] * 3, worker.output()[-2000:]
    assert (scan.state, scan.attempts, scan.error_code) == ("failed", 2, "unknown_form")
    with session_scope(celery_services.engine) as session:
        assert session.scalar(select(func.count()).select_from(JobRow)) == 4


@POSTGRESQL
def test_bulk_ingest_sends_quick_forms_in_batches_and_slow_files_alone(
    celery_services: Any, tmp_path: Path
) -> None:
    from service.usecases.ingest import BATCH, Stalled, ingest, plan
    from service.usecases.ingest_sources import ZipLimits, items_of
    from service.usecases.submissions import Declared

    folder = tmp_path / "forms"
    folder.mkdir()
    forms = sorted(CHECKED_IN.glob("*.docx"))[: BATCH + 2]
    for path in forms:
        (folder / path.name).write_bytes(path.read_bytes())
    _slow_scan(folder)
    heard: list[Any] = []
    # No worker runs: the ingest gives up waiting, and the broker holds what it sent.
    with pytest.raises(Stalled):
        ingest(
            celery_services,
            plan(items_of(folder, limits=ZipLimits(entry_bytes=10**8)), declared=Declared()),
            on_outcome=heard.append,
            stall_after=1,
            poll_every=0.1,
        )
    with session_scope(celery_services.engine) as session:
        kinds = dict(
            session.execute(
                select(JobRow.id, SubmissionRow.file_kind).join(
                    SubmissionRow, SubmissionRow.id == JobRow.submission_id
                )
            ).all()
        )
    sent = _messages(celery_services.dispatcher)
    singles = [args[0] for task, args in sent if task == "kczg.run_job"]
    batches = [args[0] for task, args in sent if task == "kczg.run_jobs"]
    batched = [job for batch in batches for job in batch]
    assert [kinds[job] for job in singles] == ["png"]
    assert sorted(batched) == sorted(job for job, kind in kinds.items() if kind == "docx")
    assert len(batched) == len(forms) and all(len(batch) <= BATCH for batch in batches)
    assert len(batches) < len(forms)
