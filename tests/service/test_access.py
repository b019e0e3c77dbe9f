"""Access, route by route: every route the app has refuses a missing, wrong or revoked
token, administrators' routes refuse the other roles, ids of another unit's submissions
cannot be probed, and no token ever shows in a log line or an error body."""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable
from typing import Any

import pytest

from tests.conftest import CHECKED_IN, MakeToken, bearer

FORM = CHECKED_IN / "001-2022-rising_company-faithful.docx"
#: Routes anyone may call: health and the API's own description.
OPEN = {"/healthz", "/readyz", "/openapi.json", "/docs", "/docs/oauth2-redirect", "/redoc"}


def _operations() -> list[tuple[str, str]]:
    """(method, path) of every operation the app's OpenAPI spec lists."""
    from service.api import create_app
    from service.config import Settings
    from service.usecases.context import Services

    # Only the spec is read: no database is opened.
    app = create_app(Services(Settings(), None, None))  # type: ignore[arg-type]
    return [
        (method.upper(), path)
        for path, item in app.openapi()["paths"].items()
        for method in item
        if path not in OPEN
    ]


OPERATIONS = _operations()
IDS = [f"{method} {path}" for method, path in OPERATIONS]
#: What only administrators may do; every other operation is open to every role.
ADMIN_ONLY = {
    ("DELETE", "/api/v1/submissions/{submission_id}"),
    ("GET", "/api/v1/tokens"),
    ("POST", "/api/v1/tokens"),
    ("DELETE", "/api/v1/tokens/{token_id}"),
    ("POST", "/api/v1/registry"),
}


def _url(path: str) -> str:
    return re.sub(r"\{[^}]+\}", str(uuid.uuid4()), path)


def test_the_spec_lists_every_route() -> None:
    assert {"/api/v1/submissions", "/api/v1/jobs/{job_id}", "/api/v1/tokens"} <= {
        path for _, path in OPERATIONS
    }
    assert set(OPERATIONS) >= ADMIN_ONLY


@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=IDS)
def test_a_missing_wrong_or_revoked_token_is_refused_with_401(
    api: Any, make_token: MakeToken, method: str, path: str
) -> None:
    from service.auth import revoke_token

    revoked, principal = make_token("admin")
    revoke_token(api.app.state.services.engine, principal.token_id)
    url = _url(path)
    for headers in (
        {},
        bearer("kczg_" + "x" * 43),
        bearer(revoked),
        {"Authorization": "Basic YWRtaW46YWRtaW4="},
        {"Authorization": "Bearer"},
    ):
        answer = api.request(method, url, headers=headers)
        assert answer.status_code == 401, (headers, answer.text)
        assert answer.json()["error"]["code"] == "unauthorized"
        assert answer.headers["WWW-Authenticate"] == "Bearer"
        assert revoked not in answer.text


@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=IDS)
@pytest.mark.parametrize("role", ["applicant", "reviewer"])
def test_an_administrators_operation_refuses_the_other_roles_and_no_other_does(
    api: Any, make_token: MakeToken, method: str, path: str, role: str
) -> None:
    token, _ = make_token(role, unit="中国电子学会")
    answer = api.request(method, _url(path), headers=bearer(token))
    if (method, path) in ADMIN_ONLY:
        assert answer.status_code == 403, answer.text
        assert answer.json()["error"]["code"] == "forbidden"
    else:
        assert answer.status_code not in (401, 403), answer.text


def _upload(api: Any, token: str) -> dict[str, Any]:
    answer = api.post(
        "/api/v1/submissions",
        headers=bearer(token),
        files={"file": (FORM.name, FORM.read_bytes(), "application/octet-stream")},
    )
    assert answer.status_code == 202, answer.text
    made: dict[str, Any] = answer.json()
    return made


