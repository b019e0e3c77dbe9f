"""The one conftest: factory fixtures shared by every test package."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docx
import pytest
from sqlalchemy import Engine

from schemas.catalogue import FieldSpec, FieldType, form_spec
from schemas.record import FlatValue, FormRecord, Scalar

# --- schemas: clean flat values of any form (owner: schemas helper) ---------------------

CleanValues = Callable[[str, int], dict[str, FlatValue]]

#: Values a clean record writes, by the label of the field (contacts, ratio numerators).
_CLEAN_BY_LABEL: dict[str, FlatValue] = {
    "电话": "010-68767227",
    "联系方式": "13812345678",
    "邮箱": "contact@example.com",
    "电子邮箱": "contact@example.com",
    # 研发经费投入强度 (10 %) = 研发经费 (100) / 营业收入 or 企业总收入 (1000) * 100.
    "研发经费总额": 100.0,
    "研发费用总额": 100.0,
}
_CLEAN_SUB_VALUES: dict[FieldType, Scalar] = {
    FieldType.TEXT: "示例",
    FieldType.INT: 2020,
    FieldType.DATE: "2020-05-01",
}


def _clean_longtext(spec: FieldSpec) -> str:
    length = spec.min_chars or min(spec.max_chars or 30, 30)
    return ("科创中国示例文字" * (length // 8 + 1))[:length]


def _clean_value(spec: FieldSpec) -> FlatValue:
    if spec.label in _CLEAN_BY_LABEL:
        return _CLEAN_BY_LABEL[spec.label]
    by_type: dict[FieldType, FlatValue] = {
        FieldType.TEXT: f"{spec.label}示例",
        FieldType.LONGTEXT: _clean_longtext(spec),
        FieldType.INT: 6 if spec.key == "trl" else 10,
        FieldType.NUMBER: 1000.0,
        FieldType.PERCENT: 10.0,
        FieldType.DATE: "2019-03-05",
        FieldType.YEARMONTH: "2019-03",
        FieldType.BOOL: True,
        FieldType.CHOICE: spec.options[0] if spec.options else None,
        FieldType.MULTI: list(spec.options[:1]),
        FieldType.ENUM: spec.options[0] if spec.options else None,
        FieldType.GRADE: spec.options[0] if spec.options else "高",
    }
    return by_type[spec.cell_type]


def _clean_rows(spec: FieldSpec) -> FlatValue:
    rows: list[dict[str, Scalar]] = [{sub.label: _CLEAN_SUB_VALUES[sub.type] for sub in spec.rows}]
    return rows


@pytest.fixture
def clean_values() -> CleanValues:
    """Factory: flat values of a form (list name or key) and edition that raise no flag.

    Every field is filled, year tables hold the same value in each column (so the
    average agrees), and ratios add up.
    """

    def make(form: str, edition: int) -> dict[str, FlatValue]:
        values: dict[str, FlatValue] = {}
        for spec in form_spec(form, edition).fields:
            value = _clean_rows(spec) if spec.is_list_table else _clean_value(spec)
            for name in spec.flat_names():
                values[name] = value
        return values

    return make


# --- extractor: Word files built with python-docx (owner: docx reader helper) -------------

MakeDocx = Callable[..., Path]


@pytest.fixture
def make_docx(tmp_path: Path) -> MakeDocx:
    """Factory: ``make_docx(build, name="form.docx")`` saves a new python-docx
    document after ``build(document)`` has filled it, and returns its path."""

    def make(build: Callable[[Any], None], name: str = "form.docx") -> Path:
        document = docx.Document()
        build(document)
        path = tmp_path / name
        document.save(str(path))
        return path

    return make


# --- eligibility + service: records, databases (owner: eligibility helper) --------------

MakeRecord = Callable[..., FormRecord]


@pytest.fixture
def form_record() -> MakeRecord:
    """Factory: a FormRecord of a list and edition holding the given flat values."""
    from schemas.catalogue import UnknownForm
    from schemas.editions import UnknownEdition
    from schemas.provenance import Provenance
    from schemas.record import FieldValue

    def make(
        form: str, edition: int, values: dict[str, FlatValue], source: str = "test.json"
    ) -> FormRecord:
        try:
            key = form_spec(form, edition).key
        except (UnknownForm, UnknownEdition):
            key = form
        where = Provenance(file=source)
        fields = {n: FieldValue(name=n, value=v, provenance=where) for n, v in values.items()}
        return FormRecord(form=form, form_key=key, edition=edition, source=source, values=fields)

    return make


POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database: a SQLite file, or a PostgreSQL schema of its own
    (``KCZG_TEST_POSTGRES_URL``) dropped afterwards, since other runs share that database."""
    import os
    import uuid

    from sqlalchemy import create_engine, text

    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'kczg.sqlite3'}"
        return
    base = os.environ.get("KCZG_TEST_POSTGRES_URL", POSTGRES_URL)
    schema = f"kczg_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in base else "?"
    try:
        yield f"{base}{separator}options=-csearch_path%3D{schema}"
    finally:
        from service.db import dispose_engines

        dispose_engines()
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def db_engine(database_url: str) -> Iterator[Engine]:
    """A migrated engine on ``database_url``."""
    from service.db import make_engine

    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def kczg_database(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Points the CLI (``DATABASE_URL``) at ``database_url``; its engines are closed after."""
    from service.db import dispose_engines

    monkeypatch.setenv("DATABASE_URL", database_url)
    yield database_url
    dispose_engines()


# --- extractor: hand-built layouts (owner: lead) -----------------------------------------

#: A cell of ``make_layout``: text, or (text, row_span, col_span) for a merged cell.
CellArg = str | tuple[str, int, int]
MakeLayout = Callable[..., Any]


def _table_of(index: int, rows: list[list[CellArg]]) -> Any:
    """A Table from rows of cells; slots covered by a merge above are simply left out."""
    from extractor.layout import Cell, Table

    covered: set[tuple[int, int]] = set()
    cells = []
    n_cols = 0
    for r, row in enumerate(rows):
        c = 0
        for arg in row:
            while (r, c) in covered:
                c += 1
            text, row_span, col_span = (arg, 1, 1) if isinstance(arg, str) else arg
            cells.append(Cell(text, r, c, row_span, col_span))
            for dr in range(row_span):
                for dc in range(col_span):
                    covered.add((r + dr, c + dc))
            c += col_span
        n_cols = max(n_cols, c, *(cc + 1 for rr, cc in covered if rr == r))
    return Table(index=index, n_rows=len(rows), n_cols=n_cols, cells=cells)


@pytest.fixture
def make_layout() -> MakeLayout:
    """Factory: ``make_layout("title", [[cells...], ...], "paragraph", ...)`` -> a Layout
    whose string arguments are paragraphs and whose lists are tables."""
    from extractor.layout import Block, Layout, Paragraph

    def make(*blocks: str | list[list[CellArg]], source: str = "hand.docx") -> Layout:
        built: list[Block] = []
        tables = paragraphs = 0
        for block in blocks:
            if isinstance(block, str):
                built.append(Paragraph(paragraphs, block))
                paragraphs += 1
            else:
                built.append(_table_of(tables, block))
                tables += 1
        return Layout(source=source, kind="docx", blocks=built)

    return make


# --- samples: generated forms with their truth (owner: lead) -----------------------------

REAL_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "real"


@pytest.fixture(scope="session")
def one_sample(sample_set: list[Any]) -> Any:
    """A faithful, defect-free 新锐企业榜 sample."""
    return next(
        info
        for info in sample_set
        if info.form == "新锐企业榜" and info.layout == "faithful" and not info.defects
    )


# --- PDF and scan readers: forms drawn as a user's PDF export and as vector drawings ---

READER_FONT = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"


def _reader_form_docx(path: Path) -> Path:
    """A table form: merged cells, a wrapped cell, box glyphs, a table running onto page 2."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    normal: Any = document.styles["Normal"]
    normal.font.name = "WenQuanYi Zen Hei"
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "WenQuanYi Zen Hei")
    document.add_paragraph("新锐企业榜申报表")
    form = document.add_table(rows=4, cols=4)
    form.style = "Table Grid"
    form.cell(0, 0).text = "企业名称"
    form.cell(0, 1).merge(form.cell(0, 3)).text = "北京示例科技有限公司"
    form.cell(1, 0).text = "成立日期"
    form.cell(1, 1).text = "2015-06-01"
    form.cell(1, 2).text = "注册资本"
    form.cell(1, 3).text = "500万元"
    form.cell(2, 0).merge(form.cell(3, 0)).text = "是否高新"
    form.cell(2, 1).text = "☑是 □否"
    form.cell(2, 2).merge(form.cell(2, 3)).text = (
        "主营业务为人工智能软件研发与销售，面向制造业提供智能质检解决方案和数据服务"
    )
    form.cell(3, 1).text = "联系人"
    form.cell(3, 2).text = "张三"
    form.cell(3, 3).text = "13800138000"
    document.add_paragraph("二、知识产权情况")
    patents = document.add_table(rows=1, cols=3)
    patents.style = "Table Grid"
    for cell, text in zip(patents.rows[0].cells, ["序号", "专利名称", "授权日期"], strict=True):
        cell.text = text
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    patents.rows[0]._tr.get_or_add_trPr().append(repeat)
    for number in range(1, 46):
        row = patents.add_row().cells
        row[0].text = str(number)
        row[1].text = f"一种数据处理方法{number}"
        row[2].text = f"2021-03-{number % 28 + 1:02d}"
    document.add_paragraph("申报单位（盖章）")
    document.save(str(path))
    return path


