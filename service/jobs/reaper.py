"""A thread that takes back jobs of dead workers and re-sends jobs nobody picked up.

Jobs are rows and messages only deliver them: a message lost with a broker restart, or
a worker killed mid-job, leaves a queued or running row behind. The reaper finds both
and hands them to the dispatcher again; claims are conditional, so a job sent twice
still runs once.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from schemas.errors import KczgError
from service.db import JobRow, JobState, session_scope
from service.jobs.claims import reap_expired
from service.usecases.context import Services

__all__ = ["Reaper", "stale_queued"]

log = logging.getLogger("kczg.jobs")


def stale_queued(services: Services, *, older_than: float) -> list[str]:
    """Queued jobs waiting longer than ``older_than`` seconds (their message may be lost)."""
    cutoff = datetime.now(UTC) - timedelta(seconds=older_than)
    with session_scope(services.engine) as session:
        return list(
            session.scalars(
                select(JobRow.id)
                .where(JobRow.state == JobState.QUEUED.value, JobRow.created_at < cutoff)
                .order_by(JobRow.created_at)
                .limit(1000)
            )
        )


class Reaper:
    """Every ``every`` seconds: reap expired leases, re-send stale queued jobs.

    ``backlog`` tells how many messages wait in the broker; stale jobs are re-sent only
    when none does (a long queue's jobs are stale only because workers are busy, and
    re-sending each of them every sweep would flood the broker with duplicates).
    When the broker cannot say, nothing is re-sent this sweep.
    """

    def __init__(
        self,
        services: Services,
        *,
        every: float = 5.0,
        resend_after: float = 60.0,
        backlog: Callable[[], int] | None = None,
    ) -> None:
        self.services = services
        self.every = every
        self.resend_after = resend_after
        self.backlog = backlog
        self._halt = threading.Event()
        self._thread = threading.Thread(target=self._run, name="kczg-reaper", daemon=True)

    def _lost_messages(self) -> bool:
        if self.backlog is None:
            return True
        try:
            return self.backlog() == 0
        except Exception as err:  # any broker client error: unknown, so nothing re-sent
            log.warning("reaper: the broker's backlog is unknown (%s)", err)
            return False

    def sweep(self) -> int:
        """One pass; the number of jobs handed to the dispatcher again."""
        again = reap_expired(self.services.engine)
        if self._lost_messages():
            again += stale_queued(self.services, older_than=self.resend_after)
        for job_id in dict.fromkeys(again):
            self.services.dispatcher.dispatch(job_id)
        return len(again)

    def _run(self) -> None:
        while not self._halt.wait(self.every):
            try:
                self.sweep()
            except KczgError as err:
                log.warning("reaper: %s", err)

    def start(self) -> Reaper:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._halt.set()
        if self._thread.is_alive():
            self._thread.join()
