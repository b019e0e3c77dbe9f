"""Bulk ingest of generated .docx: forms/s through ``kczg ingest``, against ``extract()``.

The floor is ``extract()`` in a loop on the same files. Each ingest (in-process pool on
SQLite, 1 and 2 Celery workers on PostgreSQL) is reported as forms per second per worker
process over the workers' window (first job started to last job finished, from the job
table: not the start-up of processes), as a ratio to a floor measured right before and
right after it with as many ``extract()`` loops at once as there are workers, so that
the load other programs put on the machine and the sharing of its cores fall on both
alike (target overhead < 25 %, i.e. ratio >= 0.75). The wall time of the whole command,
start-up included, and its ratio to the one-process floor are reported beside it. Then
a Celery worker is SIGKILLed in the middle of an ingest and restarted: stored
submissions must equal the distinct files, none doubled, none lost, none left running.

Usage: python -m bench.bench_ingest [--count 1000] [--files DIR] [--seed 11]
(``--files`` reuses a folder of .docx, e.g. from ``kczg samples --out DIR --count 1000``).
Needs the PostgreSQL at 127.0.0.1:5432 and the Redis at 127.0.0.1:6379 (database 4).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from multiprocessing import get_context
from pathlib import Path

from sqlalchemy import create_engine, text

from bench.common import report

POSTGRES = os.environ.get(
    "KCZG_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
REDIS = os.environ.get("KCZG_BENCH_REDIS_URL", "redis://127.0.0.1:6379/4")
KCZG = Path(sys.executable).parent / "kczg"
CORES = os.cpu_count() or 1
#: Forms each adjacent floor reads (enough for a steady rate, short beside an ingest).
FLOOR_SAMPLE = 200


def per_job(paths: list[Path], database_url: str | None, work: Path) -> dict[str, float]:
    """The cost of a job beside ``extract()`` alone, in one process, interleaved file by
    file so that the machine's other load falls on both alike.

    A job is claim, reading the original from the file store, ``extract()``, the
    eligibility check and writing the result, on an engine made as a worker makes it;
    the ratio is extract's time over the job's.
    """
    from extractor.api import extract
    from service.auth import LOCAL_ADMIN
    from service.config import Settings
    from service.jobs.claims import claim_next
    from service.jobs.runner import execute, reads_with_claim, warm_up
    from service.usecases.context import open_services
    from service.usecases.results import checked_result
    from service.usecases.submissions import submit

    settings = Settings(data_dir=work, database_url=database_url)
    services = open_services(settings, upgrade=True)
    worker = open_services(settings, durable=False)
    warm_up()
    for path in paths:
        with path.open("rb") as handle:
            submit(services, LOCAL_ADMIN, handle=handle, filename=path.name)
    registry = worker.registry.current()
    alone = with_check = whole = 0.0
    for path in paths:
        start = time.perf_counter()
        record = extract(path, source=path.name)
        alone += time.perf_counter() - start
        checked_result(worker, record, registry=registry)
        with_check += time.perf_counter() - start
        start = time.perf_counter()
        claimed = claim_next(
            worker.engine, worker="bench:1", lease=30, with_original=reads_with_claim(worker)
        )
        if claimed is not None:
            execute(worker, claimed, worker="bench:1")
        whole += time.perf_counter() - start
    services.engine.dispose()
    worker.engine.dispose()
    return {"extract_over_job": alone / whole, "extract_and_check_over_job": with_check / whole}


def floor(paths: list[Path]) -> float:
    """Forms per second of ``extract()`` in a loop in this process (after a warm-up)."""
    from extractor.api import extract

    for path in paths[:3]:
        extract(path)
    start = time.perf_counter()
    for path in paths:
        # A form the generator broke on purpose still counts.
        with contextlib.suppress(Exception):
            extract(path)
    return len(paths) / (time.perf_counter() - start)


def parallel_floor(paths: list[Path], processes: int) -> float:
    """Forms per second per process of ``processes`` ``extract()`` loops run at once."""
    with ProcessPoolExecutor(processes, mp_context=get_context("spawn")) as pool:
        rates = list(pool.map(floor, [paths] * processes))
    return sum(rates) / len(rates)


def job_window(url: str) -> tuple[int, float]:
    """Finished jobs, and seconds from the first job's start to the last one's end."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            count, first, last = connection.execute(
                text(
                    "SELECT count(*), min(started_at), max(finished_at) FROM jobs"
                    " WHERE finished_at IS NOT NULL"
                )
            ).one()
    finally:
        engine.dispose()
    if isinstance(first, str):  # SQLite hands back text
        from datetime import datetime

        first, last = datetime.fromisoformat(first), datetime.fromisoformat(last)
    return int(count), (last - first).total_seconds()


