"""The Celery app, configured so that a killed worker loses nothing.

Late acks with reject-on-worker-lost put a task back when its worker dies; prefetch 1
keeps a worker from holding tasks it is not running; the visibility timeout brings an
unacked task back after a broker-side loss. Delivery may then happen twice, which the
job table makes harmless (claims are conditional, writes keyed by submission).
"""

from __future__ import annotations

import logging

from celery import Celery

from service.config import Settings, load_settings

__all__ = ["BATCH_TASK_NAME", "QUEUE", "TASK_NAME", "make_celery", "quiet_per_job_lines"]

TASK_NAME = "kczg.run_job"
#: The task that runs several jobs in turn (a bulk ingest's batches).
BATCH_TASK_NAME = "kczg.run_jobs"
#: The broker queue (a Redis list of this name) the jobs wait in.
QUEUE = "kczg"


def make_celery(config: Settings | None = None) -> Celery:
    """A Celery app on ``REDIS_URL``, with the settings above."""
    config = config or load_settings()
    visibility = int(max(config.time_limit * 3, 300))
    app = Celery("kczg", broker=config.redis_url)
    app.conf.update(
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_ignore_result=True,
        task_time_limit=config.time_limit + 10,
        # Socket timeouts: a broker that stops answering fails a send instead of hanging it.
        broker_transport_options={
            "visibility_timeout": visibility,
            "socket_timeout": 10,
            "socket_connect_timeout": 5,
        },
        # A worker outlives a broker outage of any length: it reconnects (every 2 s at
        # first, then less often, at most every 30 s) instead of exiting after 100 tries.
        broker_connection_retry_on_startup=True,
        broker_connection_retry=True,
        broker_connection_max_retries=None,
        broker_connection_timeout=5,
        # A job that runs while the broker is down finishes and writes its result: the
        # row is the truth, and the message that comes back later is skipped by its claim.
        worker_cancel_long_running_tasks_on_connection_loss=False,
        worker_max_tasks_per_child=500,
        worker_hijack_root_logger=False,
        task_default_queue=QUEUE,
    )
    return app


def quiet_per_job_lines() -> None:
    """Leaves out Celery's INFO lines for each task received (by a worker's main
    process) and each task done (by its child): formatting and writing them cost about
    0.3 ms CPU a job, on a job of 20 to 40. A job's outcome is in its row, and what goes
    wrong is still logged (warnings and errors)."""
    for name in ("celery.worker.strategy", "celery.app.trace"):
        logging.getLogger(name).setLevel(logging.WARNING)
