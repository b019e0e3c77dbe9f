"""The reviewer's pages and the export with 10,000 submissions stored.

Time to first byte of the queue page (default filters: problems first, counts and
charts over every submission) and of a summary page, on SQLite and on PostgreSQL,
against a live uvicorn on 127.0.0.1; the floor is ``/readyz`` of the same server (one
request through the same stack and one database round trip). Then the export of every
submission to XLSX: seconds and peak memory, in a process of its own, against
openpyxl's write-only mode writing the same cells as a floor.

Rows are inserted directly (one real record read from a sample, varied per row).

Run: ``python -m bench.bench_pages [--submissions N] [--postgres URL]``.
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing
import random
import resource
import socket
import statistics
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

from bench.common import report

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "checked_in"
FORM = SAMPLE / "001-2022-rising_company-faithful.docx"
POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
RUNS = 15
TARGET_MS = 300.0


def _settings(url: str, data: Path) -> Any:
    from service.config import Settings

    return Settings(data_dir=data, database_url=url, cookie_secure=False)


def _fill(services: Any, count: int) -> str:
    """``count`` submissions of one read record, varied; returns one id to open."""
    from sqlalchemy import insert

    from extractor.api import extract
    from service.db import SubmissionRow, session_scope
    from service.usecases.results import checked_result

    columns = checked_result(services, extract(FORM))
    rng = random.Random(9)
    verdicts = ["eligible", "ineligible", "needs_review"]
    codes = ["missing", "bad_phone", "average_mismatch", "too_long", "out_of_range"]
    rows = []
    for number in range(count):
        errors = rng.choice([0, 0, 1, 2])
        rows.append(
            {
                **columns,
                "id": str(uuid.uuid4()),
                "sha256": f"{number:064x}",
                "unit_key": f"学会{number % 40}",
                "unit": f"学会{number % 40}",
                "filename": f"申报表{number}.docx",
                "file_kind": "docx",
                "size": 40_000,
                "state": "succeeded",
                "applicant": f"示例科技有限公司{number}",
                "verdict": rng.choice(verdicts),
                "error_count": errors,
                "flag_count": errors + rng.choice([0, 1]),
                "flag_codes": " ".join(sorted(rng.sample(codes, k=errors))),
                "review_status": rng.choice(["pending", "pending", "reviewed", "returned"]),
                "extracted": None,
            }
        )
    with session_scope(services.engine) as session:
        for start in range(0, len(rows), 1000):
            session.execute(insert(SubmissionRow), rows[start : start + 1000])
    return str(rows[count // 2]["id"])


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _ttfb(port: int, path: str, cookie: str) -> float:
    """Milliseconds from sending the request to the first byte of the answer."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.connect()
        start = time.perf_counter()
        connection.request("GET", path, headers={"Cookie": f"kczg_session={cookie}"})
        answer = connection.getresponse()
        answer.read(1)
        elapsed = (time.perf_counter() - start) * 1000
        status = answer.status
        answer.read()
    finally:
        connection.close()
    if status != 200:
        raise RuntimeError(f"GET {path} answered {status}")
    return elapsed


def _median(port: int, path: str, cookie: str) -> float:
    _ttfb(port, path, cookie)  # warm: templates compiled, pools filled
    return statistics.median(_ttfb(port, path, cookie) for _ in range(RUNS))


