"""The one table from error kinds to HTTP status, and the JSON error body.

Every error answer, ours or the framework's, has the body
``{"error": {"code": "<kind>", "message": "<中文 (English)>", "field": "<name>"?}}``;
``code`` is a stable English key, ``message`` is for people.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from schemas.errors import ErrorKind, KczgError
from service.errors import QueueFull

__all__ = ["HTTP_STATUS", "ErrorBody", "ErrorDetail", "error_response", "install_error_handlers"]

log = logging.getLogger("kczg.api")

HTTP_STATUS: dict[ErrorKind, int] = {
    ErrorKind.USAGE: 400,
    ErrorKind.INVALID: 422,
    ErrorKind.NOT_FOUND: 404,
    ErrorKind.UNREADABLE: 422,
    ErrorKind.ENCRYPTED: 422,
    ErrorKind.UNSAFE: 422,
    ErrorKind.UNKNOWN_FORM: 422,
    ErrorKind.TIMEOUT: 422,
    ErrorKind.MISSING_CONVERTER: 503,
    ErrorKind.NOT_COVERED: 422,
    ErrorKind.TOO_LARGE: 413,
    ErrorKind.UNSUPPORTED_TYPE: 415,
    ErrorKind.UNAUTHORIZED: 401,
    ErrorKind.FORBIDDEN: 403,
    ErrorKind.CONFLICT: 409,
    ErrorKind.QUEUE_FULL: 503,
    ErrorKind.QUEUE_UNAVAILABLE: 503,
    ErrorKind.DATABASE: 503,
    ErrorKind.STORAGE: 507,
}

#: Framework answers (routing, methods) in the same body.
_STATUS_CODES = {
    404: ("not_found", "没有此资源（not found）"),
    405: ("method_not_allowed", "不允许的请求方法（method not allowed）"),
}


class ErrorDetail(BaseModel):
    code: str = Field(description="A stable English key, e.g. not_found, unsupported_type.")
    message: str = Field(description="What is wrong, in Chinese (with English).")
    field: str | None = Field(default=None, description="The request field at fault.")


class ErrorBody(BaseModel):
    error: ErrorDetail


def error_response(
    status: int, code: str, message: str, *, field: str | None = None, headers: Any = None
) -> JSONResponse:
    """An error answer in the one JSON shape."""
    body = ErrorBody(error=ErrorDetail(code=code, message=message, field=field))
    return JSONResponse(body.model_dump(exclude_none=True), status_code=status, headers=headers)


def _kczg(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, KczgError)
    status = HTTP_STATUS[exc.kind]
    headers: dict[str, str] = {}
    if status == 401:
        headers["WWW-Authenticate"] = "Bearer"
    if isinstance(exc, QueueFull):
        headers["Retry-After"] = str(exc.retry_after)
    if status >= 500:
        log.warning("%s: %s", exc.kind, exc.message)
    return error_response(status, exc.kind.value, exc.message, field=exc.field, headers=headers)


def _validation(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    first = exc.errors()[0] if exc.errors() else {}
    where = [str(part) for part in first.get("loc", ()) if part not in ("body", "query", "path")]
    field = ".".join(where) or None
    reason = str(first.get("msg", "invalid request"))
    return error_response(422, "invalid", f"请求参数有误（{reason}）", field=field)


def _http(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code, message = _STATUS_CODES.get(exc.status_code, ("http_error", str(exc.detail)))
    return error_response(exc.status_code, code, message, headers=exc.headers)


def _unexpected(_request: Request, exc: Exception) -> JSONResponse:
    log.exception("unexpected error", exc_info=exc)
    return error_response(500, "internal", "服务器内部错误（internal error）")


def install_error_handlers(app: FastAPI) -> None:
    """Every error answers in the one body: ours, validation, routing, and the unexpected."""
    app.add_exception_handler(KczgError, _kczg)
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(StarletteHTTPException, _http)
    app.add_exception_handler(Exception, _unexpected)