@pytest.fixture(scope="session")
def reader_form_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The table form above as LibreOffice exports it to PDF (two pages)."""
    from samples.render_pdf import to_pdf

    out = tmp_path_factory.mktemp("reader-form")
    return to_pdf(_reader_form_docx(out / "form.docx"), out)


def _draw_box_form(path: Path) -> Path:
    """Ruled table with drawn checkbox squares; ticked ones carry a two-stroke tick."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("reader-zh", READER_FONT))
    height = 842.0
    pdf = canvas.Canvas(str(path), pagesize=(595.0, height))
    pdf.setFont("reader-zh", 11)
    pdf.drawString(72, height - 60, "勾选框测试")
    xs, ys = [72, 200, 523], [100, 130, 160, 190]
    for x in xs:
        pdf.line(x, height - ys[0], x, height - ys[-1])
    for y in ys:
        pdf.line(xs[0], height - y, xs[-1], height - y)
    rows: list[tuple[str, list[tuple[str, bool]]]] = [
        ("是否上市", [("是", True), ("否", False)]),
        ("企业类型", [("国企", False), ("民企", True), ("外资", False)]),
        ("填表人", []),
    ]
    for (label, options), top in zip(rows, ys, strict=False):
        pdf.drawString(80, height - top - 20, label)
        left = 210.0
        for text, ticked in options:
            pdf.rect(left, height - top - 22, 9, 9, stroke=1, fill=0)
            if ticked:
                pdf.line(left + 1.5, height - top - 17, left + 3.5, height - top - 20.5)
                pdf.line(left + 3.5, height - top - 20.5, left + 8, height - top - 14)
            pdf.drawString(left + 12, height - top - 20, text)
            left += 70
    pdf.drawString(208, height - 180, "李四")
    pdf.drawString(72, height - 230, "填报日期：2022年6月30日")
    pdf.save()
    return path


