"""Tables of the project's database (SQLAlchemy 2 typed models).

A submission is one distinct original (by SHA-256) of one unit, with what was read from
it; a job is one run of the work on a submission, and the job row, not a message, is
the truth about that run: its state, attempts, lease and error.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

__all__ = [
    "AuditRow",
    "Base",
    "BlobRow",
    "JobAction",
    "JobRow",
    "JobState",
    "RegistryEntryRow",
    "RegistryVersionRow",
    "ReviewStatus",
    "SubmissionRow",
    "TokenRow",
    "UtcDateTime",
    "new_id",
    "shown_id",
    "utcnow",
]


def utcnow() -> datetime:
    """Now, in UTC, to the microsecond: rows made in one second still sort in order."""
    return datetime.now(UTC)


def new_id() -> str:
    """A random id: never sequential, so ids cannot be guessed from one another."""
    return str(uuid.uuid4())


def shown_id(value: str) -> str:
    """An id as a message may repeat it: a well-formed id as it is, anything else not at
    all (a token pasted where an id belongs must not be echoed back in an error)."""
    try:
        return str(uuid.UUID(value))
    except ValueError:
        return "(not an id)"


class UtcDateTime(TypeDecorator[datetime]):
    """A moment in UTC, read back with its time zone on every database.

    SQLite keeps no zone and hands back naive datetimes; they were written in UTC, and a
    naive one in an API answer is no RFC 3339 date-time.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None or value.tzinfo is not None:
            return value
        return value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    pass


