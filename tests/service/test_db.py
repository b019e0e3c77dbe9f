"""The database: where it is, and migrations that match the models."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, create_engine, inspect, text
from typer.testing import CliRunner

from service.cli import app
from service.db import (
    Base,
    database_url,
    dispose_engines,
    get_engine,
    is_current,
    make_engine,
    migrate,
)
from tests.conftest import POSTGRES_URL


def test_default_is_sqlite_under_the_data_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("KCZG_DATA_DIR", raising=False)
    assert database_url() == "sqlite:///kczg-data/kczg.sqlite3"


def test_database_url_wins_over_the_data_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KCZG_DATA_DIR", "/somewhere")
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://u@h/db")
    assert database_url() == "postgresql+psycopg://u@h/db"


def test_db_upgrade_creates_and_migrates_the_sqlite_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("KCZG_DATA_DIR", str(tmp_path / "data"))
    result = CliRunner().invoke(app, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    try:
        engine = get_engine()
        assert {"registry_entries", "submissions", "jobs", "tokens"} <= set(
            inspect(engine).get_table_names()
        )
        assert is_current(engine)
    finally:
        dispose_engines()
    assert (tmp_path / "data" / "kczg.sqlite3").is_file()


def test_an_engine_alone_does_not_migrate(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'fresh.sqlite3'}", upgrade=False)
    try:
        assert inspect(engine).get_table_names() == []
        assert not is_current(engine)
    finally:
        engine.dispose()


def test_migrations_match_the_models_and_run_twice(db_engine: Engine) -> None:
    migrate(db_engine)
    with db_engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []


def _backend_pid(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(text("SELECT pg_backend_pid()")).scalar_one())


def test_a_pooled_connection_the_server_dropped_while_idle_is_replaced(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import service.db.session as session

    url = os.environ.get("KCZG_TEST_POSTGRES_URL", POSTGRES_URL)
    engine = make_engine(url, upgrade=False)
    admin = create_engine(url)
    try:
        dropped = _backend_pid(engine)
        with admin.connect() as connection:
            connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": dropped})
        # Unused for longer than the pool trusts: pinged, found gone, replaced.
        monkeypatch.setattr(session, "PING_AFTER_IDLE", 0.0)
        assert _backend_pid(engine) != dropped
    finally:
        engine.dispose()
        admin.dispose()
