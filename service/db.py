"""The project's database: PostgreSQL by ``DATABASE_URL``, else SQLite under the data dir.

Migrations run on first use (``alembic upgrade head``), so a fresh data directory or an
empty database is ready without a separate step.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine

DEFAULT_DATA_DIR = "./kczg-data"
SQLITE_NAME = "kczg.sqlite3"


def data_dir() -> Path:
    return Path(os.environ.get("KCZG_DATA_DIR") or DEFAULT_DATA_DIR)


def database_url() -> str:
    """``DATABASE_URL`` if set, else the SQLite file under ``KCZG_DATA_DIR``."""
    url = os.environ.get("DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{data_dir() / SQLITE_NAME}"


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    return config


def migrate(engine: Engine) -> None:
    """Brings the schema of ``engine``'s database to the newest revision."""
    config = _alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def make_engine(url: str | None = None) -> Engine:
    """A new engine on ``url`` (default: ``database_url()``), migrated."""
    url = url or database_url()
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url)
    migrate(engine)
    return engine


_cached_engines: list[Engine] = []


@cache
def _engine_for(url: str) -> Engine:
    engine = make_engine(url)
    _cached_engines.append(engine)
    return engine


def get_engine() -> Engine:
    """The shared engine of the configured database, migrated on first use."""
    return _engine_for(database_url())


def dispose_engines() -> None:
    """Closes the shared engines' connections (tests switch databases between runs)."""
    for engine in _cached_engines:
        engine.dispose()
    _cached_engines.clear()
    _engine_for.cache_clear()