def adjacent(
    paths: list[Path], workers: int, run: Callable[[], tuple[float, str]]
) -> dict[str, float]:
    """``run`` (an ingest: its wall seconds and database URL) between two floors of
    ``workers`` processes; the rates and the ratio per worker to the floors' mean."""
    sample = paths[:FLOOR_SAMPLE]
    before = parallel_floor(sample, workers)
    seconds, url = run()
    after = parallel_floor(sample, workers)
    jobs, window = job_window(url)
    floor_ = (before + after) / 2
    per_worker = jobs / window / workers
    return {
        "forms_per_s": len(paths) / seconds,
        "worker_forms_per_s": jobs / window,
        "floor_per_process_before": before,
        "floor_per_process_after": after,
        "ratio_per_worker": per_worker / floor_,
    }


@contextmanager
def postgres_schema() -> Iterator[str]:
    """A PostgreSQL URL on a schema of its own, dropped afterwards."""
    schema = f"kczg_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(POSTGRES)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{POSTGRES}?options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def environment(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KCZG_")}
    env.pop("DATABASE_URL", None)
    env.update(KCZG_DATA_DIR=str(data_dir), **extra)
    return env


class Worker:
    """A ``kczg worker`` (Celery) in a process group of its own."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.log = log
        with log.open("wb") as out:
            self.process = subprocess.Popen(
                [str(KCZG), "worker", "--concurrency", "1"],
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 120
        while " ready." not in log.read_text(errors="replace"):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"worker did not start: {log.read_text()[-2000:]}")
            time.sleep(0.2)

    def kill(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()


def flush_redis() -> None:
    import redis

    client = redis.Redis.from_url(REDIS, socket_timeout=5)
    client.flushdb()
    client.close()


def run_ingest(folder: Path, env: dict[str, str], report_csv: Path) -> float:
    """Seconds ``kczg ingest`` takes, start to exit; fails loudly on a non-zero exit."""
    start = time.perf_counter()
    done = subprocess.run(
        [str(KCZG), "ingest", str(folder), "--report", str(report_csv)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"ingest failed ({done.returncode}): {done.stderr[-2000:]}")
    print(done.stderr.strip().splitlines()[-1], file=sys.stderr)
    return seconds


def in_process(folder: Path, work: Path) -> tuple[float, str]:
    """Seconds of ``kczg ingest`` on its own pool of a process per core, and its database."""
    env = environment(work / "local", KCZG_QUEUE="local", KCZG_WORKERS=str(CORES))
    database = work / "local" / "kczg.sqlite3"
    return run_ingest(folder, env, work / "local.csv"), f"sqlite:///{database}"


@contextmanager
def on_celery(folder: Path, work: Path, workers: int) -> Iterator[Callable[[], tuple[float, str]]]:
    """A run of ``kczg ingest`` on ``workers`` Celery workers (started and ready before it
    begins), on a PostgreSQL schema kept until the block ends."""
    flush_redis()
    with postgres_schema() as url:
        env = environment(
            work / f"celery{workers}", DATABASE_URL=url, KCZG_QUEUE="celery", REDIS_URL=REDIS
        )
        subprocess.run([str(KCZG), "db", "upgrade"], env=env, check=True, capture_output=True)
        started = [
            Worker(
                environment(
                    work / f"w{workers}-{n}", DATABASE_URL=url, KCZG_QUEUE="celery", REDIS_URL=REDIS
                ),
                work / f"w{workers}-{n}.log",
            )
            for n in range(workers)
        ]
        try:
            yield lambda: (run_ingest(folder, env, work / f"celery{workers}.csv"), url)
        finally:
            for worker in started:
                worker.stop()


def killed_worker(folder: Path, count: int, work: Path) -> dict[str, object]:
    """Ingest on 2 Celery workers; one is SIGKILLed a third of the way and restarted."""
    flush_redis()
    with postgres_schema() as url:
        base = {
            "DATABASE_URL": url,
            "KCZG_QUEUE": "celery",
            "REDIS_URL": REDIS,
            "KCZG_LEASE_SECONDS": "5",
        }
        env = environment(work / "kill", **base)
        subprocess.run([str(KCZG), "db", "upgrade"], env=env, check=True, capture_output=True)
        workers = [
            Worker(environment(work / f"k{n}", **base), work / f"k{n}.log") for n in range(2)
        ]
        ingest = subprocess.Popen(
            [str(KCZG), "ingest", str(folder), "--report", str(work / "kill.csv")],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        engine = create_engine(url)
        try:
            while _count(engine, "state = 'succeeded'") < count // 3:
                if ingest.poll() is not None:
                    raise RuntimeError("ingest ended before the kill")
                time.sleep(0.2)
            running_at_kill = _count(engine, "state = 'running'")
            workers[0].kill()
            workers[0] = Worker(environment(work / "k0b", **base), work / "k0b.log")
            _, err = ingest.communicate(timeout=3600)
            if ingest.returncode != 0:
                raise RuntimeError(f"ingest failed: {err.decode()[-2000:]}")
            with engine.connect() as connection:
                submissions = connection.scalar(text("SELECT count(*) FROM submissions"))
                distinct = connection.scalar(text("SELECT count(DISTINCT sha256) FROM submissions"))
                jobs_per_submission = connection.scalar(
                    text(
                        "SELECT max(n) FROM "
                        "(SELECT count(*) AS n FROM jobs GROUP BY submission_id) AS per_submission"
                    )
                )
                states: dict[str, int] = dict(
                    connection.execute(
                        text("SELECT state, count(*) FROM jobs GROUP BY state")
                    ).all()
                )
                reruns = connection.scalar(text("SELECT count(*) FROM jobs WHERE attempts > 1"))
        finally:
            engine.dispose()
            for worker in workers:
                worker.stop()
    files = len({p.read_bytes() for p in folder.iterdir()})
    return {
        "kill_distinct_files": files,
        "kill_submissions_stored": submissions,
        "kill_distinct_sha256": distinct,
        "kill_max_jobs_per_submission": jobs_per_submission,
        "kill_jobs_running_at_kill": running_at_kill,
        "kill_jobs_run_again": reruns,
        "kill_job_states": states,
        "kill_ok": submissions == files == distinct
        and "running" not in states
        and "queued" not in states,
    }


def _count(engine: object, where: str) -> int:
    with engine.connect() as connection:  # type: ignore[attr-defined]
        return int(connection.scalar(text(f"SELECT count(*) FROM jobs WHERE {where}")) or 0)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--files", type=Path, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kczg-bench-ingest-") as tmp:
        work = Path(tmp)
        source = args.files
        if source is None:
            from samples.generate import generate

            source = work / "forms"
            generate(source, args.count, args.seed)
        paths = sorted(source.glob("*.docx"))[: args.count]
        # A folder of exactly the forms measured (no truth files or manifest beside them).
        folder = work / "measured"
        folder.mkdir()
        for path in paths:
            (folder / path.name).symlink_to(path.resolve())
        count = len(paths)
        rows: dict[str, object] = {"forms": count, "cores": CORES}
        rows["floor_extract_forms_per_s"] = floor_s = floor(paths)
        sample = paths[:100]
        for name, value in per_job(sample, None, work / "per-job-sqlite").items():
            rows[f"per_job_sqlite_{name}"] = value
        with postgres_schema() as url:
            for name, value in per_job(sample, url, work / "per-job-pg").items():
                rows[f"per_job_postgresql_{name}"] = value
        measured = adjacent(paths, CORES, lambda: in_process(folder, work))
        for name, value in measured.items():
            rows[f"in_process_{name}"] = value
        rows["in_process_wall_ratio_per_core"] = measured["forms_per_s"] / CORES / floor_s
        for workers in (1, 2):
            with on_celery(folder, work, workers) as run:
                measured = adjacent(paths, workers, run)
            for name, value in measured.items():
                rows[f"celery_{workers}_{name}"] = value
            rows[f"celery_{workers}_wall_ratio_per_core"] = (
                measured["forms_per_s"] / min(workers, CORES) / floor_s
            )
        rows.update(killed_worker(folder, count, work))
        report("ingest", rows)


if __name__ == "__main__":
    main()
