"""Page sessions: the token in an http-only cookie, and CSRF tokens for every form.

The cookie holds the token the person typed in, so a revoked token ends its sessions
at the next request; it is http-only (scripts never see it), ``SameSite=Strict`` and
``Secure`` unless ``KCZG_COOKIE_SECURE=false`` (plain-http use on one machine). Forms
carry a CSRF token derived from the session's token by HMAC: a page of another site
can neither read it nor compute it. The login form, before there is a session, is
guarded by a random value in a cookie of its own that the form must repeat.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Annotated

from fastapi import Depends, Request, Response
from fastapi.concurrency import run_in_threadpool

from service.api.deps import ServicesDep
from service.auth import Principal, authenticate
from service.errors import Forbidden, Unauthorized

__all__ = [
    "LOGIN_COOKIE",
    "SESSION_COOKIE",
    "PagePrincipal",
    "check_csrf",
    "check_login_nonce",
    "csrf_token",
    "end_session",
    "login_nonce",
    "page_principal",
    "remember_login_nonce",
    "start_session",
]

SESSION_COOKIE = "kczg_session"
LOGIN_COOKIE = "kczg_login"
_CSRF_CONTEXT = b"kczg page form"


def csrf_token(token: str) -> str:
    """The CSRF token of a session: an HMAC of the session's token, never the token."""
    return hmac.new(token.encode("utf-8"), _CSRF_CONTEXT, hashlib.sha256).hexdigest()


def check_csrf(request: Request, given: str | None) -> None:
    """Refuses a form whose CSRF token is not the session's."""
    token = request.cookies.get(SESSION_COOKIE, "")
    if not token or not given or not hmac.compare_digest(csrf_token(token), given):
        raise Forbidden("表单已过期或来源不明，请刷新页面后重试（CSRF check failed）")


def _cookie(response: Response, request: Request, name: str, value: str) -> None:
    secure: bool = request.app.state.services.settings.cookie_secure
    response.set_cookie(name, value, httponly=True, secure=secure, samesite="strict", path="/")


def login_nonce(request: Request) -> str:
    """The value the login form repeats: the one its cookie holds, or a new one."""
    return request.cookies.get(LOGIN_COOKIE) or secrets.token_urlsafe(24)


def remember_login_nonce(request: Request, response: Response, nonce: str) -> None:
    """Sets the login form's own cookie."""
    _cookie(response, request, LOGIN_COOKIE, nonce)


def check_login_nonce(request: Request, given: str | None) -> None:
    """Refuses a login posted by a page other than the login form."""
    nonce = request.cookies.get(LOGIN_COOKIE, "")
    if not nonce or not given or not hmac.compare_digest(nonce, given):
        raise Forbidden("登录表单已过期，请刷新页面后重试（login form check failed）")


def start_session(request: Request, response: Response, token: str) -> None:
    """Sets the session cookie."""
    _cookie(response, request, SESSION_COOKIE, token)
    response.delete_cookie(LOGIN_COOKIE, path="/")


def end_session(response: Response) -> None:
    """Removes the session cookie (the token itself stays valid: revoke it to end it)."""
    response.delete_cookie(SESSION_COOKIE, path="/")


async def page_principal(request: Request, services: ServicesDep) -> Principal:
    """Who the session cookie stands for; ``Unauthorized`` (to the login page) otherwise."""
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        raise Unauthorized("请先登录（not logged in）")
    return await run_in_threadpool(authenticate, services.engine, token)


PagePrincipal = Annotated[Principal, Depends(page_principal)]