def _pages(name: str, url: str, count: int) -> tuple[dict[str, Any], Any]:
    import uvicorn

    from service.api import create_app
    from service.auth import Role, create_token
    from service.usecases.context import open_services

    data = Path(tempfile.mkdtemp(prefix=f"bench-pages-{name}-"))
    services = open_services(_settings(url, data), upgrade=True)
    sid = _fill(services, count)
    token, _ = create_token(services.engine, role=Role.REVIEWER, name="bench")
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(services), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    try:
        floor = _median(port, "/readyz", token)
        queue = _median(port, "/queue", token)
        filtered = _median(port, "/queue?verdict=ineligible&errors=yes&q=%E7%A7%91%E6%8A%80", token)
        summary = _median(port, f"/submissions/{sid}", token)
    finally:
        server.should_exit = True
        thread.join()
    rows = {
        f"{name} readyz floor ms": floor,
        f"{name} queue ttfb ms": queue,
        f"{name} queue filtered ttfb ms": filtered,
        f"{name} summary ttfb ms": summary,
        f"{name} queue / floor": queue / floor,
        f"{name} summary / floor": summary / floor,
        f"{name} under {TARGET_MS:.0f} ms": max(queue, filtered, summary) < TARGET_MS,
    }
    return rows, services


def _rss_kb() -> float:
    """The process's resident memory now, in KiB (Linux)."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * resource.getpagesize() / 1024


def _export_child(url: str, data: str, out: str, answer: Any) -> None:
    from service.auth import LOCAL_ADMIN
    from service.usecases.context import open_services
    from service.usecases.exports import ExportFormat, export

    services = open_services(_settings(url, Path(data)))
    before = _rss_kb()
    start = time.perf_counter()
    count = export(services, LOCAL_ADMIN, Path(out), format=ExportFormat.XLSX)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    answer.put((count, seconds, before / 1024, peak / 1024))


def _floor_child(rows: int, columns: int, out: str, answer: Any) -> None:
    from openpyxl import Workbook

    start = time.perf_counter()
    book = Workbook(write_only=True)
    sheet = book.create_sheet("申报")
    line = ["示例文字"] * (columns // 2) + [1234.5] * (columns - columns // 2)
    for _ in range(rows + 1):
        sheet.append(line)
    book.save(out)
    answer.put(time.perf_counter() - start)


def _in_child(target: Any, *args: Any) -> Any:
    context = multiprocessing.get_context("spawn")
    answer = context.Queue()
    child = context.Process(target=target, args=(*args, answer))
    child.start()
    result = answer.get()
    child.join()
    return result


def _export(url: str, data: Path) -> dict[str, Any]:
    import openpyxl

    out = data / "export.xlsx"
    count, seconds, base_mb, peak_mb = _in_child(_export_child, url, str(data), str(out))
    with out.open("rb") as handle:
        book = openpyxl.load_workbook(handle, read_only=True)
        header = next(book["申报"].iter_rows(max_row=1, values_only=True))
        columns = len(header)
        book.close()
    floor = _in_child(_floor_child, count, columns, str(data / "floor.xlsx"))
    return {
        "export submissions": count,
        "export columns": columns,
        "export xlsx s": seconds,
        "export floor s (openpyxl same cells)": floor,
        "export / floor": seconds / floor,
        "export peak RSS MB": peak_mb,
        "export RSS before MB": base_mb,
        "export RSS growth MB": peak_mb - base_mb,
        "export file MB": out.stat().st_size / 2**20,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--submissions", type=int, default=10_000)
    parser.add_argument("--postgres", default=POSTGRES)
    args = parser.parse_args()
    from sqlalchemy import create_engine, text

    rows: dict[str, Any] = {"submissions": args.submissions}
    sqlite_dir = Path(tempfile.mkdtemp(prefix="bench-pages-sqlite-"))
    sqlite_url = f"sqlite:///{sqlite_dir / 'kczg.sqlite3'}"
    found, services = _pages("sqlite", sqlite_url, args.submissions)
    rows.update(found)
    services.engine.dispose()
    rows.update(_export(sqlite_url, sqlite_dir))

    schema = f"bench_pages_{uuid.uuid4().hex[:8]}"
    admin = create_engine(args.postgres)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        url = f"{args.postgres}?options=-csearch_path%3D{schema}"
        found, services = _pages("postgresql", url, args.submissions)
        rows.update(found)
        services.engine.dispose()
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
    report("bench_pages", rows)


if __name__ == "__main__":
    main()
