"""What routes depend on: the services of the app, and the principal of the request."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from service.auth import Principal, Role, authenticate
from service.jobs.export_pool import ExportPool
from service.usecases.context import Services

__all__ = [
    "AdminDep",
    "ExportsDep",
    "PrincipalDep",
    "ServicesDep",
    "get_exports",
    "get_principal",
    "get_services",
]

_bearer = HTTPBearer(auto_error=False, description="A token from `kczg token create`.")


def get_services(request: Request) -> Services:
    """The services the app was made with."""
    services: Services = request.app.state.services
    return services


ServicesDep = Annotated[Services, Depends(get_services)]


def get_exports(request: Request) -> ExportPool:
    """The processes the app's exports run in."""
    pool: ExportPool = request.app.state.exports
    return pool


ExportsDep = Annotated[ExportPool, Depends(get_exports)]


async def get_principal(
    services: ServicesDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    """Who the bearer token stands for; 401 for none, a wrong or a revoked token."""
    token = credentials.credentials if credentials else None
    return await run_in_threadpool(authenticate, services.engine, token)


PrincipalDep = Annotated[Principal, Depends(get_principal)]


async def get_admin(principal: PrincipalDep) -> Principal:
    """The principal, if an administrator (403 otherwise)."""
    principal.require(Role.ADMIN)
    return principal


AdminDep = Annotated[Principal, Depends(get_admin)]
