"""Load: ``kczg serve`` on 127.0.0.1 under mixed uploads, polls, pages and exports.

Closed-loop virtual users, each sending its next request when the last one answered,
in stages of rising concurrency. The mix: uploads and job/submission polls over the API
(bearer token), and what a reviewer does in the pages (a session cookie from the login
form): the queue (50 a page, filtered and sorted), a submission's summary, and CSV/XLSX
exports of a filtered list. Every stage reports, overall and per kind of request,
requests per second, the error rate (5xx other than a full queue, transport errors,
unexpected 4xx), refusals of a full job queue or of busy export processes (503 with
Retry-After: the service shedding load as designed) and latency percentiles. "Held"
is the busiest stage whose p99 stays under 1 s with no error; the first stage past
that is where it breaks.

    python -m bench.bench_load                 # 5 minutes on SQLite: 6 stages of 50 s
    python -m bench.bench_load --seconds 60    # a short run
    python -m bench.bench_load --database-url postgresql+psycopg://postgres@127.0.0.1:5432/test

On PostgreSQL the run gets a schema of its own, dropped at the end. Uploads are
distinct files (the checked-in forms, each with a zip comment of its own), so every
upload is stored and queued and the lists the pages show grow through the run.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from bench.common import report

ROOT = Path(__file__).resolve().parents[1]
FORMS = sorted((ROOT / "samples" / "checked_in").glob("*.docx"))
STAGES = (1, 2, 4, 8, 16, 32)
HELD_P99 = 1.0

#: What a virtual user does next, and how often.
MIX: tuple[tuple[str, int], ...] = (
    ("upload", 10),
    ("job", 15),
    ("poll", 15),
    ("queue_page", 25),
    ("summary_page", 20),
    ("export_csv", 8),
    ("export_xlsx", 7),
)
#: Kinds the service refuses by design when busy (503 with Retry-After): uploads when
#: the job queue is full, exports when every export process is busy.
_SHEDDING = frozenset({"upload", "export_csv", "export_xlsx"})
#: Filters of the queue pages and exports: the whole queue and narrower lists.
FILTERS: tuple[dict[str, str], ...] = (
    {},
    {"list": "新锐企业榜"},
    {"edition": "2023", "sort": "newest"},
    {"errors": "yes"},
    {"verdict": "needs_review", "list": "先导技术榜"},
)


def _percentile(ordered: list[float], p: float) -> float:
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


@dataclass
class Tally:
    """Latencies and errors of one stage, of one kind of request or of all."""

    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    shed: int = 0

    def row(self, seconds: float) -> dict[str, Any]:
        ordered = sorted(self.latencies)
        count = len(ordered)
        return {
            "requests": count,
            "rps": round(count / seconds, 2),
            "errors": self.errors,
            "error_rate": round(self.errors / count, 4) if count else 0.0,
            "shed_503": self.shed,
            "p50_s": round(_percentile(ordered, 50), 4),
            "p95_s": round(_percentile(ordered, 95), 4),
            "p99_s": round(_percentile(ordered, 99), 4),
            "max_s": round(ordered[-1], 4) if ordered else 0.0,
            "mean_s": round(statistics.fmean(ordered), 4) if ordered else 0.0,
        }


@dataclass
class Stage:
    users: int
    seconds: float
    total: Tally = field(default_factory=Tally)
    kinds: dict[str, Tally] = field(default_factory=dict)
    statuses: dict[str, int] = field(default_factory=dict)
    first_errors: list[str] = field(default_factory=list)

    def count(self, kind: str, latency: float, status: str, *, error: bool, shed: bool) -> None:
        tally = self.kinds.setdefault(kind, Tally())
        for each in (self.total, tally):
            each.latencies.append(latency)
            each.errors += error
            each.shed += shed
        self.statuses[status] = self.statuses.get(status, 0) + 1

    def row(self) -> dict[str, Any]:
        return {
            "users": self.users,
            **self.total.row(self.seconds),
            "by_kind": {kind: t.row(self.seconds) for kind, t in sorted(self.kinds.items())},
            "statuses": dict(self.statuses),
            "first_errors": self.first_errors[:5],
        }


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _distinct(data: bytes, tag: str) -> bytes:
    """The same .docx with a zip comment of its own: other bytes, the same document."""
    comment = tag.encode()
    assert data[-2:] == b"\x00\x00", "expects a zip without a comment"
    return data[:-2] + len(comment).to_bytes(2, "little") + comment


@contextmanager
def _server(env: dict[str, str], port: int) -> Iterator[str]:
    kczg = str(Path(sys.executable).with_name("kczg"))
    process = subprocess.Popen(
        [kczg, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/readyz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.3)
        else:
            raise RuntimeError("kczg serve did not become ready")
        yield base
    finally:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class Users:
    """The shared state of the virtual users: the forms to upload, the ids seen."""

    def __init__(self, token: str) -> None:
        self.token = token
        self.headers = {"Authorization": f"Bearer {token}"}
        self.forms = [(path.name, path.read_bytes()) for path in FORMS]
        self.uploaded = 0
        self.submissions: list[str] = []
        self.jobs: list[str] = []
        self.rng = random.Random(2022)

    def pick(self) -> str:
        kinds, weights = zip(*MIX, strict=True)
        kind = self.rng.choices(kinds, weights)[0]
        if kind in ("poll", "job", "summary_page") and not self.submissions:
            return "upload"
        return kind

    async def log_in(self, client: httpx.AsyncClient) -> None:
        """The login form, as a reviewer's browser sends it: the client keeps the cookie."""
        form = await client.get("/login")
        nonce = re.search(r'name="nonce" value="([^"]+)"', form.text)
        assert nonce, form.text[:500]
        answer = await client.post("/login", data={"token": self.token, "nonce": nonce.group(1)})
        assert answer.status_code == 303, answer.text[:500]

    async def one(self, client: httpx.AsyncClient, kind: str) -> httpx.Response:
        if kind == "upload":
            name, data = self.forms[self.uploaded % len(self.forms)]
            self.uploaded += 1
            body = _distinct(data, f"load-{self.uploaded}")
            answer = await client.post(
                "/api/v1/submissions",
                headers=self.headers,
                files={"file": (name, body, "application/octet-stream")},
            )
            if answer.status_code in (200, 202):
                made = answer.json()
                self.submissions.append(made["submission"]["id"])
                if made.get("job"):
                    self.jobs.append(made["job"]["id"])
            return answer
        if kind == "poll":
            target = self.rng.choice(self.submissions[-200:])
            return await client.get(f"/api/v1/submissions/{target}", headers=self.headers)
        if kind == "job":
            target = self.rng.choice(self.jobs[-200:])
            return await client.get(f"/api/v1/jobs/{target}", headers=self.headers)
        if kind == "summary_page":
            return await client.get(f"/submissions/{self.rng.choice(self.submissions)}")
        chosen = dict(self.rng.choice(FILTERS))
        if kind == "queue_page":
            return await client.get("/queue", params=chosen)
        chosen["format"] = kind.removeprefix("export_")
        return await client.get("/queue/export", params=chosen)


