"""The one conftest: factory fixtures shared by every test package."""

from __future__ import annotations

from collections.abc import Callable, Iterator
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
