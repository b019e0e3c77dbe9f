"""The service as it runs: services on the configured database, the queue, the app."""

from __future__ import annotations

from fastapi import FastAPI

from service.config import QueueKind, Settings, load_settings
from service.usecases.context import Services, open_services

__all__ = ["build_app", "start_queue"]


def start_queue(services: Services) -> object:
    """Starts what runs jobs for ``services`` and makes it their dispatcher; returns it."""
    if services.settings.queue is QueueKind.CELERY:
        from service.workers.dispatch import CeleryDispatcher

        dispatcher = CeleryDispatcher(services).start()
        services.dispatcher = dispatcher
        return dispatcher
    from service.jobs.local import LocalPool

    pool = LocalPool(services.settings).start()
    services.dispatcher = pool
    return pool


def build_app(config: Settings | None = None) -> FastAPI:
    """The app on the configured storage, migrated, with its queue started."""
    from service.api import create_app
    from service.jobs.export_pool import ExportPool

    services = open_services(config or load_settings(), upgrade=True)
    queue = start_queue(services)
    return create_app(services, on_stop=[queue], exports=ExportPool(services.settings).start())
