"""Redis stopped while jobs are queued, and started again on the same port, for real: a
private ``redis-server``, ``kczg serve`` and a ``kczg worker`` on Celery, each a process
of its own, on a PostgreSQL schema of its own.

While Redis is down the service says so: uploads are refused with 503, Retry-After and
the JSON error body (never a 500), ``/readyz`` is not ready and names the queue, and what
is stored can still be read. Once Redis is back every job ends, and the stored
submissions are exactly the distinct files sent: none lost, none twice, none stuck.

Two ways Redis goes down: stopped (SIGTERM) with its append-only file, as deployed, so the
queued messages survive the restart; killed (SIGKILL) without persistence, so they are
lost and the job table must send them again.
"""

from __future__ import annotations

import contextlib
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from service.db import JobRow, session_scope
from tests.conftest import KCZG, WorkerProcess, bearer, celery_env
from tests.service.test_faults import _assert_exactly, _distinct

pytestmark = [
    pytest.mark.parametrize("database_url", ["postgresql"], indirect=True),
    pytest.mark.timeout(120),
]

#: Uploads sent before Redis goes down, and refused while it is.
BEFORE, DURING = 8, 3


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class RedisServer:
    """A ``redis-server`` of the test's own, on 127.0.0.1 and a port nobody else uses."""

    port: int
    folder: Path
    persistent: bool
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        # As deployed: nothing evicted; with persistence, every write in the append-only
        # file (fsync each second), so a restart keeps the queued messages.
        durability = (
            ["--appendonly", "yes", "--appendfsync", "everysec"]
            if self.persistent
            else ["--appendonly", "no"]
        )
        options = {
            "port": str(self.port),
            "bind": "127.0.0.1",
            "save": "",
            "dir": str(self.folder),
            "maxmemory-policy": "noeviction",
        }
        argv = ["redis-server", *(x for k, v in options.items() for x in (f"--{k}", v))]
        self.process = subprocess.Popen(
            [*argv, *durability],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while True:
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as connection,
            ):
                connection.sendall(b"PING\r\n")
                if connection.recv(16).startswith(b"+PONG"):
                    return
            assert self.process.poll() is None and time.monotonic() < deadline, "no redis"
            time.sleep(0.05)

    def stop(self, how: signal.Signals) -> None:
        assert self.process is not None
        self.process.send_signal(how)
        self.process.wait(timeout=10)