async def _run_stage(base: str, users: Users, stage: Stage) -> None:
    limits = httpx.Limits(max_connections=stage.users, max_keepalive_connections=stage.users)

    async def user() -> None:
        # Each user its own client: its own connection and its own page session.
        async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as client:
            await users.log_in(client)
            while time.monotonic() < deadline:
                kind = users.pick()
                start = time.perf_counter()
                try:
                    answer: httpx.Response | None = await users.one(client, kind)
                    status = str(answer.status_code) if answer is not None else "none"
                except httpx.TransportError as err:
                    answer = None
                    status = type(err).__name__
                latency = time.perf_counter() - start
                shed = (
                    answer is not None
                    and answer.status_code == 503
                    and "retry-after" in answer.headers
                    and kind in _SHEDDING
                )
                error = not shed and (answer is None or answer.status_code >= 400)
                stage.count(kind, latency, status, error=error, shed=shed)
                if error:
                    text = answer.text[:200] if answer is not None else status
                    stage.first_errors.append(f"{kind} {status} {text}")

    deadline = time.monotonic() + stage.seconds
    await asyncio.gather(*(user() for _ in range(stage.users)))


def _token(env: dict[str, str]) -> str:
    kczg = str(Path(sys.executable).with_name("kczg"))
    made = subprocess.run(
        [kczg, "token", "create", "--role", "admin", "--name", "load"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return made.stdout.strip()


@contextmanager
def _private_schema(url: str | None) -> Iterator[str | None]:
    """``url`` on a PostgreSQL schema of the run's own, dropped afterwards (others share the
    database); SQLite (None) as it is."""
    if url is None or not url.startswith("postgresql"):
        yield url
        return
    from sqlalchemy import create_engine, text

    schema = f"kczg_load_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in url else "?"
    try:
        yield f"{url}{separator}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def _held(rows: list[dict[str, Any]], users: list[int]) -> dict[str, Any]:
    """The busiest stage that held (p99 < 1 s, no error) and the first that did not."""
    held = [
        (n, r)
        for n, r in zip(users, rows, strict=True)
        if not r["errors"] and r["p99_s"] < HELD_P99
    ]
    broken = next(
        ((n, r) for n, r in zip(users, rows, strict=True) if r["errors"] or r["p99_s"] >= HELD_P99),
        None,
    )
    return {
        "held_at_users": held[-1][0] if held else 0,
        "held_rps": held[-1][1]["rps"] if held else 0.0,
        "peak_rps": max((r["rps"] for r in rows), default=0.0),
        "breaks_at_users": broken[0] if broken else None,
        "breaks_because": (
            None
            if broken is None
            else (
                f"{broken[1]['errors']} errors"
                if broken[1]["errors"]
                else f"p99 {broken[1]['p99_s']} s"
            )
        ),
    }


def _print_stage(row: dict[str, Any]) -> None:
    print(
        f"users {row['users']:>3}: {row['rps']:>7} req/s  p50 {row['p50_s']:.3f}"
        f"  p95 {row['p95_s']:.3f}  p99 {row['p99_s']:.3f}  errors {row['errors']}"
        f"  shed {row['shed_503']}",
        flush=True,
    )
    for kind, each in row["by_kind"].items():
        print(
            f"    {kind:<13} {each['rps']:>7} req/s  p50 {each['p50_s']:.3f}"
            f"  p95 {each['p95_s']:.3f}  p99 {each['p99_s']:.3f}  errors {each['errors']}",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=300.0, help="Whole run, all stages.")
    parser.add_argument("--workers", type=int, default=1, help="KCZG_WORKERS of the server.")
    parser.add_argument(
        "--database-url",
        default=None,
        help="Default: SQLite in a temp dir; PostgreSQL gets a schema of its own.",
    )
    options = parser.parse_args()
    per_stage = options.seconds / len(STAGES)
    # Others' work on the machine slows the server; the run says how busy it was.
    before = [round(x, 2) for x in os.getloadavg()]
    with (
        tempfile.TemporaryDirectory(prefix="kczg-load-") as folder,
        _private_schema(options.database_url) as database_url,
    ):
        env = {
            **os.environ,
            "KCZG_DATA_DIR": folder,
            "KCZG_WORKERS": str(options.workers),
            "KCZG_QUEUE": "local",
            # The pages' cookie over plain http on 127.0.0.1.
            "KCZG_COOKIE_SECURE": "false",
        }
        env.pop("DATABASE_URL", None)
        if database_url:
            env["DATABASE_URL"] = database_url
        users = Users(_token(env))
        stages = [Stage(n, per_stage) for n in STAGES]
        with _server(env, _free_port()) as base:
            for stage in stages:
                asyncio.run(_run_stage(base, users, stage))
                _print_stage(stage.row())
    rows = [stage.row() for stage in stages]
    counts = [stage.users for stage in stages]
    kinds = sorted({kind for row in rows for kind in row["by_kind"]})
    summary: dict[str, Any] = {
        "seconds": options.seconds,
        "cores": os.cpu_count(),
        "load_average_before": before,
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "database": "postgresql" if options.database_url else "sqlite",
        "workers": options.workers,
        "uploads": users.uploaded,
        "overall": _held(rows, counts),
        "by_kind": {
            kind: _held([row["by_kind"].get(kind, Tally().row(1)) for row in rows], counts)
            for kind in kinds
        },
        "stages": rows,
    }
    name = "bench_load" if not options.database_url else "bench_load_postgresql"
    report(name, summary)


if __name__ == "__main__":
    main()
