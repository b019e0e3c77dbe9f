"""Liveness and readiness."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel

from service.api.deps import ServicesDep
from service.api.errors import ErrorBody
from service.db import is_current
from service.errors import DatabaseError
from service.usecases.context import Services

__all__ = ["router"]

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: str


def _ready(services: Services) -> None:
    try:
        current = is_current(services.engine)
    except Exception as err:  # any driver failure means "not ready", with its name
        raise DatabaseError(f"数据库不可用（database unreachable: {type(err).__name__}）") from None
    if not current:
        raise DatabaseError("数据库未升级（run kczg db upgrade）")
    services.dispatcher.ready()


@router.get("/healthz", response_model=Health, summary="The process answers")
def healthz() -> Health:
    return Health(status="ok")


@router.get(
    "/readyz",
    response_model=Health,
    summary="The database is reachable and migrated, and the queue takes jobs",
    responses={
        503: {
            "description": "not ready: the error names the database or the queue",
            "model": ErrorBody,
        }
    },
)
async def readyz(services: ServicesDep) -> Health:
    await run_in_threadpool(_ready, services)
    return Health(status="ready")
