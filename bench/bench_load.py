"""Load: ``kczg serve`` on 127.0.0.1 under mixed uploads, polls, queue pages and exports.

Closed-loop virtual users, each sending its next request when the last one answered,
in stages of rising concurrency. Every stage reports requests per second, the error
rate (5xx other than a full queue, transport errors, unexpected 4xx), refusals of a
full queue (503 with Retry-After: the service shedding load as designed) and latency
percentiles. "Held" is the busiest stage whose p99 stays under 1 s with no error; the
first stage past that is where it breaks.

    python -m bench.bench_load                 # 5 minutes: 6 stages of 50 s
    python -m bench.bench_load --seconds 60    # a short run

Queue pages (``/pages``) and exports are served by the list API until those routes
exist; the mix names what each request is. Uploads are distinct files (the checked-in
forms, each with a zip comment of its own), so every upload is stored and queued.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
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
    ("poll", 40),
    ("queue_page", 25),
    ("export", 15),
    ("job", 10),
)


@dataclass
class Stage:
    users: int
    seconds: float
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    shed: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    statuses: dict[str, int] = field(default_factory=dict)
    first_errors: list[str] = field(default_factory=list)

    def row(self) -> dict[str, Any]:
        ordered = sorted(self.latencies)

        def pct(p: float) -> float:
            if not ordered:
                return 0.0
            return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]

        count = len(ordered)
        return {
            "users": self.users,
            "requests": count,
            "rps": round(count / self.seconds, 2),
            "errors": self.errors,
            "error_rate": round(self.errors / count, 4) if count else 0.0,
            "shed_503": self.shed,
            "p50_s": round(pct(50), 4),
            "p95_s": round(pct(95), 4),
            "p99_s": round(pct(99), 4),
            "max_s": round(ordered[-1], 4) if ordered else 0.0,
            "mean_s": round(statistics.fmean(ordered), 4) if ordered else 0.0,
            "by_kind": dict(self.by_kind),
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
        self.headers = {"Authorization": f"Bearer {token}"}
        self.forms = [(path.name, path.read_bytes()) for path in FORMS]
        self.uploaded = 0
        self.submissions: list[str] = []
        self.jobs: list[str] = []
        self.rng = random.Random(2022)

    def pick(self) -> str:
        kinds, weights = zip(*MIX, strict=True)
        kind = self.rng.choices(kinds, weights)[0]
        if kind in ("poll", "job") and not self.submissions:
            return "upload"
        return kind

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
        if kind == "queue_page":
            return await client.get(
                "/api/v1/submissions", headers=self.headers, params={"limit": 50}
            )
        return await client.get(
            "/api/v1/submissions",
            headers=self.headers,
            params={"limit": 500, "state": "succeeded"},
        )


async def _run_stage(base: str, users: Users, stage: Stage) -> None:
    limits = httpx.Limits(max_connections=stage.users, max_keepalive_connections=stage.users)
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as client:
        deadline = time.monotonic() + stage.seconds

        async def user() -> None:
            while time.monotonic() < deadline:
                kind = users.pick()
                start = time.perf_counter()
                try:
                    answer = await users.one(client, kind)
                    status = str(answer.status_code)
                except httpx.TransportError as err:
                    answer = None
                    status = type(err).__name__
                stage.latencies.append(time.perf_counter() - start)
                stage.by_kind[kind] = stage.by_kind.get(kind, 0) + 1
                stage.statuses[status] = stage.statuses.get(status, 0) + 1
                if answer is not None and answer.status_code == 503 and kind == "upload":
                    stage.shed += 1
                    continue
                if answer is None or answer.status_code >= 400:
                    stage.errors += 1
                    text = answer.text[:200] if answer is not None else status
                    stage.first_errors.append(f"{kind} {status} {text}")

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=300.0, help="Whole run, all stages.")
    parser.add_argument("--workers", type=int, default=1, help="KCZG_WORKERS of the server.")
    parser.add_argument("--database-url", default=None, help="Default: SQLite in a temp dir.")
    options = parser.parse_args()
    per_stage = options.seconds / len(STAGES)
    # Others' work on the machine slows the server; the run says how busy it was.
    before = [round(x, 2) for x in os.getloadavg()]
    with tempfile.TemporaryDirectory(prefix="kczg-load-") as folder:
        env = {
            **os.environ,
            "KCZG_DATA_DIR": folder,
            "KCZG_WORKERS": str(options.workers),
            "KCZG_QUEUE": "local",
        }
        env.pop("DATABASE_URL", None)
        if options.database_url:
            env["DATABASE_URL"] = options.database_url
        users = Users(_token(env))
        stages = [Stage(n, per_stage) for n in STAGES]
        with _server(env, _free_port()) as base:
            for stage in stages:
                asyncio.run(_run_stage(base, users, stage))
                row = stage.row()
                print(
                    f"users {row['users']:>3}: {row['rps']:>7} req/s  p50 {row['p50_s']:.3f}"
                    f"  p99 {row['p99_s']:.3f}  errors {row['errors']}  shed {row['shed_503']}",
                    flush=True,
                )
    rows = [stage.row() for stage in stages]
    held = [r for r in rows if r["errors"] == 0 and r["p99_s"] < HELD_P99]
    broken = next((r for r in rows if r["errors"] or r["p99_s"] >= HELD_P99), None)
    summary: dict[str, Any] = {
        "seconds": options.seconds,
        "cores": os.cpu_count(),
        "load_average_before": before,
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "database": "postgresql" if options.database_url else "sqlite",
        "workers": options.workers,
        "uploads": users.uploaded,
        "held_rps_p99_under_1s_no_errors": max((r["rps"] for r in held), default=0.0),
        "held_at_users": max((r["users"] for r in held), default=0),
        "breaks_at_users": broken["users"] if broken else None,
        "breaks_because": (
            None
            if broken is None
            else ("errors" if broken["errors"] else f"p99 {broken['p99_s']} s")
        ),
        "stages": rows,
    }
    name = "bench_load" if not options.database_url else "bench_load_postgresql"
    report(name, summary)


if __name__ == "__main__":
    main()
