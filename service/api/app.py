"""The FastAPI application: ``create_app`` puts the routes, limits and errors together."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from service.api.errors import install_error_handlers
from service.api.limits import BodyLimit
from service.api.routes import admin, checks, health, jobs, submissions
from service.jobs.export_pool import ExportPool
from service.usecases.context import Services

__all__ = ["create_app"]

DESCRIPTION = """
Upload filled 科创中国 application forms, follow their jobs, and read what was found:
typed fields with their source, missing or inconsistent values, and the eligibility
verdict with its evidence. Every call but health needs `Authorization: Bearer <token>`
(`kczg token create`). Errors answer `{"error": {"code", "message", "field"?}}`.
"""


def create_app(
    services: Services, *, on_stop: list[object] | None = None, exports: ExportPool | None = None
) -> FastAPI:
    """The app over ``services``; whatever ``on_stop`` holds is stopped at shutdown.

    Exports run in ``exports`` (default: a pool whose processes start at the first
    export), stopped at shutdown too.
    """
    pool = exports or ExportPool(services.settings)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        pool.stop()
        for thing in on_stop or ():
            stop = getattr(thing, "stop", None)
            if callable(stop):
                stop()
        services.engine.dispose()

    app = FastAPI(
        title="kczg-forms",
        version="1",
        description=DESCRIPTION,
        lifespan=lifespan,
    )
    app.state.services = services
    app.state.exports = pool
    install_error_handlers(app)
    app.include_router(health.router)
    app.include_router(submissions.router)
    app.include_router(jobs.router)
    app.include_router(checks.router)
    app.include_router(admin.router)
    # Imported here: the pages depend on the API's own dependencies and errors.
    from service.web import mount_pages

    mount_pages(app)
    app.add_middleware(BodyLimit, limit=services.settings.max_upload_bytes)
    return app
