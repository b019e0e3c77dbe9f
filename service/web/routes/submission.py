"""A submission's pages: the summary, its printable form, sources, corrections, review."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import parse_qsl, urlencode

from fastapi import APIRouter, Form, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response

from service.api.deps import ServicesDep
from service.auth import Principal, Role
from service.errors import NotFound
from service.usecases.context import Services
from service.usecases.corrections import correct
from service.usecases.review import ReviewView, review_view, set_review, visible_submission
from service.usecases.submissions import list_submissions
from service.usecases.views import SubmissionView
from service.web.query import parse_query
from service.web.render import SECURITY_HEADERS, PageRoute, page
from service.web.session import PagePrincipal, check_csrf
from service.web.source import is_paged, page_png, page_size, table_view
from service.web.summary import summarise

__all__ = ["router"]

router = APIRouter(route_class=PageRoute, include_in_schema=False)

_RUNNING = ("queued", "running")


def _next_id(services: Services, principal: Principal, params: Any, pos: int | None) -> str | None:
    """The submission after this one in the queue it was opened from."""
    if pos is None or principal.role is Role.APPLICANT:
        return None
    query = parse_query(params)
    listed = list_submissions(
        services, principal, filters=query.filters, offset=pos + 1, limit=1, sort=query.sort
    )
    return listed.items[0].id if listed.items else None


def _position(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() else None


def _back(params: Any) -> str:
    """The queue the submission was opened from, as a query string to carry along."""
    query = parse_query(params)
    return query.filter_link


def _summary_context(view: ReviewView) -> dict[str, Any]:
    submission = view.submission
    summary = (
        summarise(
            submission.record,
            submission.evaluation,
            corrected=view.corrections,
            conflicting=view.conflicts,
        )
        if submission.record
        else None
    )
    return {"view": view, "s": submission, "summary": summary}


@router.get("/submissions/{submission_id}")
async def summary_page(
    request: Request, services: ServicesDep, principal: PagePrincipal, submission_id: str
) -> Response:
    pos = _position(request.query_params.get("pos"))

    def load() -> tuple[ReviewView, str | None]:
        view = review_view(services, principal, submission_id)
        return view, _next_id(services, principal, request.query_params, pos)

    view, next_id = await run_in_threadpool(load)
    back = _back(request.query_params)
    context = _summary_context(view)
    context.update(
        {
            "back": back,
            "pos": pos,
            "next_id": next_id,
            "running": view.submission.state in _RUNNING,
            "applicant": principal.role is Role.APPLICANT,
        }
    )
    return page(request, "summary.html", context, principal=principal)


@router.get("/submissions/{submission_id}/print")
async def print_page(
    request: Request, services: ServicesDep, principal: PagePrincipal, submission_id: str
) -> Response:
    view = await run_in_threadpool(review_view, services, principal, submission_id)
    return page(request, "print.html", _summary_context(view), principal=principal)


def _source_context(services: Services, submission: SubmissionView, field: str) -> dict[str, Any]:
    values = (submission.record or {}).get("values", {})
    held = values.get(field)
    if held is None:
        raise NotFound(f"“{field}”没有读取到值，无来源可示（no value read for this field）")
    where = held.get("provenance") or {}
    context: dict[str, Any] = {"field": field, "held": held, "where": where, "s": submission}
    if is_paged(submission.file_kind) and where.get("page"):
        size = page_size(services, submission.sha256, submission.file_kind, int(where["page"]))
        context["image"] = size
        context["bbox"] = where.get("bbox")
    elif where.get("table") is not None:
        context["table"] = table_view(
            services,
            submission.sha256,
            submission.file_kind,
            submission.filename,
            table=int(where["table"]),
            row=int(where.get("row") or 0),
            column=int(where.get("column") or 0),
        )
    return context


@router.get("/submissions/{submission_id}/source")
async def source_page(
    request: Request,
    services: ServicesDep,
    principal: PagePrincipal,
    submission_id: str,
    field: str,
    fragment: bool = False,
) -> Response:
    def load() -> dict[str, Any]:
        submission = visible_submission(services, principal, submission_id)
        return _source_context(services, submission, field)

    context = await run_in_threadpool(load)
    name = "source_fragment.html" if fragment else "source.html"
    return page(request, name, context, principal=principal)


@router.get("/submissions/{submission_id}/pages/{number}.png")
async def page_image(
    services: ServicesDep, principal: PagePrincipal, submission_id: str, number: int
) -> Response:
    def load() -> bytes:
        submission = visible_submission(services, principal, submission_id)
        return page_png(services, submission.sha256, submission.file_kind, number)

    png = await run_in_threadpool(load)
    return Response(png, media_type="image/png", headers={"Cache-Control": "private, max-age=3600"})


def _after_change(
    submission_id: str, *, go: str, next_id: str, back: str, pos: str, anchor: str = ""
) -> Response:
    position = _position(pos)
    if go == "next" and next_id:
        target = f"/submissions/{next_id}?" + urlencode(
            [*_pairs(back), ("pos", str((position or 0) + 1))]
        )
    else:
        pairs = _pairs(back) + ([("pos", str(position))] if position is not None else [])
        target = f"/submissions/{submission_id}?" + urlencode(pairs) + anchor
    response = RedirectResponse(target, status_code=303)
    response.headers.update(SECURITY_HEADERS)
    return response


def _pairs(back: str) -> list[tuple[str, str]]:
    return [(k, v) for k, v in parse_qsl(back) if k not in ("pos", "page")]


@router.post("/submissions/{submission_id}/corrections")
async def post_correction(
    request: Request,
    services: ServicesDep,
    principal: PagePrincipal,
    submission_id: str,
    field: Annotated[str, Form()],
    csrf: Annotated[str, Form()] = "",
    value: Annotated[str, Form()] = "",
    absent: Annotated[bool, Form()] = False,
    restore: Annotated[bool, Form()] = False,
    reason: Annotated[str, Form()] = "",
    go: Annotated[str, Form()] = "stay",
    next_id: Annotated[str, Form()] = "",
    back: Annotated[str, Form()] = "",
    pos: Annotated[str, Form()] = "",
) -> Response:
    check_csrf(request, csrf)
    await run_in_threadpool(
        lambda: correct(
            services,
            principal,
            submission_id,
            field=field,
            text=value,
            absent=absent,
            restore=restore,
            reason=reason,
        )
    )
    return _after_change(submission_id, go=go, next_id=next_id, back=back, pos=pos, anchor="#audit")


@router.post("/submissions/{submission_id}/review")
async def post_review(
    request: Request,
    services: ServicesDep,
    principal: PagePrincipal,
    submission_id: str,
    status: Annotated[str, Form()],
    csrf: Annotated[str, Form()] = "",
    comment: Annotated[str, Form()] = "",
    go: Annotated[str, Form()] = "stay",
    next_id: Annotated[str, Form()] = "",
    back: Annotated[str, Form()] = "",
    pos: Annotated[str, Form()] = "",
) -> Response:
    check_csrf(request, csrf)
    await run_in_threadpool(
        lambda: set_review(services, principal, submission_id, status=status, comment=comment)
    )
    return _after_change(submission_id, go=go, next_id=next_id, back=back, pos=pos)
