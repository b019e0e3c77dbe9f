"""Logging in to the pages: the cookie, CSRF on every change, logout, security headers."""

from __future__ import annotations

import re
from typing import Any

from tests.conftest import CHECKED_IN, MakeToken, PageClient, Upload, csrf_of

FORM = CHECKED_IN / "004-2022-tech_manager-faithful.docx"


def test_login_sets_an_http_only_same_site_cookie_and_lands_on_the_queue(
    page_client: PageClient, make_token: MakeToken
) -> None:
    token, _ = make_token("reviewer")
    client = page_client(None)
    form = client.get("/login")
    assert form.status_code == 200
    assert form.headers["content-type"] == "text/html; charset=utf-8"
    assert '<meta charset="utf-8">' in form.text and "访问令牌" in form.text
    nonce = re.search(r'name="nonce" value="([^"]+)"', form.text).group(1)  # type: ignore[union-attr]
    answer = client.post("/login", data={"token": token, "nonce": nonce}, follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/queue"
    cookie = next(c for c in answer.headers.get_list("set-cookie") if c.startswith("kczg_session="))
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie
    # The test settings serve plain http (KCZG_COOKIE_SECURE=false); see the next test.
    assert "Secure" not in cookie
    assert client.get("/queue").status_code == 200


def test_the_cookie_is_secure_unless_configured_otherwise(
    services: Any, make_token: MakeToken
) -> None:
    from fastapi.testclient import TestClient

    from service.api import create_app

    token, _ = make_token("reviewer")
    services.settings.cookie_secure = True
    with TestClient(create_app(services), base_url="https://testserver") as client:
        nonce = re.search(r'name="nonce" value="([^"]+)"', client.get("/login").text).group(1)  # type: ignore[union-attr]
        answer = client.post(
            "/login", data={"token": token, "nonce": nonce}, follow_redirects=False
        )
    cookie = next(c for c in answer.headers.get_list("set-cookie") if c.startswith("kczg_session="))
    assert "Secure" in cookie


def test_a_wrong_token_is_refused_in_chinese_and_sets_no_session(
    page_client: PageClient, make_token: MakeToken
) -> None:
    client = page_client(None)
    nonce = re.search(r'name="nonce" value="([^"]+)"', client.get("/login").text).group(1)  # type: ignore[union-attr]
    answer = client.post("/login", data={"token": "kczg_wrong", "nonce": nonce})
    assert answer.status_code == 401
    assert "令牌无效" in answer.text
    assert "kczg_session" not in answer.headers.get("set-cookie", "")


def test_a_login_posted_from_elsewhere_is_refused(
    page_client: PageClient, make_token: MakeToken
) -> None:
    token, _ = make_token("reviewer")
    client = page_client(None)
    answer = client.post("/login", data={"token": token, "nonce": "made-up"})
    assert answer.status_code == 403
    assert "kczg_session" not in answer.headers.get("set-cookie", "")


def test_pages_without_a_session_send_to_the_login_page_and_back(
    page_client: PageClient, make_token: MakeToken
) -> None:
    client = page_client(None)
    answer = client.get("/queue?verdict=ineligible", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/login?next=/queue%3Fverdict%3Dineligible"
    token, _ = make_token("reviewer")
    nonce = re.search(
        r'name="nonce" value="([^"]+)"', client.get(answer.headers["location"]).text
    ).group(1)  # type: ignore[union-attr]
    back = client.post(
        "/login",
        data={"token": token, "nonce": nonce, "next": "/queue?verdict=ineligible"},
        follow_redirects=False,
    )
    assert back.headers["location"] == "/queue?verdict=ineligible"


def test_login_never_redirects_off_the_site(page_client: PageClient, make_token: MakeToken) -> None:
    token, _ = make_token("reviewer")
    client = page_client(None)
    nonce = re.search(r'name="nonce" value="([^"]+)"', client.get("/login").text).group(1)  # type: ignore[union-attr]
    answer = client.post(
        "/login",
        data={"token": token, "nonce": nonce, "next": "//evil.example/x"},
        follow_redirects=False,
    )
    assert answer.headers["location"] == "/queue"


def test_every_page_sends_a_content_security_policy(
    page_client: PageClient, make_token: MakeToken
) -> None:
    token, _ = make_token("admin")
    client = page_client(token)
    for path in ("/login", "/queue", "/apply", "/submissions/nope"):
        answer = client.get(path)
        policy = answer.headers["content-security-policy"]
        assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy, path
        assert answer.headers["x-content-type-options"] == "nosniff"
    assert client.get("/submissions/nope").status_code == 404
    assert "没有此申报" in client.get("/submissions/nope").text


def test_a_change_without_the_csrf_token_is_refused_and_changes_nothing(
    page_client: PageClient, make_token: MakeToken, upload: Upload
) -> None:
    token, _ = make_token("reviewer")
    sid = upload(token, FORM)
    client = page_client(token)
    answer = client.post(f"/submissions/{sid}/review", data={"status": "reviewed"})
    assert answer.status_code == 403 and "CSRF" in answer.text
    forged = client.post(
        f"/submissions/{sid}/review", data={"status": "reviewed", "csrf": "0" * 64}
    )
    assert forged.status_code == 403
    page = client.get(f"/submissions/{sid}").text
    assert "尚无记录" in page


def test_logout_ends_the_session(page_client: PageClient, make_token: MakeToken) -> None:
    token, _ = make_token("reviewer")
    client = page_client(token)
    csrf = csrf_of(client.get("/queue").text)
    answer = client.post("/logout", data={"csrf": csrf}, follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/login"
    assert 'kczg_session=""' in answer.headers["set-cookie"]
    assert client.get("/queue", follow_redirects=False).status_code == 303


def test_a_revoked_token_ends_its_page_sessions(
    page_client: PageClient, make_token: MakeToken, services: Any
) -> None:
    from service.auth import revoke_token

    token, principal = make_token("reviewer")
    client = page_client(token)
    assert client.get("/queue").status_code == 200
    revoke_token(services.engine, principal.token_id)
    assert client.get("/queue", follow_redirects=False).status_code == 303


def test_api_routes_take_no_cookie(page_client: PageClient, make_token: MakeToken) -> None:
    token, _ = make_token("admin")
    client = page_client(token)
    assert client.get("/api/v1/submissions").status_code == 401
