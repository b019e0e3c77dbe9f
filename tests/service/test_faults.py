"""Faults injected for real while forms are uploaded: the file store runs full (a 512 KB
tmpfs), and PostgreSQL's server side drops every connection of the service
(``pg_terminate_backend``). The service reports each fault, the client sends again, and
afterwards the stored submissions are exactly the distinct files sent: none lost, none
twice, every original whole, no job stuck."""

from __future__ import annotations

import os
import subprocess
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CHECKED_IN, POSTGRES_URL, bearer

FORMS = sorted(CHECKED_IN.glob("*.docx"))


def _distinct(count: int) -> list[tuple[str, bytes]]:
    """``count`` distinct uploads: the checked-in forms, each with a zip comment of its own."""
    made = []
    for n in range(count):
        path = FORMS[n % len(FORMS)]
        comment = f"fault-{n}".encode()
        data = path.read_bytes()[:-2] + len(comment).to_bytes(2, "little") + comment
        made.append((path.name, data))
    return made


def _send(client: Any, token: str, name: str, data: bytes) -> Any:
    return client.post(
        "/api/v1/submissions",
        headers=bearer(token),
        files={"file": (name, data, "application/octet-stream")},
    )


def _client(settings: Any) -> tuple[Any, Any, str]:
    from fastapi.testclient import TestClient

    from service.api import create_app
    from service.auth import Role, create_token
    from service.usecases.context import open_services

    services = open_services(settings, upgrade=True)
    token, _ = create_token(services.engine, role=Role.ADMIN)
    return TestClient(create_app(services)), services, token


def _assert_exactly(services: Any, sent: list[tuple[str, bytes]], run: Callable[[], int]) -> None:
    """Stored submissions are the distinct files sent, whole; every job runs to its end."""
    import hashlib

    from sqlalchemy import select

    from service.db import JobRow, SubmissionRow, session_scope

    wanted = {hashlib.sha256(data).hexdigest(): data for _, data in sent}
    with session_scope(services.engine) as session:
        stored = list(session.scalars(select(SubmissionRow.sha256)))
    assert sorted(stored) == sorted(wanted), "lost or duplicated submissions"
    for digest, data in wanted.items():
        assert services.store.read(digest) == data
    run()
    with session_scope(services.engine) as session:
        states = list(session.scalars(select(JobRow.state)))
    assert len(states) == len(wanted)
    assert set(states) == {"succeeded"}, states


@pytest.fixture
def full_store(tmp_path: Path) -> Iterator[Path]:
    """A 512 KB tmpfs for the originals (a dozen forms), unmounted after the test."""
    mount = tmp_path / "store"
    mount.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", str(mount)], check=True)
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def _run_all(services: Any) -> Callable[[], int]:
    from service.jobs.claims import claim_next
    from service.jobs.runner import execute

    def run() -> int:
        done = 0
        while work := claim_next(services.engine, worker="faults:0", lease=30):
            execute(services, work, worker="faults:0")
            done += 1
        return done

    return run


def test_a_full_file_store_refuses_uploads_with_507_and_loses_none(
    service_settings: Any, full_store: Path
) -> None:
    settings = service_settings.model_copy(update={"data_dir": full_store, "file_store": "local"})
    client, services, token = _client(settings)
    # Twice what the store holds: some stored, some refused, each of them read after.
    sent = _distinct(24)
    refused = []
    with client:
        for name, data in sent:
            answer = _send(client, token, name, data)
            if answer.status_code == 507:
                assert answer.json()["error"]["code"] == "storage"
                refused.append((name, data))
            else:
                assert answer.status_code == 202, answer.text
        assert refused, "the store never ran full"
        assert client.get("/readyz").status_code == 200
        listed = client.get("/api/v1/submissions", headers=bearer(token)).json()["total"]
        assert listed == len(sent) - len(refused)
        assert not list(full_store.rglob(".part-*")), "a partial original was left behind"
        # Room again: the client sends the refused files once more.
        subprocess.run(["mount", "-o", "remount,size=20m", str(full_store)], check=True)
        for name, data in refused:
            assert _send(client, token, name, data).status_code == 202
        # A file sent twice after the fault is still one submission.
        assert _send(client, token, *sent[0]).status_code == 200
    _assert_exactly(services, sent, _run_all(services))
    services.engine.dispose()


@pytest.fixture
def postgres_settings(tmp_path: Path) -> Iterator[tuple[Any, str]]:
    """Settings on a PostgreSQL schema of its own whose connections carry an
    ``application_name`` of their own, so that only they are terminated."""
    from sqlalchemy import create_engine, text

    from service.config import Settings

    base = os.environ.get("KCZG_TEST_POSTGRES_URL", POSTGRES_URL)
    schema = f"kczg_faults_{uuid.uuid4().hex[:12]}"
    name = f"kczg-faults-{uuid.uuid4().hex[:8]}"
    admin = create_engine(base)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = f"{base}?options=-csearch_path%3D{schema}&application_name={name}"
    try:
        yield Settings(data_dir=tmp_path / "data", database_url=url, lease_seconds=5), name
    finally:
        from service.db import dispose_engines

        dispose_engines()
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def test_postgresql_dropping_every_connection_during_uploads_loses_nothing(
    postgres_settings: tuple[Any, str],
) -> None:
    from sqlalchemy import create_engine, text

    settings, name = postgres_settings
    client, services, token = _client(settings)
    sent = _distinct(20)
    killer = create_engine(os.environ.get("KCZG_TEST_POSTGRES_URL", POSTGRES_URL))
    stop = threading.Event()
    terminated = 0

    def terminate() -> None:
        nonlocal terminated
        # At once, then every 0.2 s: the 20 uploads can all be through within 0.4 s.
        while True:
            with killer.begin() as connection:
                terminated += len(
                    connection.execute(
                        text(
                            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                            " WHERE application_name = :name AND pid <> pg_backend_pid()"
                        ),
                        {"name": name},
                    ).all()
                )
            if stop.wait(0.2):
                return

    faults = 0
    thread = threading.Thread(target=terminate, daemon=True)
    with client:
        thread.start()
        try:
            for file_name, data in sent:
                for _attempt in range(20):
                    answer = _send(client, token, file_name, data)
                    if answer.status_code in (200, 202):
                        break
                    # The fault is reported as the database's, never as a crash.
                    assert answer.status_code == 503, answer.text
                    assert answer.json()["error"]["code"] == "database"
                    faults += 1
                    time.sleep(0.05)
                else:
                    raise AssertionError(f"{file_name} never got through")
        finally:
            stop.set()
            thread.join()
        assert client.get("/readyz").status_code == 200
    killer.dispose()
    assert terminated > 0, "no connection was terminated"
    _assert_exactly(services, sent, _run_all(services))
    services.engine.dispose()
