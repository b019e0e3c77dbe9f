"""The HTTP service under load: 20 clients uploading .docx for 60 s.

Two set-ups, each started fresh: PostgreSQL with 2 Celery workers (Redis database 4),
and the default, SQLite with the in-process pool of 2 worker processes. Each client
uploads a checked-in form made unique by trailing bytes (a new submission every time,
never a duplicate) as fast as the service answers. Reported: uploads/s, upload latency
p50/p95/p99, forms parsed/s during the window, errors (any answer but 202, target 0),
and the RSS of every process of the service at the start and the end (target flat).

Usage: python -m bench.bench_service [--seconds 60] [--clients 20] [--only celery|local]
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import httpx
from sqlalchemy import create_engine, text

from bench.bench_ingest import KCZG, REDIS, Worker, environment, flush_redis, postgres_schema
from bench.common import report

FORMS = sorted((Path(__file__).parents[1] / "samples" / "checked_in").glob("*.docx"))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _tree(pid: int) -> list[int]:
    """``pid`` and its descendants."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    found, stack = [], [pid]
    while stack:
        current = stack.pop()
        found.append(current)
        stack.extend(children.get(current, []))
    return found


def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _name(pid: int) -> str:
    try:
        words = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return str(pid)
    shown = " ".join(w.decode(errors="replace") for w in words if w)
    if "resource_tracker" in shown:
        return f"resource tracker {pid}"
    if "spawn_main" in shown:
        return f"local worker {pid}"
    if "kczg worker" in shown or "worker --concurrency" in shown:
        return f"worker {pid}"
    if "serve" in shown:
        return f"serve {pid}"
    return f"{Path(words[0].decode(errors='replace')).name} {pid}"


def rss(roots: list[int]) -> dict[str, float]:
    return {_name(pid): _rss_mb(pid) for root in roots for pid in _tree(root)}


@contextmanager
def serving(env: dict[str, str], log: Path) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    port = _free_port()
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(KCZG), "serve", "--port", str(port)],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"serve did not start: {log.read_text()[-2000:]}")
            time.sleep(0.3)
        yield process, url
    finally:
        process.terminate()
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()


def _unique(data: bytes) -> bytes:
    # Trailing bytes after a zip's end record are ignored by readers, not by SHA-256.
    return data + os.urandom(16)


def load(url: str, token: str, *, clients: int, seconds: float) -> dict[str, object]:
    forms = [(path.name, path.read_bytes()) for path in FORMS]
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def client(number: int) -> None:
        headers = {"Authorization": f"Bearer {token}"}
        with httpx.Client(base_url=url, headers=headers, timeout=60) as http:
            sent = number
            while time.monotonic() < stop_at:
                name, data = forms[sent % len(forms)]
                sent += clients
                start = time.perf_counter()
                try:
                    answer = http.post("/api/v1/submissions", files={"file": (name, _unique(data))})
                    problem = None if answer.status_code == 202 else str(answer.status_code)
                except httpx.HTTPError as err:
                    problem = type(err).__name__
                elapsed = time.perf_counter() - start
                with lock:
                    latencies.append(elapsed)
                    if problem is not None:
                        errors.append(problem)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    window = time.perf_counter() - start
    cuts = statistics.quantiles(latencies, n=100)
    return {
        "uploads": len(latencies),
        "uploads_per_s": len(latencies) / window,
        "latency_p50_ms": cuts[49] * 1000,
        "latency_p95_ms": cuts[94] * 1000,
        "latency_p99_ms": cuts[98] * 1000,
        "errors": len(errors),
        "error_kinds": sorted(set(errors)),
        "window_s": window,
    }


def _parsed(url: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return int(
                connection.scalar(text("SELECT count(*) FROM jobs WHERE state = 'succeeded'")) or 0
            )
    finally:
        engine.dispose()


def _token(env: dict[str, str]) -> str:
    made = subprocess.run(
        [str(KCZG), "token", "create", "--role", "admin", "--name", "bench"],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return made.stdout.strip()


def _warm_up(url: str, token: str) -> None:
    """Two forms read end to end first, so every worker has loaded its readers."""
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=url, headers=headers, timeout=90) as http:
        for path in FORMS[:4]:
            answer = http.post(
                "/api/v1/submissions", files={"file": (path.name, _unique(path.read_bytes()))}
            )
            answer.raise_for_status()
        for _ in range(60):
            page = http.get("/api/v1/submissions", params={"state": "succeeded"}).json()
            if page["total"] >= 4:
                return
            time.sleep(1)
    raise RuntimeError("the warm-up forms were not read in 60 s")


def run_setup(kind: str, work: Path, *, clients: int, seconds: float) -> dict[str, object]:
    with ExitStack() as stack:
        if kind == "celery":
            flush_redis()
            database = stack.enter_context(postgres_schema())
            extra = {"DATABASE_URL": database, "KCZG_QUEUE": "celery", "REDIS_URL": REDIS}
        else:
            database = f"sqlite:///{work / kind / 'kczg.sqlite3'}"
            extra = {"KCZG_QUEUE": "local", "KCZG_WORKERS": "2"}
        # Uploads outrun parsing on purpose: the queue must hold them, not refuse them.
        env = environment(work / kind, KCZG_QUEUE_DEPTH="1000000", **extra)
        subprocess.run([str(KCZG), "db", "upgrade"], env=env, check=True, capture_output=True)
        token = _token(env)
        workers = []
        if kind == "celery":
            for n in range(2):
                worker = Worker(environment(work / f"w{n}", **extra), work / f"w{n}.log")
                stack.callback(worker.stop)
                workers.append(worker.process.pid)
        process, url = stack.enter_context(serving(env, work / f"{kind}-serve.log"))
        _warm_up(url, token)
        roots = [process.pid, *workers]
        rss_start = rss(roots)
        parsed_start = _parsed(database)
        figures = load(url, token, clients=clients, seconds=seconds)
        parsed = _parsed(database) - parsed_start
        rss_end = rss(roots)
    figures["forms_parsed_per_s"] = parsed / float(figures["window_s"])  # type: ignore[arg-type]
    figures["rss_mb_start_end"] = {
        name: [round(rss_start[name], 1), round(rss_end.get(name, 0.0), 1)] for name in rss_start
    }
    return {f"{kind}_{key}": value for key, value in figures.items()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--only", choices=["celery", "local"], default=None)
    args = parser.parse_args()
    rows: dict[str, object] = {"clients": args.clients, "seconds": args.seconds}
    with tempfile.TemporaryDirectory(prefix="kczg-bench-service-") as tmp:
        for kind in ("celery", "local"):
            if args.only in (None, kind):
                rows.update(run_setup(kind, Path(tmp), clients=args.clients, seconds=args.seconds))
                print(f"{kind} done", file=sys.stderr)
    report("service", rows)


if __name__ == "__main__":
    main()
