"""Logging in with a token, and out."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response

from service.api.deps import ServicesDep
from service.auth import Principal, Role, authenticate
from service.errors import Unauthorized
from service.web.render import SECURITY_HEADERS, PageRoute, page
from service.web.session import (
    SESSION_COOKIE,
    PagePrincipal,
    check_csrf,
    check_login_nonce,
    end_session,
    login_nonce,
    remember_login_nonce,
    start_session,
)

__all__ = ["home_of", "router"]

router = APIRouter(route_class=PageRoute, include_in_schema=False)


def home_of(principal: Principal) -> str:
    """Where a person lands: applicants on their page, reviewers on the queue."""
    return "/apply" if principal.role is Role.APPLICANT else "/queue"


def _local(target: str | None) -> str | None:
    """A redirect target only if it stays on this site."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return None


@router.get("/login")
async def login_form(request: Request, next: str | None = None) -> Response:
    nonce = login_nonce(request)
    response = page(request, "login.html", {"next": _local(next) or "", "nonce": nonce})
    remember_login_nonce(request, response, nonce)
    return response


@router.post("/login")
async def login(
    request: Request,
    services: ServicesDep,
    token: Annotated[str, Form()] = "",
    nonce: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "",
) -> Response:
    check_login_nonce(request, nonce)
    try:
        principal = await run_in_threadpool(authenticate, services.engine, token.strip())
    except Unauthorized as err:
        return page(
            request,
            "login.html",
            {"next": _local(next) or "", "error": err.message, "nonce": nonce},
            status_code=401,
        )
    response = RedirectResponse(_local(next) or home_of(principal), status_code=303)
    response.headers.update(SECURITY_HEADERS)
    start_session(request, response, token.strip())
    return response


@router.post("/logout")
async def logout(
    request: Request, principal: PagePrincipal, csrf: Annotated[str, Form()] = ""
) -> Response:
    check_csrf(request, csrf)
    response: Response = RedirectResponse("/login", status_code=303)
    response.headers.update(SECURITY_HEADERS)
    end_session(response)
    return response


@router.get("/")
async def home(request: Request) -> Response:
    target = "/queue" if request.cookies.get(SESSION_COOKIE) else "/login"
    return RedirectResponse(target, status_code=303)
