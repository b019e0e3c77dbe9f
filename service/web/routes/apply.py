"""The applicant's page: upload a form, see what was read, and earlier uploads."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response

from service.api.deps import ServicesDep
from service.auth import Role
from service.errors import ServiceError
from service.usecases.submissions import Declared, Sort, list_submissions, submit
from service.web.render import SECURITY_HEADERS, PageRoute, page
from service.web.routes.queue import lists_of_forms
from service.web.session import PagePrincipal, check_csrf

__all__ = ["router"]

router = APIRouter(route_class=PageRoute, include_in_schema=False)


@router.get("/apply")
async def apply_page(request: Request, services: ServicesDep, principal: PagePrincipal) -> Response:
    principal.require(Role.APPLICANT, Role.ADMIN)
    listed = await run_in_threadpool(
        lambda: list_submissions(services, principal, limit=100, sort=Sort.NEWEST)
    )
    return page(
        request,
        "apply.html",
        {"listed": listed, "lists": lists_of_forms()},
        principal=principal,
    )


@router.post("/apply")
async def upload(
    request: Request,
    services: ServicesDep,
    principal: PagePrincipal,
    file: Annotated[UploadFile, File()],
    csrf: Annotated[str, Form()] = "",
    form: Annotated[str, Form()] = "",
    edition: Annotated[str, Form()] = "",
) -> Response:
    check_csrf(request, csrf)
    principal.require(Role.APPLICANT, Role.ADMIN)
    if edition and not (edition.isdigit() and len(edition) == 4):
        raise ServiceError("届次须为年份，如 2022", field="edition")
    declared = Declared(form=form or None, edition=int(edition) if edition else None)
    answer = await run_in_threadpool(
        lambda: submit(
            services,
            principal,
            handle=file.file,
            filename=file.filename or "upload",
            declared=declared,
        )
    )
    response = RedirectResponse(f"/submissions/{answer.submission.id}", status_code=303)
    response.headers.update(SECURITY_HEADERS)
    return response
