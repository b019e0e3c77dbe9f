"""Checks without a file: a JSON record, and the batch rules over stored submissions."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body
from pydantic import BaseModel, Field
from pydantic.config import JsonDict

from service.api.deps import PrincipalDep, ServicesDep
from service.api.errors import ErrorBody
from service.auth import Role
from service.usecases import checking
from service.usecases.results import pilot_cities
from service.usecases.submissions import list_names
from service.usecases.views import BatchView, EvaluationView

__all__ = ["router"]

router = APIRouter(prefix="/api/v1", tags=["checks"])

_ERRORS: dict[int | str, dict[str, object]] = {
    401: {"model": ErrorBody, "description": "no token, or a wrong or revoked one"},
    403: {"model": ErrorBody, "description": "a role that may not do this"},
    422: {"model": ErrorBody, "description": "not a record of a known form, or not covered"},
}

_RECORD_EXAMPLE = {
    "form": "新锐企业榜",
    "edition": 2022,
    "values": {"申报企业名称": "深圳启明能源科技有限公司", "企业工商登记日期": "2016-05-20"},
}


#: The lists stored submissions are read as (their Chinese names).
_STORED_LISTS: JsonDict = {"enum": [name for name in list_names() if not name.isascii()]}


class BatchRequest(BaseModel):
    list: str = Field(
        max_length=64,
        description="The list, e.g. 融通创新组织榜.",
        json_schema_extra=_STORED_LISTS,
    )
    edition: int = Field(ge=2000, le=2100)


@router.post(
    "/check",
    response_model=EvaluationView,
    summary="Check a record in the --flat shape (no file)",
    responses=_ERRORS,
)
def check_record(
    services: ServicesDep,
    principal: PrincipalDep,
    record: Annotated[dict[str, Any], Body(examples=[_RECORD_EXAMPLE])],
) -> EvaluationView:
    principal.require(Role.APPLICANT, Role.REVIEWER, Role.ADMIN)
    typed = checking.record_from_json(record, "request")
    evaluation = checking.check_record(typed, services.registry.current(), pilot_cities(services))
    return EvaluationView.model_validate(evaluation.as_json())


@router.post(
    "/batch",
    response_model=BatchView,
    summary="Quotas and duplicates over the stored submissions of a list and edition",
    responses=_ERRORS,
)
def batch(services: ServicesDep, principal: PrincipalDep, request: BatchRequest) -> BatchView:
    report = checking.stored_batch(services, principal, form=request.list, edition=request.edition)
    return BatchView.model_validate(report.as_json())
