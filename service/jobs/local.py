"""The default queue: worker processes on this machine, polling the job table.

Each worker is a process of its own (CPU-bound reading, and a file that hangs in C code
can only be stopped by ending its process). A supervisor thread in the parent restarts
a worker that died, kills one whose job ran past the time limit or was canceled, and
reaps expired leases. Workers are recycled after a number of jobs, so memory a reader
leaks does not pile up.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import socket
import threading
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from multiprocessing.context import SpawnProcess
from multiprocessing.synchronize import Event

from sqlalchemy import select

from schemas.errors import KczgError
from service.config import Settings
from service.db import JobRow, JobState, SubmissionRow, session_scope
from service.jobs.claims import claim_next, mirror, reap_expired, release
from service.jobs.runner import execute, reads_with_claim, warm_up
from service.usecases.context import open_services

__all__ = ["LocalPool", "worker_name"]

log = logging.getLogger("kczg.jobs")

#: Jobs a worker process runs before it is replaced by a fresh one.
RECYCLE_AFTER = 500
#: Seconds past the time limit before a job's process is killed.
GRACE = 5.0
_IDLE_WAIT = 0.5
_SUPERVISE_EVERY = 0.5


def worker_name(pid: int | None = None) -> str:
    """How a worker process is named in the job table: host and process id."""
    return f"{socket.gethostname()}:{pid or os.getpid()}"


def _worker_main(config: Settings, wake: Event, stop: Event) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    services = open_services(config, durable=False)
    warm_up()
    me = worker_name()
    with_original = reads_with_claim(services)
    done = 0
    while not stop.is_set() and done < RECYCLE_AFTER:
        try:
            work = claim_next(
                services.engine, worker=me, lease=config.lease_seconds, with_original=with_original
            )
        except KczgError as err:
            log.warning("worker %s cannot claim jobs: %s", me, err)
            work = None
            stop.wait(2.0)
        if work is None:
            if wake.wait(_IDLE_WAIT):
                wake.clear()
            continue
        execute(services, work, worker=me)
        done += 1
    services.engine.dispose()


class LocalPool:
    """``KCZG_WORKERS`` worker processes and their supervisor; a ``Dispatcher``."""

    def __init__(self, config: Settings, *, workers: int | None = None) -> None:
        self.config = config
        self.size = workers or config.workers
        self._context = multiprocessing.get_context("spawn")
        self._wake = self._context.Event()
        self._stop = self._context.Event()
        self._processes: list[SpawnProcess] = []
        self._supervisor: threading.Thread | None = None
        self._halt = threading.Event()
        self._services = open_services(config)

    def dispatch(self, job_id: str) -> None:
        self._wake.set()

    def dispatch_many(self, job_ids: Sequence[str]) -> None:
        self._wake.set()

    def ready(self) -> None:
        """Always: the job table is the queue, and the supervisor keeps the workers up."""

    def _spawn(self) -> SpawnProcess:
        process = self._context.Process(
            target=_worker_main,
            args=(self.config, self._wake, self._stop),
            name="kczg-worker",
            daemon=True,
        )
        process.start()
        return process

    def start(self) -> LocalPool:
        """Starts the workers and their supervisor; returns the pool itself."""
        self._processes = [self._spawn() for _ in range(self.size)]
        self._supervisor = threading.Thread(target=self._supervise, name="kczg-supervisor")
        self._supervisor.daemon = True
        self._supervisor.start()
        return self

    def stop(self, *, wait: float | None = None) -> None:
        """Stops the workers after their current job, or kills them after ``wait`` seconds
        (default: the time limit and a grace); the jobs of killed workers are queued again
        at once, their interrupted attempt not counted."""
        self._halt.set()
        self._stop.set()
        self._wake.set()
        if self._supervisor is not None:
            self._supervisor.join()
        deadline = time.monotonic() + (self.config.time_limit + GRACE if wait is None else wait)
        killed: list[str] = []
        for process in self._processes:
            process.join(max(0.0, deadline - time.monotonic()))
            if process.is_alive():
                process.kill()
                process.join()
                killed.append(worker_name(process.pid))
        if killed:
            try:
                release(self._services.engine, workers=killed)
            except KczgError as err:
                log.warning("jobs of stopped workers left to the reaper: %s", err)
        self._services.engine.dispose()

    def __enter__(self) -> LocalPool:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()

    def _supervise(self) -> None:
        while not self._halt.wait(_SUPERVISE_EVERY):
            try:
                self._replace_dead()
                self._stop_overdue()
                if reap_expired(self._services.engine):
                    self._wake.set()
            except KczgError as err:
                log.warning("supervisor: %s", err)

    def _replace_dead(self) -> None:
        for index, process in enumerate(self._processes):
            if not process.is_alive() and not self._stop.is_set():
                process.join()
                self._processes[index] = self._spawn()

    def _stop_overdue(self) -> None:
        by_name = {worker_name(p.pid): p for p in self._processes if p.pid is not None}
        limit = timedelta(seconds=self.config.time_limit + GRACE)
        now = datetime.now(UTC)
        with session_scope(self._services.engine) as session:
            running = session.scalars(
                select(JobRow).where(
                    JobRow.state == JobState.RUNNING.value, JobRow.worker.in_(by_name)
                )
            ).all()
            for job in running:
                started = job.started_at
                overdue = started is not None and now - started > limit
                if not (overdue or job.cancel_requested):
                    continue
                process = by_name[job.worker or ""]
                process.kill()
                process.join()
                submission = session.get(SubmissionRow, job.submission_id)
                job.finished_at = now
                job.lease_expires_at = None
                if job.cancel_requested:
                    job.state = JobState.CANCELED.value
                else:
                    job.state = JobState.FAILED.value
                    job.error_code = "timeout"
                    job.error_message = (
                        f"处理超时，已终止（stopped after {self.config.time_limit:g} s）"
                    )
                if submission is not None:
                    mirror(submission, job)
        self._replace_dead()
