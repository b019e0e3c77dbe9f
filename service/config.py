"""The service's settings, read from the environment (pydantic-settings).

Every setting is an environment variable; the README lists them all. Nothing else
configures the service: one machine or several differ only in these values.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["FileStoreKind", "QueueKind", "Settings", "load_settings"]

SQLITE_NAME = "kczg.sqlite3"


class QueueKind(StrEnum):
    """Where jobs run: worker processes of this machine, or Celery workers via Redis."""

    LOCAL = "local"
    CELERY = "celery"


class FileStoreKind(StrEnum):
    """Where originals are kept: a directory of this machine, or the database itself."""

    AUTO = "auto"
    LOCAL = "local"
    DATABASE = "database"


class Settings(BaseSettings):
    """The environment the service, its workers and the CLI run in."""

    model_config = SettingsConfigDict(env_prefix="KCZG_", extra="ignore")

    data_dir: Path = Field(default=Path("./kczg-data"), description="SQLite file and originals.")
    database_url: str | None = Field(
        default=None,
        validation_alias=AliasChoices("DATABASE_URL", "KCZG_DATABASE_URL"),
        description="SQLAlchemy URL; default the SQLite file under the data dir.",
    )
    queue: QueueKind = QueueKind.LOCAL
    redis_url: str = Field(
        default="redis://127.0.0.1:6379/0",
        validation_alias=AliasChoices("REDIS_URL", "KCZG_REDIS_URL"),
    )
    file_store: FileStoreKind = FileStoreKind.AUTO
    workers: int = Field(default=2, ge=1, le=64, description="Local worker processes.")
    export_workers: int = Field(
        default=1, ge=1, le=16, description="Export processes; more exports at once get 503."
    )
    max_upload_mb: float = Field(default=50.0, gt=0)
    max_pages: int = Field(default=200, ge=1)
    time_limit: float = Field(default=120.0, gt=0, description="Seconds one file may take.")
    queue_depth: int = Field(default=1000, ge=1, description="Queued jobs before 503.")
    max_attempts: int = Field(default=3, ge=1)
    lease_seconds: float = Field(default=30.0, gt=0, description="Heartbeat lease of a job.")
    max_wait: float = Field(default=30.0, ge=0, description="Longest long-poll, seconds.")
    pilot_cities: Path | None = Field(
        default=None, description="CSV of the pilot cities; without it pilot_city is unknown."
    )
    cookie_secure: bool = Field(default=True, description="Session cookie only over HTTPS.")

    def url(self) -> str:
        """The database URL in force: ``DATABASE_URL``, else SQLite under the data dir."""
        return self.database_url or f"sqlite:///{self.data_dir / SQLITE_NAME}"

    def uses_postgresql(self) -> bool:
        return self.url().startswith("postgresql")

    def store_kind(self) -> FileStoreKind:
        """Originals go where every worker can reach them: the database when it is shared."""
        if self.file_store is not FileStoreKind.AUTO:
            return self.file_store
        return FileStoreKind.DATABASE if self.uses_postgresql() else FileStoreKind.LOCAL

    @property
    def max_upload_bytes(self) -> int:
        return int(self.max_upload_mb * 1024 * 1024)


def load_settings() -> Settings:
    """The settings the environment gives now (the app and each command read them once)."""
    return Settings()
