"""Keeping the leases of the jobs a process runs: one thread renews them all.

A thread per job, started and joined around each one, cost a few milliseconds a job
on a busy machine (each start and join waits for the scheduler); one thread per
process renews every job held every third of the lease, so that a lease is renewed
at most a third of it after its claim. With nothing to renew for a whole lease the
thread ends, and the next job held starts it again.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

from sqlalchemy import Engine

from schemas.errors import KczgError
from service.jobs.claims import renew

__all__ = ["LeaseKeeper", "lease_keeper"]

log = logging.getLogger("kczg.jobs")

#: Idle beats (a whole lease) before the thread ends.
_IDLE_BEATS = 3


class LeaseKeeper:
    """Renews the leases of the jobs held, from one thread."""

    def __init__(self, engine: Engine, lease: float) -> None:
        self.engine = engine
        self.lease = lease
        self._held: dict[str, str] = {}
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    @contextmanager
    def holding(self, job_id: str, worker: str) -> Iterator[None]:
        """``job_id``'s lease, which ``worker`` has, renewed until the block ends."""
        with self._lock:
            self._held[job_id] = worker
            if self._thread is None:
                self._thread = threading.Thread(target=self._beat, name="kczg-leases", daemon=True)
                self._thread.start()
        try:
            yield
        finally:
            with self._lock:
                self._held.pop(job_id, None)

    def _beat(self) -> None:
        idle = 0
        pause = threading.Event()
        while True:
            pause.wait(self.lease / 3)
            with self._lock:
                held = dict(self._held)
                idle = 0 if held else idle + 1
                if idle >= _IDLE_BEATS:
                    self._thread = None
                    return
            # A job that finished meanwhile is no longer running: its renewal changes nothing.
            for job_id, worker in held.items():
                try:
                    renew(self.engine, job_id, worker=worker, lease=self.lease)
                except KczgError:
                    log.warning("could not renew the lease of job %s", job_id)


@cache
def lease_keeper(engine: Engine, lease: float) -> LeaseKeeper:
    """The keeper of this process for ``engine`` (made on first use: after a fork)."""
    return LeaseKeeper(engine, lease)
