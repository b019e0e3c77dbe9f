"""Jobs: read (long-poll) and cancel."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from service.api.deps import PrincipalDep, ServicesDep
from service.api.errors import ErrorBody
from service.api.routes.submissions import wait_until
from service.usecases import submissions as cases
from service.usecases.views import JobView

__all__ = ["router"]

router = APIRouter(prefix="/api/v1/jobs", tags=["jobs"])

_ERRORS: dict[int | str, dict[str, object]] = {
    401: {"model": ErrorBody, "description": "no token, or a wrong or revoked one"},
    404: {"model": ErrorBody, "description": "no such job (or not yours)"},
    422: {"model": ErrorBody, "description": "invalid request"},
}


@router.get(
    "/{job_id}", response_model=JobView, summary="A job (long-poll with wait)", responses=_ERRORS
)
async def get_job(
    services: ServicesDep,
    principal: PrincipalDep,
    job_id: str,
    wait: Annotated[float, Query(ge=0, le=60)] = 0,
) -> JobView:
    seconds = min(wait, services.settings.max_wait)
    view = await wait_until(seconds, lambda: cases.get_job(services, principal, job_id))
    assert isinstance(view, JobView)
    return view


@router.post(
    "/{job_id}/cancel",
    response_model=JobView,
    summary="Cancel a job (a running one is stopped)",
    responses={**_ERRORS, 409: {"model": ErrorBody, "description": "the job is finished"}},
)
def cancel(services: ServicesDep, principal: PrincipalDep, job_id: str) -> JobView:
    return cases.cancel_job(services, principal, job_id)
