"""Rendering pages: the templates, the security headers, and errors shown as pages.

Every page answers with a Content-Security-Policy that allows only this site's own
scripts, styles and images (no inline script or style), and may not be framed. An
error in a page route is a page in Chinese with the error's HTTP status; no session
sends the person to the login page.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from importlib import resources
from typing import Any
from urllib.parse import quote

from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.routing import APIRoute
from fastapi.templating import Jinja2Templates

from schemas.errors import ErrorKind, KczgError
from service.api.errors import HTTP_STATUS
from service.auth import ROLE_NAMES, Principal
from service.errors import QueueFull
from service.usecases.review import (
    ACTION_NAMES,
    FLAG_NAMES,
    RESULT_NAMES,
    REVIEW_NAMES,
    VERDICT_NAMES,
)
from service.web.session import SESSION_COOKIE, csrf_token
from service.web.summary import shown

__all__ = ["SECURITY_HEADERS", "PageRoute", "anchor", "page"]

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


def anchor(name: str) -> str:
    """An HTML id for a field's flat name (any text, Chinese and ``/`` included)."""
    return "f-" + name.encode("utf-8").hex()


_templates = Jinja2Templates(directory=str(resources.files("service.web").joinpath("templates")))
_templates.env.globals.update(
    VERDICT_NAMES=VERDICT_NAMES,
    REVIEW_NAMES=REVIEW_NAMES,
    RESULT_NAMES=RESULT_NAMES,
    FLAG_NAMES=FLAG_NAMES,
    ROLE_NAMES=ROLE_NAMES,
    ACTION_NAMES=ACTION_NAMES,
)
_templates.env.filters["shown"] = shown
_templates.env.filters["anchor"] = anchor


def page(
    request: Request,
    name: str,
    context: dict[str, Any],
    *,
    principal: Principal | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    """A template rendered with the session's principal and CSRF token."""
    token = request.cookies.get(SESSION_COOKIE, "")
    values = {
        "principal": principal,
        "csrf": csrf_token(token) if token and principal else "",
        **context,
    }
    response = _templates.TemplateResponse(request, name, values, status_code=status_code)
    response.headers.update(SECURITY_HEADERS)
    return response


def _error_page(request: Request, err: KczgError) -> Response:
    if err.kind is ErrorKind.UNAUTHORIZED:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        response: Response = RedirectResponse(f"/login?next={quote(target)}", status_code=303)
        response.headers.update(SECURITY_HEADERS)
        return response
    answer = page(
        request,
        "error.html",
        {"message": err.message, "code": err.kind.value},
        status_code=HTTP_STATUS.get(err.kind, 400),
    )
    if isinstance(err, QueueFull):
        answer.headers["Retry-After"] = str(err.retry_after)
    return answer


class PageRoute(APIRoute):
    """A route whose errors are pages, and whose answers carry the security headers."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def run(request: Request) -> Response:
            try:
                response = await handler(request)
            except KczgError as err:
                return _error_page(request, err)
            except RequestValidationError as err:
                fields = "、".join(str(e.get("loc", ["", "?"])[-1]) for e in err.errors())
                return page(
                    request,
                    "error.html",
                    {"message": f"请求参数有误：{fields}", "code": "invalid"},
                    status_code=422,
                )
            for key, value in SECURITY_HEADERS.items():
                response.headers.setdefault(key, value)
            return response

        return run