@pytest.fixture
def redis_server(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[RedisServer]:
    folder = tmp_path / "redis"
    folder.mkdir()
    server = RedisServer(_free_port(), folder, persistent=request.param)
    server.start()
    yield server
    if server.process is not None and server.process.poll() is None:
        server.stop(signal.SIGKILL)


@dataclass
class Service:
    base: str
    token: str
    services: Any
    worker: WorkerProcess

    def upload(self, name: str, data: bytes) -> httpx.Response:
        return httpx.post(
            f"{self.base}/api/v1/submissions",
            headers=bearer(self.token),
            files={"file": (name, data, "application/octet-stream")},
            timeout=30,
        )


def _spawn(argv: list[str], env: dict[str, str], log: Path) -> WorkerProcess:
    with log.open("wb") as out:
        process = subprocess.Popen(
            argv, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    return WorkerProcess(process, log)


def _wait_until(what: str, done: Any, processes: list[WorkerProcess], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not done():
        for process in processes:
            if process.process.poll() is not None:
                pytest.fail(f"{what}: a process ended:\n{process.output()[-3000:]}")
        if time.monotonic() > deadline:
            pytest.fail(f"{what}: not after {timeout} s:\n{processes[-1].output()[-3000:]}")
        time.sleep(0.1)


def _ready(base: str) -> bool:
    try:
        return httpx.get(f"{base}/readyz", timeout=2).status_code == 200
    except httpx.TransportError:
        return False


@pytest.fixture
def service(service_settings: Any, redis_server: RedisServer, tmp_path: Path) -> Iterator[Service]:
    """``kczg serve`` and one ``kczg worker`` (Celery) on ``redis_server``."""
    from service.auth import Role, create_token
    from service.config import QueueKind
    from service.usecases.context import open_services

    settings = service_settings.model_copy(
        update={"queue": QueueKind.CELERY, "redis_url": redis_server.url, "lease_seconds": 2.0}
    )
    services = open_services(settings, upgrade=True)
    token, _ = create_token(services.engine, role=Role.ADMIN)
    port = _free_port()
    server = _spawn(
        [str(KCZG), "serve", "--port", str(port)],
        celery_env(settings, tmp_path / "serve"),
        tmp_path / "serve.log",
    )
    worker = _spawn(
        [str(KCZG), "worker", "--concurrency", "1"],
        celery_env(settings, tmp_path / "worker"),
        tmp_path / "worker.log",
    )
    processes = [server, worker]
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_until("kczg serve ready", lambda: _ready(base), processes, 60)
        _wait_until("kczg worker ready", lambda: " ready." in worker.output(), processes, 60)
        yield Service(base, token, services, worker)
    finally:
        for process in processes:
            process.stop()
        services.engine.dispose()
    assert "Traceback" not in server.output(), server.output()[-3000:]


def _states(services: Any) -> list[str]:
    with session_scope(services.engine) as session:
        return list(session.scalars(select(JobRow.state)))


def _attempts(services: Any) -> list[int]:
    with session_scope(services.engine) as session:
        return list(session.scalars(select(JobRow.attempts)))


@pytest.mark.parametrize(
    ("redis_server", "how"),
    [(True, signal.SIGTERM), (False, signal.SIGKILL)],
    indirect=["redis_server"],
    ids=["stopped-with-its-append-only-file", "killed-without-persistence"],
)
def test_redis_down_while_jobs_are_queued_loses_and_doubles_nothing(
    service: Service, redis_server: RedisServer, how: signal.Signals
) -> None:
    sent = _distinct(BEFORE + DURING)
    # The worker is held (as if busy) so that the jobs wait in Redis when it goes down; it
    # goes on during the outage and must find its way back to the broker by itself.
    service.worker.process.send_signal(signal.SIGSTOP)
    for name, data in sent[:BEFORE]:
        assert service.upload(name, data).status_code == 202
    redis_server.stop(how)
    assert _states(service.services) == ["queued"] * BEFORE
    service.worker.process.send_signal(signal.SIGCONT)

    # Down: new work refused with the reason, stored work still readable, never a 500.
    for name, data in sent[BEFORE:]:
        answer = service.upload(name, data)
        assert answer.status_code == 503, answer.text
        assert answer.json()["error"]["code"] == "queue_unavailable"
        assert int(answer.headers["Retry-After"]) > 0
    assert service.upload(*sent[0]).status_code == 200, "a duplicate needs no queue"
    ready = httpx.get(f"{service.base}/readyz", timeout=10)
    assert ready.status_code == 503
    assert ready.json()["error"]["code"] == "queue_unavailable"
    assert "Redis" in ready.json()["error"]["message"]
    assert httpx.get(f"{service.base}/healthz", timeout=10).status_code == 200
    listed = httpx.get(
        f"{service.base}/api/v1/submissions", headers=bearer(service.token), timeout=10
    )
    assert listed.status_code == 200 and listed.json()["total"] == BEFORE

    redis_server.start()
    # Back: the client sends the refused files again, and every job ends.
    deadline = time.monotonic() + 10
    for name, data in sent[BEFORE:]:
        while (answer := service.upload(name, data)).status_code == 503:
            assert time.monotonic() < deadline, answer.text
            time.sleep(0.2)
        assert answer.status_code == 202, answer.text
    deadline = time.monotonic() + 45
    while any(state in ("queued", "running") for state in _states(service.services)):
        assert time.monotonic() < deadline, f"jobs stuck: {_states(service.services)}"
        time.sleep(0.2)
    assert _ready(service.base)
    _assert_exactly(service.services, sent, lambda: 0)
    assert set(_attempts(service.services)) == {1}, "a job ran more than once"
