"""The Celery tasks: run a job by its id, or several in turn, on this worker's services."""

from __future__ import annotations

import logging
from functools import cache

from celery import Celery

from service.jobs.local import worker_name
from service.jobs.runner import run_job
from service.usecases.context import Services, open_services
from service.workers.celery_app import BATCH_TASK_NAME, TASK_NAME

__all__ = ["register"]

log = logging.getLogger("kczg.jobs")


@cache
def _services() -> Services:
    # One engine per worker child process, made after the fork.
    return open_services(durable=False)


def run(job_id: str) -> str:
    """Runs ``job_id`` if it is still queued; what it came to, or ``skipped``."""
    outcome = run_job(_services(), job_id, worker=worker_name())
    return "skipped" if outcome is None else outcome.state.value


def run_many(job_ids: list[str]) -> list[str]:
    """Runs each of ``job_ids`` in turn, as ``run`` does; what each came to.

    A batch redelivered after its worker died skips the jobs done already (their claim
    finds them no longer queued), and the one that was running comes back by its lease.
    """
    return [run(job_id) for job_id in job_ids]


def register(app: Celery) -> None:
    """Registers the tasks on ``app``."""
    app.task(name=TASK_NAME, acks_late=True, reject_on_worker_lost=True)(run)
    app.task(name=BATCH_TASK_NAME, acks_late=True, reject_on_worker_lost=True)(run_many)