@pytest.fixture(scope="session")
def box_form_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One page: a ruled 3x2 table whose option cells hold drawn checkbox squares."""
    return _draw_box_form(tmp_path_factory.mktemp("box-form") / "boxes.pdf")


# --- samples: generated filled forms with truth (owner: samples helper) -------------------


@pytest.fixture(scope="session")
def sample_set(tmp_path_factory: pytest.TempPathFactory) -> list[Any]:
    """27 generated .docx samples (seed 2022): one faithful and two variants of each form.

    Returns ``samples.generate.SampleInfo`` items; each has ``files["docx"]`` and ``truth``.
    """
    from samples.generate import generate

    return list(generate(tmp_path_factory.mktemp("samples"), 27, 2022))


# --- service: services, tokens, the app, jobs run for real (owner: lead) -----------------

ROOT = Path(__file__).resolve().parents[1]
CHECKED_IN = ROOT / "samples" / "checked_in"


@pytest.fixture
def service_settings(database_url: str, tmp_path: Path) -> Any:
    """Settings on a fresh database (SQLite and PostgreSQL) with its own data directory."""
    from service.config import Settings

    return Settings(
        data_dir=tmp_path / "data",
        database_url=database_url,
        workers=1,
        time_limit=60,
        lease_seconds=5,
        cookie_secure=False,
    )


@pytest.fixture
def services(service_settings: Any) -> Iterator[Any]:
    """``Services`` on ``service_settings``, migrated; the engine is closed after."""
    from service.usecases.context import open_services

    made = open_services(service_settings, upgrade=True)
    yield made
    made.engine.dispose()


MakeToken = Callable[..., tuple[str, Any]]


@pytest.fixture
def make_token(services: Any) -> MakeToken:
    """Factory: ``make_token("applicant", unit="某学会")`` -> (token, principal)."""
    from service.auth import Role, authenticate, create_token

    def make(role: str, *, unit: str | None = None, lists: tuple[str, ...] = ()) -> tuple[str, Any]:
        token, _info = create_token(services.engine, role=Role(role), unit=unit, lists=lists)
        return token, authenticate(services.engine, token)

    return make


@pytest.fixture
def run_jobs(services: Any) -> Callable[[], int]:
    """Runs every queued job now, in this process, through the real claim and runner."""
    from service.jobs.claims import claim_next
    from service.jobs.runner import execute

    def run() -> int:
        done = 0
        while work := claim_next(services.engine, worker="test:0", lease=30):
            execute(services, work, worker="test:0")
            done += 1
        return done

    return run


@pytest.fixture
def api(services: Any) -> Iterator[Any]:
    """An httpx client on the app (ASGI, in this process); jobs wait for ``run_jobs``."""
    from fastapi.testclient import TestClient

    from service.api import create_app

    with TestClient(create_app(services), base_url="http://testserver") as client:
        yield client


def bearer(token: str) -> dict[str, str]:
    """The Authorization header for ``token``."""
    return {"Authorization": f"Bearer {token}"}


# --- service pages: a person's browser session over the app (owner: pages, issue 9) ------

PageClient = Callable[..., Any]


def csrf_of(html: str) -> str:
    """The CSRF token a page's forms carry."""
    import re

    found = re.search(r'name="csrf" value="([0-9a-f]+)"', html)
    assert found, "the page has no form with a CSRF token"
    return found.group(1)


