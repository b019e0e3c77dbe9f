"""Hostile files through the service, read by real worker processes: each is refused
with a clear 4xx or ends as a failed job with its reason, within the time limit and a
bounded memory, while the service keeps answering and no stored data changes."""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import POSTGRES_URL, bearer
from tests.service.hostile_files import FORM, HOSTILE, Hostile

#: Seconds a hostile file may take in its job; the worker's time limit is this.
TIME_LIMIT = 30.0
#: Peak resident memory a worker may reach over all the hostile files.
MEMORY_LIMIT_MB = 1500


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def pooled(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Any]:
    """The app with one real worker process, on a database of its own, shared by the
    module; yields (client, admin token, services)."""
    from fastapi.testclient import TestClient
    from sqlalchemy import create_engine, text

    from service.api import create_app
    from service.auth import Role, create_token
    from service.config import Settings
    from service.runtime import start_queue
    from service.usecases.context import open_services

    folder = tmp_path_factory.mktemp("hostile")
    schema = f"kczg_hostile_{uuid.uuid4().hex[:12]}"
    base = os.environ.get("KCZG_TEST_POSTGRES_URL", POSTGRES_URL)
    admin = create_engine(base)
    if request.param == "sqlite":
        url = f"sqlite:///{folder / 'kczg.sqlite3'}"
    else:
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        url = f"{base}?options=-csearch_path%3D{schema}"
    settings = Settings(
        data_dir=folder / "data",
        database_url=url,
        workers=1,
        time_limit=TIME_LIMIT,
        lease_seconds=5,
        max_wait=60,
        cookie_secure=False,
    )
    services = open_services(settings, upgrade=True)
    token, _ = create_token(services.engine, role=Role.ADMIN, name="hostile")
    try:
        with TestClient(create_app(services, on_stop=[start_queue(services)])) as client:
            yield client, token, services
    finally:
        services.engine.dispose()
        if request.param == "postgresql":
            with admin.begin() as connection:
                connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def _upload(client: Any, token: str, filename: str, data: bytes) -> Any:
    return client.post(
        "/api/v1/submissions",
        headers=bearer(token),
        files={"file": (filename, data, "application/octet-stream")},
    )


def _finished(client: Any, token: str, location: str) -> dict[str, Any]:
    deadline = time.monotonic() + TIME_LIMIT + 60
    while time.monotonic() < deadline:
        view: dict[str, Any] = client.get(f"{location}?wait=30", headers=bearer(token)).json()
        if view["job"]["state"] in ("succeeded", "failed", "canceled"):
            return view
    raise AssertionError(f"{location} did not finish")


def _peak_rss_mb(services: Any, job_id: str) -> int:
    """The peak resident memory so far (VmHWM) of the worker that ran a job, in MB."""
    from service.db import JobRow, session_scope

    with session_scope(services.engine) as session:
        worker = session.get(JobRow, job_id).worker
    pid = worker.rsplit(":", 1)[1]
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) // 1024
    raise AssertionError(f"no VmHWM for {worker}")


@pytest.fixture(scope="module")
def baseline(pooled: Any) -> dict[str, Any]:
    """A good form, read before any hostile one: what is stored of it must not change."""
    client, token, _services = pooled
    answer = _upload(client, token, FORM.name, FORM.read_bytes())
    assert answer.status_code == 202, answer.text
    view = _finished(client, token, answer.headers["Location"])
    assert view["state"] == "succeeded"
    return view


@pytest.mark.parametrize("hostile", HOSTILE, ids=[h.name for h in HOSTILE])
def test_a_hostile_file_is_refused_or_fails_with_its_reason(
    pooled: Any, baseline: dict[str, Any], hostile: Hostile
) -> None:
    client, token, services = pooled
    before = client.get("/api/v1/submissions", headers=bearer(token)).json()["total"]
    data = hostile.make()
    started = time.monotonic()
    answer = _upload(client, token, hostile.filename, data)

    assert answer.status_code == hostile.status, answer.text
    if hostile.code is None:
        error = answer.json()["error"]
        assert error["code"] == "unsupported_type" and hostile.reason in error["message"]
        after = client.get("/api/v1/submissions", headers=bearer(token)).json()["total"]
        assert after == before
    else:
        view = _finished(client, token, answer.headers["Location"])
        took = time.monotonic() - started
        job = view["job"]
        assert (job["state"], job["error_code"]) == ("failed", hostile.code), job
        assert hostile.reason in job["error_message"]
        assert view["state"] == "failed" and view["record"] is None
        assert took < TIME_LIMIT + 10, f"{hostile.name} took {took:.1f} s"
        assert _peak_rss_mb(services, job["id"]) < MEMORY_LIMIT_MB
    assert client.get("/healthz").status_code == 200
    kept = client.get(f"/api/v1/submissions/{baseline['id']}", headers=bearer(token)).json()
    assert kept["record"] == baseline["record"] and kept["verdict"] == baseline["verdict"]
    original = client.get(f"/api/v1/submissions/{baseline['id']}/original", headers=bearer(token))
    assert original.content == FORM.read_bytes()