def test_an_applicant_cannot_reach_another_units_submission_by_its_ids(
    api: Any, make_token: MakeToken, run_jobs: Callable[[], int]
) -> None:
    theirs, _ = make_token("applicant", unit="中国化学会")
    mine, _ = make_token("applicant", unit="中国电子学会")
    made = _upload(api, theirs)
    run_jobs()
    submission, job = made["submission"]["id"], made["job"]["id"]
    probes = [
        ("GET", f"/api/v1/submissions/{submission}"),
        ("GET", f"/api/v1/submissions/{submission}?wait=1"),
        ("GET", f"/api/v1/submissions/{submission}/original"),
        ("POST", f"/api/v1/submissions/{submission}/rerun"),
        ("POST", f"/api/v1/submissions/{submission}/rerun?action=check"),
        ("GET", f"/api/v1/jobs/{job}"),
        ("POST", f"/api/v1/jobs/{job}/cancel"),
    ]
    unknown = str(uuid.uuid4())
    for method, url in probes:
        answer = api.request(method, url, headers=bearer(mine))
        # The same answer as for an id that does not exist: nothing to tell them apart.
        missing = api.request(
            method, url.replace(submission, unknown).replace(job, unknown), headers=bearer(mine)
        )
        assert answer.status_code == missing.status_code == 404, (url, answer.text)
        assert answer.json()["error"]["code"] == "not_found"
    listed = api.get("/api/v1/submissions", headers=bearer(mine)).json()
    assert listed["total"] == 0
    for field, value in (("unit", "中国化学会"), ("q", FORM.stem[:5])):
        narrowed = api.get("/api/v1/submissions", headers=bearer(mine), params={field: value})
        assert narrowed.json()["total"] == 0
    # Nothing the probes did changed it: no new job, the same result.
    own = api.get(f"/api/v1/submissions/{submission}", headers=bearer(theirs)).json()
    assert own["job"]["id"] == job and own["state"] == "succeeded"


def test_an_applicants_upload_is_filed_under_its_own_unit_whatever_it_declares(
    api: Any, make_token: MakeToken
) -> None:
    token, _ = make_token("applicant", unit="中国电子学会")
    answer = api.post(
        "/api/v1/submissions",
        headers=bearer(token),
        files={"file": (FORM.name, FORM.read_bytes(), "application/octet-stream")},
        data={"unit": "中国化学会"},
    )
    assert answer.json()["submission"]["unit"] == "中国电子学会"


def test_a_reviewer_sees_only_the_lists_it_reviews(
    api: Any, make_token: MakeToken, run_jobs: Callable[[], int]
) -> None:
    admin, _ = make_token("admin")
    other, _ = make_token("reviewer", lists=("先导技术榜",))
    own, _ = make_token("reviewer", lists=("新锐企业榜",))
    made = _upload(api, admin)
    run_jobs()
    location = f"/api/v1/submissions/{made['submission']['id']}"
    assert api.get(location, headers=bearer(other)).status_code == 404
    assert api.get(f"{location}/original", headers=bearer(other)).status_code == 404
    assert api.get("/api/v1/submissions", headers=bearer(other)).json()["total"] == 0
    assert api.get(location, headers=bearer(own)).status_code == 200


def test_no_token_shows_in_a_log_line_or_an_error_body(
    api: Any, make_token: MakeToken, run_jobs: Callable[[], int], caplog: pytest.LogCaptureFixture
) -> None:
    from service.auth import revoke_token

    caplog.set_level(logging.DEBUG)
    admin, _ = make_token("admin")
    applicant, principal = make_token("applicant", unit="中国电子学会")
    made = _upload(api, applicant)
    run_jobs()
    revoke_token(api.app.state.services.engine, principal.token_id)
    wrong = "kczg_" + "y" * 43
    bodies = []
    for token in (admin, applicant, wrong):
        for method, url in (
            ("GET", "/api/v1/submissions"),
            ("GET", f"/api/v1/submissions/{made['submission']['id']}"),
            ("GET", f"/api/v1/submissions/{uuid.uuid4()}"),
            ("DELETE", f"/api/v1/tokens/{token}"),
            ("GET", f"/api/v1/jobs/{token}"),
            ("GET", f"/api/v1/submissions?q={token}"),
        ):
            bodies.append(api.request(method, url, headers=bearer(token)).text)
    tokens = api.get("/api/v1/tokens", headers=bearer(admin)).text
    # The service's own log lines: the test client logs the URLs it was given itself.
    logged = "\n".join(r.getMessage() for r in caplog.records if r.name != "httpx")
    for secret in (admin, applicant, wrong):
        assert secret not in logged
        assert secret not in tokens
        for body in bodies:
            if '"error"' in body:
                assert secret not in body, body
