"""What every use case works with: the settings, the database, the file store, the queue."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from sqlalchemy import Engine

from service.config import Settings, load_settings
from service.db import make_engine
from service.filestore import FileStore, open_store
from service.registry_store import CachedRegistry

__all__ = ["Dispatcher", "Services", "open_services"]


class Dispatcher(Protocol):
    """Hands a queued job to whatever runs jobs (worker processes, Celery)."""

    def dispatch(self, job_id: str) -> None:
        """Tells the workers that ``job_id`` waits; the job row is already committed."""

    def dispatch_many(self, job_ids: Sequence[str]) -> None:
        """Tells the workers at once that all of ``job_ids`` wait, for one worker to run
        in turn: a bulk ingest's quick jobs, for which a message each would cost a
        good part of the job."""

    def ready(self) -> None:
        """Raises ``QueueUnavailable`` when jobs cannot be handed to the workers now."""


class _Nobody:
    """No one to tell: workers find queued jobs by polling the job table."""

    def dispatch(self, job_id: str) -> None:
        return None

    def dispatch_many(self, job_ids: Sequence[str]) -> None:
        return None

    def ready(self) -> None:
        return None


@dataclass
class Services:
    settings: Settings
    engine: Engine
    store: FileStore
    dispatcher: Dispatcher = field(default_factory=_Nobody)
    #: The registry this process keeps in memory (read on first use, not here).
    registry: CachedRegistry = field(init=False)

    def __post_init__(self) -> None:
        self.registry = CachedRegistry(self.engine)


def open_services(
    config: Settings | None = None,
    *,
    upgrade: bool = False,
    dispatcher: Dispatcher | None = None,
    durable: bool = True,
) -> Services:
    """Services on the configured database; ``upgrade`` migrates it first (once, at start);
    ``durable=False`` for a job worker (see ``make_engine``)."""
    config = config or load_settings()
    engine = make_engine(config.url(), upgrade=upgrade, durable=durable)
    return Services(config, engine, open_store(config, engine), dispatcher or _Nobody())