def test_what_an_external_entity_names_never_reaches_a_stored_result(pooled: Any) -> None:
    client, token, _services = pooled
    listed = client.get("/api/v1/submissions", headers=bearer(token), params={"limit": 500})
    for item in listed.json()["items"]:
        view = client.get(f"/api/v1/submissions/{item['id']}", headers=bearer(token)).text
        assert "root:x:0:0" not in view


@pytest.mark.parametrize(
    ("sent", "stored"),
    [
        (b"../../etc/passwd.docx", "passwd.docx"),
        (b"C:\\Windows\\system32\\form.docx", "form.docx"),
        ("表格.docx".encode("gbk"), None),
        (b"\xff\xfe\x00bad\x01name.docx", None),
        (b"x" * 500 + b".docx", None),
    ],
    ids=["parent path", "windows path", "gbk bytes", "control bytes", "500 chars"],
)
def test_a_hostile_file_name_is_stored_as_a_plain_name_and_the_form_is_read(
    pooled: Any, sent: bytes, stored: str | None
) -> None:
    client, token, _services = pooled
    answer, body = _raw_upload(client, token, sent)
    assert answer.status_code == 202, answer.text
    name = answer.json()["submission"]["filename"]
    assert "/" not in name and "\\" not in name and len(name) <= 200
    if stored is not None:
        assert name == stored
    view = _finished(client, token, answer.headers["Location"])
    assert view["state"] == "succeeded", view["job"]
    download = client.get(f"{answer.headers['Location']}/original", headers=bearer(token))
    assert download.status_code == 200 and download.content == body
    assert "\n" not in download.headers["Content-Disposition"]


def test_a_multipart_header_past_the_parsers_limit_is_a_clear_400(pooled: Any) -> None:
    client, token, _services = pooled
    answer, _body = _raw_upload(client, token, b"x" * 20_000 + b".docx")
    assert answer.status_code == 400
    assert answer.json()["error"]["message"]
    assert client.get("/healthz").status_code == 200


def _raw_upload(client: Any, token: str, filename: bytes) -> tuple[Any, bytes]:
    """An upload whose multipart file name is these very bytes; the answer and the body."""
    boundary = uuid.uuid4().hex
    # The form with a zip comment of its own: the same document in distinct bytes.
    comment = uuid.uuid4().hex.encode()
    body = FORM.read_bytes()[:-2] + len(comment).to_bytes(2, "little") + comment
    payload = (
        f"--{boundary}\r\n".encode()
        + b'Content-Disposition: form-data; name="file"; filename="'
        + filename
        + b'"\r\nContent-Type: application/octet-stream\r\n\r\n'
        + body
        + f"\r\n--{boundary}--\r\n".encode()
    )
    answer = client.post(
        "/api/v1/submissions",
        headers={**bearer(token), "Content-Type": f"multipart/form-data; boundary={boundary}"},
        content=payload,
    )
    return answer, body


@pytest.mark.parametrize(
    ("method", "url", "fields"),
    [
        ("GET", "/api/v1/submissions/a%00b", None),
        ("GET", "/api/v1/jobs/a%00b?wait=0", None),
        ("POST", "/api/v1/submissions/a%00b/rerun", None),
        ("GET", "/api/v1/submissions?q=a%00b", None),
        ("GET", "/api/v1/submissions?unit=a%00b&state=x%00", None),
        ("DELETE", "/api/v1/tokens/a%00b", None),
        ("POST", "/api/v1/tokens", {"role": "reviewer", "name": "a\x00b"}),
        ("UPLOAD", "/api/v1/submissions", {"unit": "某\x00学会", "channel": "\x00"}),
    ],
    ids=[
        "submission id",
        "job id",
        "rerun id",
        "text filter",
        "unit filter",
        "token id",
        "token name",
        "upload fields",
    ],
)
def test_a_nul_character_anywhere_in_a_request_is_never_a_server_error(
    api: Any, make_token: Any, method: str, url: str, fields: dict[str, str] | None
) -> None:
    token, _ = make_token("admin")
    if method == "UPLOAD":
        answer = api.post(
            url,
            headers=bearer(token),
            files={"file": (FORM.name, FORM.read_bytes(), "application/octet-stream")},
            data=fields,
        )
    else:
        answer = api.request(method, url, headers=bearer(token), json=fields)
    assert answer.status_code < 500, answer.text
    if answer.status_code == 422:
        assert answer.json()["error"]["code"] == "invalid"
    assert api.get("/readyz").status_code == 200
