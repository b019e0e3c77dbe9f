"""The one Celery task: run a job by its id, on this worker's services."""

from __future__ import annotations

import logging
from functools import cache

from celery import Celery

from service.jobs.local import worker_name
from service.jobs.runner import run_job
from service.usecases.context import Services, open_services
from service.workers.celery_app import TASK_NAME

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


def register(app: Celery) -> None:
    """Registers the task on ``app``."""
    app.task(name=TASK_NAME, acks_late=True, reject_on_worker_lost=True)(run)
