"""A file that takes too long is stopped, not abandoned: its job fails as a timeout, the
work ends with it (the worker's reading stops, or its process is ended), and the pool
goes on with the next file. A canceled running job has its process ended for real."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import bearer
from tests.service.hostile_files import FORM, scanned_form_pdf

#: Enough for a .docx form, even in a fresh worker; far too little for the long scan.
LIMIT = 8.0
#: The limit is kept by the worker process, whatever the database: one is enough.
SQLITE = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


@pytest.fixture
def make_pool(service_settings: Any) -> Iterator[Any]:
    """Factory: ``make_pool(time_limit)`` -> (client, admin token, services) with one real
    worker process whose time limit is ``time_limit`` seconds."""
    from fastapi.testclient import TestClient

    from service.api import create_app
    from service.auth import Role, create_token
    from service.runtime import start_queue
    from service.usecases.context import open_services

    opened: list[Any] = []

    def make(time_limit: float) -> tuple[Any, str, Any]:
        settings = service_settings.model_copy(update={"time_limit": time_limit, "max_wait": 60})
        services = open_services(settings, upgrade=True)
        token, _ = create_token(services.engine, role=Role.ADMIN)
        client = TestClient(create_app(services, on_stop=[start_queue(services)]))
        client.__enter__()
        opened.append((client, services))
        return client, token, services

    yield make
    for client, services in opened:
        client.__exit__(None, None, None)
        services.engine.dispose()


def _upload(client: Any, token: str, name: str, data: bytes) -> str:
    answer = client.post(
        "/api/v1/submissions",
        headers=bearer(token),
        files={"file": (name, data, "application/octet-stream")},
    )
    assert answer.status_code == 202, answer.text
    location: str = answer.headers["Location"]
    return location


def _wait_for(client: Any, token: str, location: str, states: set[str], within: float) -> Any:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        view = client.get(f"{location}?wait=2", headers=bearer(token)).json()
        if view["job"]["state"] in states:
            return view
    raise AssertionError(f"{location} not {states} within {within} s: {view['job']}")


def _worker_pid(services: Any, job_id: str) -> int:
    from service.db import JobRow, session_scope

    with session_scope(services.engine) as session:
        worker = session.get(JobRow, job_id).worker
    return int(worker.rsplit(":", 1)[1])


def _cpu_seconds(pid: int) -> float | None:
    """CPU time the process has used, or None once it is gone (or a zombie)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return None
    if fields[0] == "Z":
        return None
    return (int(fields[11]) + int(fields[12])) / 100


@SQLITE
def test_a_scan_over_the_time_limit_fails_as_a_timeout_and_its_reading_stops(
    make_pool: Any,
) -> None:
    from service.jobs.local import GRACE

    client, token, services = make_pool(LIMIT)
    started = time.monotonic()
    location = _upload(client, token, "scan.pdf", scanned_form_pdf())
    view = _wait_for(client, token, location, {"failed", "succeeded"}, LIMIT + GRACE + 60)
    assert view["job"]["error_code"] == "timeout", view["job"]
    assert f"{LIMIT:g} s" in view["job"]["error_message"]
    took = time.monotonic() - started
    assert took < LIMIT + GRACE + 30, took
    pid = _worker_pid(services, view["job"]["id"])
    first = _cpu_seconds(pid)
    time.sleep(2.0)
    later = _cpu_seconds(pid)
    # Either the process was ended, or it is idle: nothing reads on in the background.
    assert first is None or later is None or later - first < 0.5
    after = _upload(client, token, FORM.name, FORM.read_bytes())
    assert _wait_for(client, token, after, {"succeeded", "failed"}, 60)["state"] == "succeeded"


def test_canceling_a_running_job_ends_its_process_and_the_pool_goes_on(make_pool: Any) -> None:
    client, token, services = make_pool(120.0)
    location = _upload(client, token, "scan.pdf", scanned_form_pdf())
    running = _wait_for(client, token, location, {"running"}, 60)
    pid = _worker_pid(services, running["job"]["id"])
    assert _cpu_seconds(pid) is not None
    canceled = client.post(f"/api/v1/jobs/{running['job']['id']}/cancel", headers=bearer(token))
    assert canceled.status_code == 200, canceled.text
    view = _wait_for(client, token, location, {"canceled"}, 15)
    assert view["state"] == "canceled" and view["record"] is None
    assert _cpu_seconds(pid) is None
    after = _upload(client, token, FORM.name, FORM.read_bytes())
    assert _wait_for(client, token, after, {"succeeded", "failed"}, 60)["state"] == "succeeded"
