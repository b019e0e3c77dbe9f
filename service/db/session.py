"""Engines and sessions on the configured database, and its migrations.

Migrations run once, explicitly: ``kczg db upgrade``, and at the start of the commands
that serve or work (``serve``, ``worker``, ``ingest``, ``check``, ``registry import``),
never lazily per engine. On PostgreSQL an advisory lock lets several machines start at
once without two of them migrating together.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.exc import DataError, DisconnectionError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import ConnectionPoolEntry

from service.config import load_settings
from service.errors import DatabaseError, InvalidInput

__all__ = [
    "autocommit",
    "database_url",
    "dispose_engines",
    "get_engine",
    "is_current",
    "make_engine",
    "migrate",
    "session_scope",
]

#: Any constant: the advisory lock that serialises migrations on PostgreSQL.
_MIGRATION_LOCK = 0x6B637A67


def database_url() -> str:
    """``DATABASE_URL`` if set, else the SQLite file under ``KCZG_DATA_DIR``."""
    return load_settings().url()


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    return config


def migrate(engine: Engine) -> None:
    """Brings the schema of ``engine``'s database to the newest revision."""
    config = _alembic_config()
    try:
        with engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _MIGRATION_LOCK})
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    except SQLAlchemyError as err:
        raise DatabaseError(
            f"迁移数据库失败（cannot migrate the database: {_reason(err)}）"
        ) from None


def is_current(engine: Engine) -> bool:
    """Whether the database is at the newest revision."""
    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision() == head


def _sqlite_pragmas(dbapi_connection: Any, _record: object) -> None:
    # WAL lets the server read while a worker process writes; the busy timeout makes
    # writers wait for each other instead of failing at once. In WAL mode, synchronous
    # NORMAL syncs at checkpoints instead of at every commit (6 ms each, twice per job):
    # a killed process still loses nothing; a power cut may lose the last commits, never
    # the database, and an original is still on disk before its row.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


#: A worker's results (a record is tens of KB of JSON) compressed with lz4 where the
#: server has it (PostgreSQL 14 on, built with it): about half the server's time of an
#: update with pglz, the default, for the same size; a value keeps the method it was
#: written with, so readers and older rows are unaffected.
_LZ4_RESULTS = (
    "SELECT set_config('default_toast_compression', 'lz4', false) FROM pg_settings"
    " WHERE name = 'default_toast_compression' AND 'lz4' = ANY(enumvals)"
)


def _commit_without_flush(dbapi_connection: Any, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("SET synchronous_commit = off")
    cursor.execute(_LZ4_RESULTS)
    cursor.close()
    dbapi_connection.commit()


#: Seconds a pooled connection may have stood unused and still be handed out without a
#: ping: one used that recently was alive then. A ping at every checkout cost a busy
#: worker or bulk ingest two round trips a file (each of its transactions takes a
#: connection); a server that went away meanwhile fails the next statement instead,
#: which is reported (503, a job sent again) and makes the pool replace its connections.
PING_AFTER_IDLE = 2.0


def _ping_when_idle(engine: Engine) -> None:
    """Pings a connection taken from the pool after ``PING_AFTER_IDLE`` seconds unused; one
    found gone is replaced (the pool retries a checkout refused with ``DisconnectionError``)."""
    dialect = engine.dialect

    @event.listens_for(engine, "checkin")
    def _returned(_dbapi_connection: Any, record: ConnectionPoolEntry) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _taken(dbapi_connection: Any, record: ConnectionPoolEntry, _proxy: object) -> None:
        since = record.info.get("idle_since")
        # A connection made just now needs no ping.
        if since is None or time.monotonic() - since <= PING_AFTER_IDLE:
            return
        try:
            dialect.do_ping(dbapi_connection)
        except dialect.loaded_dbapi.Error as err:
            raise DisconnectionError(str(err)) from err


def make_engine(url: str | None = None, *, upgrade: bool = True, durable: bool = True) -> Engine:
    """A new engine on ``url`` (default: ``database_url()``), migrated unless told not to.

    ``durable=False`` is for job workers, whose every write can be lost in a crash of the
    database server and made again (claims, leases, results read from an original that
    is stored durably): on PostgreSQL their commits then return before the WAL is
    flushed, which follows within a fraction of a second; a crash in between loses whole
    transactions, never half of one. SQLite commits so always (above).
    """
    url = url or database_url()
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        engine = create_engine(url)
        _ping_when_idle(engine)
        if not durable:
            event.listen(engine, "connect", _commit_without_flush)
    if upgrade:
        migrate(engine)
    return engine


_cached_engines: list[Engine] = []


@cache
def _engine_for(url: str) -> Engine:
    engine = make_engine(url, upgrade=False)
    _cached_engines.append(engine)
    return engine


def get_engine() -> Engine:
    """The shared engine of the configured database (migrated by the command that started)."""
    return _engine_for(database_url())


def dispose_engines() -> None:
    """Closes the shared engines' connections (tests switch databases between runs)."""
    for engine in _cached_engines:
        engine.dispose()
    _cached_engines.clear()
    _engine_for.cache_clear()


@cache
def _sessions(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One transaction: committed when the block ends, rolled back on any error.

    A database failure comes out as ``DatabaseError``, with the driver's words in it
    but no URL, so that no password reaches a message; a value the database refuses to
    store (PostgreSQL takes no NUL character in text) is the request's fault,
    ``InvalidInput``, not the database's.
    """
    session = _sessions(engine)()
    try:
        yield session
        session.commit()
    except BaseException as err:
        session.rollback()
        _raise_as_ours(err)
        raise
    finally:
        session.close()


@contextmanager
def autocommit(engine: Engine) -> Iterator[Connection]:
    """A connection whose every statement commits on its own, with no BEGIN or COMMIT
    sent: for a transaction of one statement. Errors come out as in ``session_scope``."""
    try:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            yield connection
    except BaseException as err:
        _raise_as_ours(err)
        raise


def _raise_as_ours(err: BaseException) -> None:
    """Raises a database failure as this project's error (see ``session_scope``)."""
    if isinstance(err, DataError):
        reason = _reason(err)
        raise InvalidInput(f"请求中有无法保存的值（a value cannot be stored: {reason}）") from err
    if isinstance(err, SQLAlchemyError):
        raise DatabaseError(f"数据库错误（database error: {_reason(err)}）") from err


def _reason(err: SQLAlchemyError) -> str:
    original = getattr(err, "orig", None)
    text_ = str(original or err.__class__.__name__).splitlines()[0]
    return text_[:200]
