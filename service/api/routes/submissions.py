"""Submissions: upload, read (long-poll), list, re-run, download, delete."""

from __future__ import annotations

import asyncio
import time
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, File, Form, Query, Response, UploadFile
from fastapi.concurrency import run_in_threadpool

from service.api.deps import AdminDep, PrincipalDep, ServicesDep
from service.api.errors import ErrorBody
from service.db import JobAction, JobState
from service.usecases import submissions as cases
from service.usecases.views import JobView, SubmissionPage, SubmissionView, SubmitAnswer

__all__ = ["router", "wait_until"]

router = APIRouter(prefix="/api/v1/submissions", tags=["submissions"])

_ERRORS: dict[int | str, dict[str, object]] = {
    401: {"model": ErrorBody, "description": "no token, or a wrong or revoked one"},
    403: {"model": ErrorBody, "description": "a role that may not do this"},
    404: {"model": ErrorBody, "description": "no such submission (or not yours)"},
    422: {"model": ErrorBody, "description": "invalid request"},
}
_POLL = 0.25
#: The spec names the lists a request may give; any other name is refused (422).
_LISTS: dict[str, object] = {"enum": cases.list_names()}


def _location(submission_id: str) -> str:
    return f"/api/v1/submissions/{submission_id}"


@router.post(
    "",
    status_code=202,
    response_model=SubmitAnswer,
    summary="Upload a filled form",
    responses={
        **_ERRORS,
        200: {"model": SubmitAnswer, "description": "these bytes were stored already"},
        413: {"model": ErrorBody, "description": "over the upload size limit"},
        415: {"model": ErrorBody, "description": "not a format we read"},
        503: {"model": ErrorBody, "description": "the queue is full; see Retry-After"},
    },
)
def upload(
    services: ServicesDep,
    principal: PrincipalDep,
    response: Response,
    file: Annotated[UploadFile, File(description="The form: .docx .doc .pdf or an image.")],
    form: Annotated[
        str | None, Form(description="The list, e.g. 新锐企业榜.", json_schema_extra=_LISTS)
    ] = None,
    edition: Annotated[int | None, Form(ge=2000, le=2100)] = None,
    unit: Annotated[str | None, Form(max_length=500, description="Recommending unit.")] = None,
    channel: Annotated[str | None, Form(max_length=200)] = None,
) -> SubmitAnswer:
    declared = cases.Declared(form=form, edition=edition, unit=unit, channel=channel)
    answer = cases.submit(
        services, principal, handle=file.file, filename=file.filename or "", declared=declared
    )
    response.headers["Location"] = _location(answer.submission.id)
    if answer.duplicate:
        response.status_code = 200
    else:
        response.headers["Retry-After"] = "1"
    return answer


@router.get("", response_model=SubmissionPage, summary="List submissions", responses=_ERRORS)
def list_submissions(
    services: ServicesDep,
    principal: PrincipalDep,
    form: Annotated[
        str | None,
        Query(alias="list", description="List name or key.", json_schema_extra=_LISTS),
    ] = None,
    edition: Annotated[int | None, Query(ge=2000, le=2100)] = None,
    verdict: Annotated[str | None, Query(max_length=32)] = None,
    has_errors: bool | None = None,
    unit: Annotated[str | None, Query(max_length=500)] = None,
    state: Annotated[str | None, Query(max_length=16)] = None,
    q: Annotated[str | None, Query(max_length=200, description="Text in names.")] = None,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> SubmissionPage:
    filters = cases.Filters(
        form=form,
        edition=edition,
        verdict=verdict,
        has_errors=has_errors,
        unit=unit,
        state=state,
        text=q,
    )
    return cases.list_submissions(services, principal, filters=filters, offset=offset, limit=limit)


async def wait_until(seconds: float, load: object) -> object:
    """Calls ``load`` (in a thread) until its job is finished or ``seconds`` have passed."""
    assert callable(load)
    deadline = time.monotonic() + seconds
    while True:
        view = await run_in_threadpool(load)
        job = getattr(view, "job", view)
        state = getattr(job, "state", None)
        if state is None or JobState(state).finished or time.monotonic() >= deadline:
            return view
        await asyncio.sleep(_POLL)


@router.get(
    "/{submission_id}",
    response_model=SubmissionView,
    summary="A submission: record, flags, verdict, job (long-poll with wait)",
    responses=_ERRORS,
)
async def get_submission(
    services: ServicesDep,
    principal: PrincipalDep,
    submission_id: str,
    response: Response,
    wait: Annotated[float, Query(ge=0, le=60, description="Seconds to wait for the job.")] = 0,
) -> SubmissionView:
    seconds = min(wait, services.settings.max_wait)
    view = await wait_until(
        seconds, lambda: cases.get_submission(services, principal, submission_id)
    )
    assert isinstance(view, SubmissionView)
    if view.job is not None and not JobState(view.job.state).finished:
        response.headers["Retry-After"] = "1"
    return view


@router.post(
    "/{submission_id}/rerun",
    status_code=202,
    response_model=JobView,
    summary="Read the original again (extract) or re-check the record (check)",
    responses={**_ERRORS, 409: {"model": ErrorBody, "description": "a job is still running"}},
)
def rerun(
    services: ServicesDep,
    principal: PrincipalDep,
    submission_id: str,
    response: Response,
    action: JobAction = JobAction.EXTRACT,
) -> JobView:
    job = cases.rerun(services, principal, submission_id, action=action)
    response.headers["Location"] = f"/api/v1/jobs/{job.id}"
    response.headers["Retry-After"] = "1"
    return job


@router.get(
    "/{submission_id}/original",
    summary="Download the original file",
    response_class=Response,
    responses={**_ERRORS, 200: {"content": {"application/octet-stream": {}}}},
)
def download(services: ServicesDep, principal: PrincipalDep, submission_id: str) -> Response:
    name, data = cases.original(services, principal, submission_id)
    disposition = f"attachment; filename*=UTF-8''{quote(name)}"
    return Response(
        data,
        media_type="application/octet-stream",
        headers={"Content-Disposition": disposition, "X-Content-Type-Options": "nosniff"},
    )


@router.delete(
    "/{submission_id}",
    status_code=204,
    response_class=Response,
    summary="Delete a submission and its original (admin)",
    responses=_ERRORS,
)
def delete(services: ServicesDep, principal: AdminDep, submission_id: str) -> Response:
    cases.delete_submission(services, principal, submission_id)
    return Response(status_code=204)
