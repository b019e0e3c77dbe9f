"""Exports written in processes of their own: the rest of the service keeps answering,
a busy pool refuses with 503, a child's error is the same clear error, no file is left."""

from __future__ import annotations

import asyncio
import io
import os
import re
import time
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import openpyxl
import pytest
from sqlalchemy import insert, select

from service.api import create_app
from service.db import SubmissionRow, session_scope
from service.jobs.export_pool import EXPORT_DIR, STALE_SECONDS, ExportPool
from tests.conftest import CHECKED_IN, MakeToken, PageClient, Upload

RISING = CHECKED_IN / "001-2022-rising_company-faithful.docx"
#: Enough rows that writing their XLSX takes seconds, much longer than a queue page.
MANY = 600


def _left_in(data_dir: Path) -> list[Path]:
    where = data_dir / EXPORT_DIR
    return sorted(where.iterdir()) if where.exists() else []


def _copies(services: Any, submission_id: str, count: int) -> None:
    """``count`` more submissions with the record of ``submission_id`` (distinct files)."""
    with session_scope(services.engine) as session:
        row = session.execute(
            select(SubmissionRow.__table__).where(SubmissionRow.id == submission_id)
        ).one()
    template = dict(row._mapping)
    rows = [
        {**template, "id": str(uuid.uuid4()), "sha256": uuid.uuid4().hex * 2} for _ in range(count)
    ]
    with session_scope(services.engine) as session:
        session.execute(insert(SubmissionRow), rows)


@asynccontextmanager
async def _logged_in(app: Any, token: str) -> AsyncIterator[httpx.AsyncClient]:
    """A browser session on ``app`` in this event loop, so that requests can overlap."""
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        form = await client.get("/login")
        nonce = re.search(r'name="nonce" value="([^"]+)"', form.text)
        assert nonce, form.text
        answer = await client.post("/login", data={"token": token, "nonce": nonce.group(1)})
        assert answer.status_code == 303, answer.text
        yield client


@pytest.fixture
def many(services: Any, make_token: MakeToken, upload: Upload) -> str:
    """A reviewer's token over ``MANY`` + 1 submissions of 新锐企业榜."""
    token, _ = make_token("reviewer")
    _copies(services, upload(token, RISING), MANY)
    return token


def _run(services: Any, pool: ExportPool, body: Callable[[Any], Any]) -> Any:
    app = create_app(services, exports=pool)
    try:
        return asyncio.run(body(app))
    finally:
        pool.stop()


def test_pages_are_answered_while_a_large_export_is_written_and_a_second_export_waits_its_turn(
    services: Any, many: str
) -> None:
    data_dir = services.settings.data_dir
    finished: list[str] = []

    async def body(app: Any) -> tuple[httpx.Response, httpx.Response, httpx.Response]:
        async with _logged_in(app, many) as client:

            async def fetch(kind: str, url: str) -> httpx.Response:
                answer = await client.get(url)
                finished.append(kind)
                return answer

            export = asyncio.create_task(fetch("export", "/queue/export?format=xlsx"))
            while not _left_in(data_dir) and not export.done():
                await asyncio.sleep(0.01)
            # The export's file exists: its slot is taken and the child writes.
            second = await fetch("second export", "/queue/export?format=csv")
            queue_page = await fetch("queue page", "/queue?list=新锐企业榜")
            return await export, second, queue_page

    exported, second, queue_page = _run(services, ExportPool(services.settings), body)
    assert finished == ["second export", "queue page", "export"]
    assert queue_page.status_code == 200 and "新锐企业榜" in queue_page.text
    assert second.status_code == 503
    assert int(second.headers["retry-after"]) > 0
    assert "请稍后再试" in second.text
    assert exported.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(exported.content), read_only=True)
    assert sum(1 for _ in book["申报"].iter_rows()) == MANY + 2
    assert _left_in(data_dir) == []


def test_a_bad_filter_in_the_child_is_the_same_clear_page(
    services: Any, make_token: MakeToken, page_client: PageClient
) -> None:
    token, _ = make_token("reviewer")
    answer = page_client(token).get("/queue/export", params={"list": "无此榜"})
    assert answer.status_code == 422
    assert "无此榜" in answer.text
    assert _left_in(services.settings.data_dir) == []


def test_the_database_down_in_the_child_is_a_503_page_not_a_500(
    services: Any, make_token: MakeToken
) -> None:
    token, _ = make_token("reviewer")
    unreachable = services.settings.model_copy(
        update={"database_url": "postgresql+psycopg://postgres@127.0.0.1:9/none"}
    )

    async def body(app: Any) -> httpx.Response:
        async with _logged_in(app, token) as client:
            return await client.get("/queue/export", params={"format": "csv"})

    answer = _run(services, ExportPool(unreachable), body)
    assert answer.status_code == 503
    assert "数据库错误" in answer.text
    assert _left_in(services.settings.data_dir) == []


def test_a_finished_export_leaves_no_file(
    services: Any, make_token: MakeToken, page_client: PageClient, upload: Upload
) -> None:
    token, _ = make_token("reviewer")
    upload(token, RISING)
    client = page_client(token)
    for kind in ("xlsx", "csv"):
        answer = client.get("/queue/export", params={"format": kind})
        assert answer.status_code == 200
        assert int(answer.headers["content-length"]) == len(answer.content)
    assert _left_in(services.settings.data_dir) == []


def test_an_export_that_cannot_be_written_is_a_storage_error_page(
    services: Any, make_token: MakeToken, page_client: PageClient
) -> None:
    token, _ = make_token("reviewer")
    blocker = services.settings.data_dir / EXPORT_DIR
    blocker.parent.mkdir(parents=True, exist_ok=True)
    blocker.write_text("not a directory")
    answer = page_client(token).get("/queue/export", params={"format": "csv"})
    assert answer.status_code == 507
    assert "无法写入导出文件" in answer.text


def test_a_file_a_killed_server_left_is_removed_at_start_and_a_fresh_one_kept(
    services: Any,
) -> None:
    where = services.settings.data_dir / EXPORT_DIR
    where.mkdir(parents=True, exist_ok=True)
    left, writing = where / "export-left.xlsx", where / "export-writing.xlsx"
    for path in (left, writing):
        path.write_bytes(b"PK")
    long_ago = time.time() - 2 * STALE_SECONDS
    os.utime(left, (long_ago, long_ago))
    ExportPool(services.settings).start().stop()
    assert _left_in(services.settings.data_dir) == [writing]