class JobState(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELED = "canceled"

    @property
    def finished(self) -> bool:
        return self in (JobState.SUCCEEDED, JobState.FAILED, JobState.CANCELED)


class JobAction(StrEnum):
    """``extract`` reads the original and checks it; ``check`` re-checks the stored record."""

    EXTRACT = "extract"
    CHECK = "check"


class ReviewStatus(StrEnum):
    """Where a reviewer is with a submission: 未审, 已审, 退回."""

    PENDING = "pending"
    REVIEWED = "reviewed"
    RETURNED = "returned"


class RegistryEntryRow(Base):
    """One entry of an earlier list (list, edition, name, unit), as imported."""

    __tablename__ = "registry_entries"
    __table_args__ = (
        UniqueConstraint(
            "list_name", "edition", "normalised_name", "normalised_unit", name="uq_registry_entry"
        ),
        Index("ix_registry_entries_list_edition", "list_name", "edition"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    list_name: Mapped[str] = mapped_column(String(64))
    edition: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(500))
    #: ``eligibility.names.normalise_name`` of the name: what exact matching compares.
    normalised_name: Mapped[str] = mapped_column(String(500), index=True)
    unit: Mapped[str | None] = mapped_column(String(500))
    #: Normalised unit, "" when none: people of one name are told apart by their unit.
    normalised_unit: Mapped[str] = mapped_column(String(500), default="")
    source: Mapped[str] = mapped_column(String(1000))
    imported_at: Mapped[datetime] = mapped_column(
        UtcDateTime(), server_default=func.now()
    )


class RegistryVersionRow(Base):
    """One row whose number grows with every change to ``registry_entries``.

    Database triggers bump it (migration 0004), whichever code or person writes the
    entries, so a worker that keeps the registry in memory learns of an import by
    reading this one number instead of the entries.
    """

    __tablename__ = "registry_version"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, default=0)


class SubmissionRow(Base):
    """One distinct original of one recommending unit, and what was read and checked."""

    __tablename__ = "submissions"
    __table_args__ = (
        UniqueConstraint("sha256", "unit_key", name="uq_submission_file_unit"),
        Index("ix_submissions_form_edition", "form", "edition"),
        Index("ix_submissions_created", "created_at"),
        # The queue's sort and counts read these alone; SQLite keeps a row's columns after
        # its large JSON on overflow pages, so a covering index spares it reading them.
        Index(
            "ix_submissions_queue",
            "state",
            "verdict",
            "error_count",
            "review_status",
            "created_at",
            "id",
        ),
        Index("ix_submissions_flag_codes", "flag_count", "flag_codes"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    sha256: Mapped[str] = mapped_column(String(64))
    #: The unit, "" when none: the same bytes from two units are two submissions.
    unit_key: Mapped[str] = mapped_column(String(500), default="")
    filename: Mapped[str] = mapped_column(String(500))
    file_kind: Mapped[str] = mapped_column(String(16))
    size: Mapped[int] = mapped_column(BigInteger)
    declared_form: Mapped[str | None] = mapped_column(String(64))
    declared_edition: Mapped[int | None] = mapped_column(Integer)
    unit: Mapped[str | None] = mapped_column(String(500), index=True)
    channel: Mapped[str | None] = mapped_column(String(200))
    owner_token_id: Mapped[str | None] = mapped_column(String(36))
    created_at: Mapped[datetime] = mapped_column(
        UtcDateTime(), default=utcnow, server_default=func.now()
    )
    updated_at: Mapped[datetime] = mapped_column(
        UtcDateTime(), default=utcnow, server_default=func.now(), onupdate=utcnow
    )
    #: The state of the newest job: what the list shows without a join.
    state: Mapped[str] = mapped_column(String(16), default=JobState.QUEUED.value, index=True)
    form: Mapped[str | None] = mapped_column(String(64))
    edition: Mapped[int | None] = mapped_column(Integer)
    applicant: Mapped[str | None] = mapped_column(String(500))
    record: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    evaluation: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    verdict: Mapped[str | None] = mapped_column(String(32), index=True)
    error_count: Mapped[int] = mapped_column(Integer, default=0)
    flag_count: Mapped[int] = mapped_column(Integer, default=0)
    error_code: Mapped[str | None] = mapped_column(String(64))
    error_message: Mapped[str | None] = mapped_column(Text)
    extractor_version: Mapped[str | None] = mapped_column(String(32))
    #: The record as read, before reviewers' corrections; ``record`` has them applied.
    #: None while no correction is in force: ``record`` is then the record as read.
    extracted: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    #: The distinct flag codes of ``record``, space-separated: what the queue counts
    #: without reading records (text, so that an index can hold it).
    flag_codes: Mapped[str | None] = mapped_column(String(1000))
    review_status: Mapped[str] = mapped_column(
        String(16), default=ReviewStatus.PENDING.value, server_default="pending", index=True
    )
    review_comment: Mapped[str | None] = mapped_column(Text)


class AuditRow(Base):
    """One step of a reviewer's work on a submission; rows are only ever added.

    ``action`` is ``correct`` (``after`` is the new value), ``absent`` (the value is not
    on the form), ``restore`` (back to what was read) or ``status`` (``after`` is the
    review status). The corrections in force are the newest step of each field.
    """

    __tablename__ = "audit"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    submission_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("submissions.id", ondelete="CASCADE"), index=True
    )
    action: Mapped[str] = mapped_column(String(16))
    field: Mapped[str | None] = mapped_column(String(500))
    #: The value as read when the step was taken (a later re-reading is compared to it).
    before: Mapped[Any] = mapped_column(JSON, nullable=True)
    after: Mapped[Any] = mapped_column(JSON, nullable=True)
    reason: Mapped[str | None] = mapped_column(Text)
    actor_token_id: Mapped[str] = mapped_column(String(36))
    actor_name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, server_default=func.now()
    )


class JobRow(Base):
    """One run of work on a submission; workers claim it by a lease they keep renewing."""

    __tablename__ = "jobs"
    __table_args__ = (Index("ix_jobs_state_created", "state", "created_at"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    submission_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("submissions.id", ondelete="CASCADE"), index=True
    )
    action: Mapped[str] = mapped_column(String(16), default=JobAction.EXTRACT.value)
    state: Mapped[str] = mapped_column(String(16), default=JobState.QUEUED.value)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    max_attempts: Mapped[int] = mapped_column(Integer, default=3)
    lease_expires_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    worker: Mapped[str | None] = mapped_column(String(200))
    cancel_requested: Mapped[bool] = mapped_column(Boolean, default=False)
    error_code: Mapped[str | None] = mapped_column(String(64))
    error_message: Mapped[str | None] = mapped_column(Text)
    extractor_version: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(
        UtcDateTime(), default=utcnow, server_default=func.now()
    )
    started_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class TokenRow(Base):
    """An API token: only its SHA-256 is kept; the token itself is shown once."""

    __tablename__ = "tokens"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))
    unit: Mapped[str | None] = mapped_column(String(500))
    lists: Mapped[list[str]] = mapped_column(JSON, default=list)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    #: The first characters, so that a person can tell tokens apart in a listing.
    prefix: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), server_default=func.now())
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class BlobRow(Base):
    """An original's bytes, for the database file store that every machine can reach."""

    __tablename__ = "blobs"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    data: Mapped[bytes] = mapped_column(LargeBinary)
