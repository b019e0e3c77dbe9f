"""Sending jobs to Celery workers, and the reaper that re-sends what was lost."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from kombu.exceptions import OperationalError
from redis import Redis
from redis.backoff import NoBackoff
from redis.exceptions import RedisError
from redis.retry import Retry

from service.errors import QueueUnavailable
from service.jobs.reaper import Reaper
from service.usecases.context import Services
from service.workers.celery_app import BATCH_TASK_NAME, QUEUE, TASK_NAME, make_celery

__all__ = ["RETRY_AFTER", "CeleryDispatcher"]

log = logging.getLogger("kczg.jobs")

#: Seconds a client is told to wait when the broker is down (a restart takes a few).
RETRY_AFTER = 10
_SEND_RETRY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}


class CeleryDispatcher:
    """A ``Dispatcher`` that sends each job id to the Celery workers via Redis.

    New work is refused while the broker is down (``ready`` raises ``QueueUnavailable``:
    503 with Retry-After, and ``/readyz`` not ready). A send that fails all the same, the
    broker going down between the check and the send, leaves the job queued in its row;
    the reaper sends it again once the broker is back, so an outage delays jobs and loses
    none.
    """

    def __init__(self, services: Services) -> None:
        self.celery = make_celery(services.settings)
        # One quick retry, no backoff: a connection left stale by a broker restart is
        # replaced at once, and a broker that is down is reported in milliseconds.
        self.redis = Redis.from_url(
            services.settings.redis_url,
            socket_timeout=5,
            socket_connect_timeout=2,
            retry=Retry(NoBackoff(), 1),
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

    def ready(self) -> None:
        """Raises ``QueueUnavailable`` unless Redis answers a PING."""
        try:
            self.redis.ping()
        except RedisError as err:
            raise QueueUnavailable(
                f"任务队列暂不可用，请稍后再试（the queue's Redis cannot be reached: "
                f"{type(err).__name__}）",
                retry_after=RETRY_AFTER,
            ) from None

    def dispatch(self, job_id: str) -> None:
        self._send(TASK_NAME, job_id, what=f"job {job_id}")

    def dispatch_many(self, job_ids: Sequence[str]) -> None:
        if job_ids:
            # The hard time limit is the batch's: each of its jobs may take its own.
            limit = len(job_ids) * self.celery.conf.task_time_limit
            self._send(BATCH_TASK_NAME, list(job_ids), what=f"{len(job_ids)} jobs", limit=limit)

    def _send(self, task: str, argument: object, *, what: str, limit: float | None = None) -> None:
        try:
            # One retry on a fresh connection: the pooled one may predate a broker restart.
            self.celery.send_task(
                task, args=[argument], time_limit=limit, retry=True, retry_policy=_SEND_RETRY
            )
        except (OperationalError, RedisError, OSError) as err:
            log.warning("%s not sent (%s); the reaper will send it again", what, err)

    def start(self) -> CeleryDispatcher:
        self.reaper.start()
        return self

    def stop(self) -> None:
        self.reaper.stop()
        self.redis.close()