@pytest.fixture
def page_client(services: Any) -> Iterator[PageClient]:
    """Factory: ``page_client(token)`` -> a client of its own, logged in through the login
    form with ``token`` (``None``: not logged in). Each holds its own cookies."""
    import re

    from fastapi.testclient import TestClient

    from service.api import create_app

    made: list[Any] = []

    def make(token: str | None) -> Any:
        client = TestClient(create_app(services), base_url="http://testserver")
        client.__enter__()
        made.append(client)
        if token is not None:
            form = client.get("/login")
            nonce = re.search(r'name="nonce" value="([^"]+)"', form.text)
            assert nonce, form.text
            answer = client.post(
                "/login", data={"token": token, "nonce": nonce.group(1)}, follow_redirects=False
            )
            assert answer.status_code == 303, answer.text
        return client

    yield make
    for client in made:
        client.__exit__(None, None, None)


Upload = Callable[..., str]


@pytest.fixture
def upload(api: Any, run_jobs: Callable[[], int]) -> Upload:
    """Factory: ``upload(token, path, unit=...)`` uploads over the API, runs the job, and
    returns the submission's id."""

    def send(token: str, path: Path, **fields: str) -> str:
        with path.open("rb") as handle:
            answer = api.post(
                "/api/v1/submissions",
                headers=bearer(token),
                files={"file": (path.name, handle, "application/octet-stream")},
                data=fields,
            )
        assert answer.status_code in (200, 202), answer.text
        run_jobs()
        return str(answer.json()["submission"]["id"])

    return send


