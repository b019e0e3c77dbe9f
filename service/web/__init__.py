"""The reviewer's and applicant's pages, served by the same app as the API."""

from __future__ import annotations

from importlib import resources

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from service.web.routes import apply, auth, queue, submission

__all__ = ["mount_pages"]


def mount_pages(app: FastAPI) -> None:
    """Adds the pages and their static files to ``app``."""
    static = resources.files("service.web").joinpath("static")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    for routes in (auth, apply, queue, submission):
        app.include_router(routes.router)
