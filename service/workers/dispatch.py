"""Sending jobs to Celery workers, and the reaper that re-sends what was lost."""

from __future__ import annotations

import logging

from kombu.exceptions import OperationalError
from redis import Redis

from service.jobs.reaper import Reaper
from service.usecases.context import Services
from service.workers.celery_app import QUEUE, TASK_NAME, make_celery

__all__ = ["CeleryDispatcher"]

log = logging.getLogger("kczg.jobs")


class CeleryDispatcher:
    """A ``Dispatcher`` that sends each job id to the Celery workers via Redis.

    A failed send leaves the job queued in its row; the reaper sends it again once the
    broker is back, so a broker outage delays jobs and loses none.
    """

    def __init__(self, services: Services) -> None:
        self.celery = make_celery(services.settings)
        self.redis = Redis.from_url(
            services.settings.redis_url, socket_timeout=5, socket_connect_timeout=5
        )
        self.reaper = Reaper(
            services,
            every=min(5.0, services.settings.lease_seconds),
            resend_after=max(services.settings.lease_seconds, 10),
            backlog=self.backlog,
        )
        self.reaper.services.dispatcher = self

    def backlog(self) -> int:
        """Messages waiting in the broker for a worker (not those a worker holds)."""
        return int(self.redis.llen(QUEUE))

    def dispatch(self, job_id: str) -> None:
        try:
            self.celery.send_task(TASK_NAME, args=[job_id], retry=False)
        except (OperationalError, OSError) as err:
            log.warning("job %s not sent (%s); the reaper will send it again", job_id, err)

    def start(self) -> CeleryDispatcher:
        self.reaper.start()
        return self

    def stop(self) -> None:
        self.reaper.stop()
        self.redis.close()
