"""Tokens and the registry of earlier lists (administrators only)."""

from __future__ import annotations

import tempfile
from datetime import datetime
from pathlib import Path, PurePath
from typing import Annotated

from fastapi import APIRouter, Body, File, Response, UploadFile
from pydantic import BaseModel, Field

from service.api.deps import AdminDep, ServicesDep
from service.api.errors import ErrorBody
from service.auth import Role, TokenInfo, create_token, list_tokens, revoke_token
from service.errors import UnsupportedType
from service.registry_store import import_registry

__all__ = ["router"]

router = APIRouter(prefix="/api/v1", tags=["admin"])

_ERRORS: dict[int | str, dict[str, object]] = {
    401: {"model": ErrorBody, "description": "no token, or a wrong or revoked one"},
    403: {"model": ErrorBody, "description": "not an administrator"},
    422: {"model": ErrorBody, "description": "invalid request"},
}


#: Text the database can store: PostgreSQL takes no NUL character, so the spec says so.
_STORABLE = r"^[^\x00]*$"


class TokenRequest(BaseModel):
    role: Role
    name: str = Field(default="", max_length=200, pattern=_STORABLE)
    unit: str | None = Field(default=None, max_length=500, pattern=_STORABLE)
    lists: list[Annotated[str, Field(pattern=_STORABLE)]] = Field(
        default_factory=list, max_length=20
    )


class TokenView(BaseModel):
    id: str
    name: str
    role: Role
    unit: str | None
    lists: list[str]
    prefix: str
    created_at: datetime | None
    revoked_at: datetime | None

    @classmethod
    def of(cls, info: TokenInfo) -> TokenView:
        return cls(
            id=info.id,
            name=info.name,
            role=info.role,
            unit=info.unit,
            lists=list(info.lists),
            prefix=info.prefix,
            created_at=info.created_at,
            revoked_at=info.revoked_at,
        )


class NewToken(TokenView):
    token: str = Field(description="The token itself: shown this once, never again.")


class ImportAnswer(BaseModel):
    added: int = Field(description="Entries the registry did not hold yet.")
    skipped: int = Field(description="Entries it held already, or that the file repeats.")


@router.post(
    "/tokens", status_code=201, response_model=NewToken, summary="Make a token", responses=_ERRORS
)
def make_token(
    services: ServicesDep, _admin: AdminDep, request: Annotated[TokenRequest, Body()]
) -> NewToken:
    token, info = create_token(
        services.engine,
        role=request.role,
        name=request.name,
        unit=request.unit,
        lists=tuple(request.lists),
    )
    return NewToken(**TokenView.of(info).model_dump(), token=token)


@router.get("/tokens", response_model=list[TokenView], summary="List tokens", responses=_ERRORS)
def tokens(services: ServicesDep, _admin: AdminDep) -> list[TokenView]:
    return [TokenView.of(info) for info in list_tokens(services.engine)]


@router.delete(
    "/tokens/{token_id}",
    response_model=TokenView,
    summary="Revoke a token",
    responses={**_ERRORS, 404: {"model": ErrorBody, "description": "no such token"}},
)
def revoke(services: ServicesDep, _admin: AdminDep, token_id: str) -> TokenView:
    return TokenView.of(revoke_token(services.engine, token_id))


@router.post(
    "/registry",
    response_model=ImportAnswer,
    summary="Import entries of earlier lists (CSV or XLSX)",
    responses={**_ERRORS, 415: {"model": ErrorBody, "description": "not a .csv or .xlsx file"}},
)
def registry(
    services: ServicesDep, _admin: AdminDep, file: Annotated[UploadFile, File()], response: Response
) -> ImportAnswer:
    suffix = PurePath(file.filename or "").suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise UnsupportedType("名录文件须为 .csv 或 .xlsx（expected .csv or .xlsx）", field="file")
    with tempfile.TemporaryDirectory(prefix="kczg-registry-") as folder:
        path = Path(folder) / f"registry{suffix}"
        with path.open("wb") as out:
            while chunk := file.file.read(1024 * 1024):
                out.write(chunk)
        summary = import_registry(services.engine, path)
    response.headers["Cache-Control"] = "no-store"
    return ImportAnswer(added=summary.added, skipped=summary.skipped)
