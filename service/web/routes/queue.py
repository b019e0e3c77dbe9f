"""The reviewer's queue: filters, sort, pages, counts and charts, and its export."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response, StreamingResponse

from schemas.catalogue import catalogue, form_editions
from service.api.deps import ExportsDep, ServicesDep
from service.auth import Role
from service.errors import ServiceError
from service.jobs.export_pool import ExportRequest, chunks
from service.usecases.exports import ExportFormat
from service.usecases.review import FLAG_NAMES, VERDICT_NAMES, Counts, queue_counts
from service.usecases.submissions import Sort, list_submissions
from service.usecases.views import SubmissionPage
from service.web.chart import bar_chart
from service.web.query import PAGE_SIZE, parse_query
from service.web.render import PageRoute, page
from service.web.session import PagePrincipal

__all__ = ["lists_of_forms", "router"]

router = APIRouter(route_class=PageRoute, include_in_schema=False)

_TONES = {"ineligible": "bad", "needs_review": "warn", "eligible": "good", "none": "none"}
_SORT_NAMES = {
    Sort.PROBLEMS: "问题优先",
    Sort.NEWEST: "最新上传",
    Sort.OLDEST: "最早上传",
    Sort.APPLICANT: "申报对象名称",
}


def lists_of_forms() -> list[str]:
    """Every list name the catalogue has forms for, in catalogue order."""
    names: dict[str, None] = {}
    for edition in form_editions():
        for form in catalogue(edition).forms:
            names.setdefault(form.list)
    return list(names)


@router.get("/queue")
async def queue(request: Request, services: ServicesDep, principal: PagePrincipal) -> Response:
    if principal.role is Role.APPLICANT:
        return RedirectResponse("/apply", status_code=303)
    query = parse_query(request.query_params)
    offset = (query.page - 1) * PAGE_SIZE

    def load() -> tuple[SubmissionPage, Counts]:
        listed = list_submissions(
            services,
            principal,
            filters=query.filters,
            offset=offset,
            limit=PAGE_SIZE,
            sort=query.sort,
        )
        return listed, queue_counts(services, principal, query.filters)

    listed, counts = await run_in_threadpool(load)
    verdict_chart = bar_chart(
        "资格结论",
        [
            (VERDICT_NAMES[key], counts.verdicts.get(key, 0), _TONES[key])
            for key in ("ineligible", "needs_review", "eligible", "none")
        ],
    )
    flag_chart = bar_chart(
        "问题类型（涉及的申报数）",
        [
            (FLAG_NAMES.get(code, code), count, "warn")
            for code, count in sorted(counts.flag_codes.items(), key=lambda item: -item[1])
        ],
    )
    return page(
        request,
        "queue.html",
        {
            "query": query,
            "listed": listed,
            "counts": counts,
            "offset": offset,
            "page_size": PAGE_SIZE,
            "verdict_chart": verdict_chart,
            "flag_chart": flag_chart,
            "lists": lists_of_forms(),
            "sorts": _SORT_NAMES,
        },
        principal=principal,
    )


@router.get("/queue/export")
async def queue_export(
    request: Request,
    exports: ExportsDep,
    principal: PagePrincipal,
    format: str = "xlsx",
) -> Response:
    principal.require(Role.REVIEWER, Role.ADMIN)
    query = parse_query(request.query_params)
    try:
        kind = ExportFormat(format)
    except ValueError:
        raise ServiceError("导出格式须为 xlsx 或 csv", field="format") from None
    written = await exports.run(
        ExportRequest(
            principal=principal,
            format=kind,
            filters=query.filters,
            sort=query.sort,
            base_url=str(request.base_url).rstrip("/"),
        )
    )
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M")
    name = f"{query.filters.form or '申报'}-{stamp}.{kind.value}"
    media = (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        if kind is ExportFormat.XLSX
        else "text/csv; charset=utf-8"
    )
    return StreamingResponse(
        chunks(written),
        media_type=media,
        headers={
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}",
            "Content-Length": str(os.fstat(written.fileno()).st_size),
        },
    )