# --- service: real Celery workers and bulk ingest (owner: issue-7 workers) -------------

#: The Redis database the Celery tests use (others' tests use other numbers).
CELERY_REDIS = "redis://127.0.0.1:6379/3"
KCZG = Path(sys.executable).parent / "kczg"


@dataclass
class WorkerProcess:
    """A ``kczg worker`` subprocess (its own process group) and its log file."""

    process: subprocess.Popen[bytes]
    log: Path

    def output(self) -> str:
        return self.log.read_text("utf-8", errors="replace")

    def kill(self) -> None:
        """SIGKILL to the worker and its children at once, as a machine going down."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()
        # Children of a killed worker may outlive it; none may linger after a test.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)


StartWorker = Callable[..., WorkerProcess]


@pytest.fixture
def celery_settings(service_settings: Any) -> Any:
    """``service_settings`` with the Celery queue on Redis database 3 (emptied first)
    and short leases, so that a killed worker's job comes back within seconds."""
    import redis

    from service.config import QueueKind

    client = redis.Redis.from_url(CELERY_REDIS, socket_timeout=5)
    client.flushdb()
    client.close()
    return service_settings.model_copy(
        update={"queue": QueueKind.CELERY, "redis_url": CELERY_REDIS, "lease_seconds": 2.0}
    )


def celery_env(settings: Any, data_dir: Path) -> dict[str, str]:
    """The environment a worker on another machine gets: same database and Redis, its own
    data directory."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("KCZG_")}
    env.update(
        DATABASE_URL=settings.url(),
        REDIS_URL=settings.redis_url,
        KCZG_QUEUE="celery",
        KCZG_DATA_DIR=str(data_dir),
        KCZG_LEASE_SECONDS=str(settings.lease_seconds),
        KCZG_MAX_ATTEMPTS=str(settings.max_attempts),
        KCZG_TIME_LIMIT=str(settings.time_limit),
    )
    return env


@pytest.fixture
def start_worker(celery_settings: Any, tmp_path: Path) -> Iterator[StartWorker]:
    """Factory: ``start_worker(data_dir=...)`` runs ``kczg worker`` (Celery, one child by
    default) and waits until it is ready; every worker is stopped after the test."""
    started: list[WorkerProcess] = []

    def start(*, data_dir: Path | None = None, concurrency: int = 1) -> WorkerProcess:
        folder = data_dir or tmp_path / f"worker-{len(started)}"
        log = tmp_path / f"worker-{len(started)}.log"
        with log.open("wb") as out:
            process = subprocess.Popen(
                [str(KCZG), "worker", "--concurrency", str(concurrency)],
                env=celery_env(celery_settings, folder),
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        worker = WorkerProcess(process, log)
        started.append(worker)
        deadline = time.monotonic() + 90
        while " ready." not in worker.output():
            if process.poll() is not None or time.monotonic() > deadline:
                worker.stop()
                pytest.fail(f"kczg worker did not start:\n{worker.output()[-3000:]}")
            time.sleep(0.2)
        return worker

    yield start
    for worker in started:
        worker.stop()
